using LambdaLayers.FileSystem;

namespace LambdaLayers.Reporting;

/// <summary>
/// Under GitHub Actions, appends the summary to the job's step summary and the layer ARN and version to the
/// step's outputs (<c>steps.&lt;id&gt;.outputs.layer-version-arn</c>), so later steps can use the layer. With several
/// matrix entries each output is a JSON object keyed by entry name (<see cref="LayerMatrixReport.Outputs"/>).
/// </summary>
public static class GitHubActionsOutput
{
    public static void Write(LayerMatrixReport report, IReadOnlyDictionary<string, string> environment)
    {
        if (!environment.TryGetValue("GITHUB_ACTIONS", out var actions) || actions != "true")
        {
            return;
        }
        if (environment.TryGetValue("GITHUB_STEP_SUMMARY", out var summaryPath) && summaryPath.Length > 0)
        {
            Append("GITHUB_STEP_SUMMARY", summaryPath, report.ToMarkdown() + "\n");
        }
        if (environment.TryGetValue("GITHUB_OUTPUT", out var outputPath) && outputPath.Length > 0 && report.Outputs() is { Count: > 0 } outputs)
        {
            Append("GITHUB_OUTPUT", outputPath, string.Concat(outputs.Select(o => $"{o.Name}={o.Value}\n")));
        }
    }

    // The runner makes these regular files; anything else there (a FIFO would block the write until someone reads
    // it) or a write that fails is named with its variable.
    private static void Append(string variable, string path, string text)
    {
        var kind = FileKinds.OfTarget(path);
        try
        {
            if (kind is not (FileKind.Regular or FileKind.Missing))
            {
                throw new IOException($"it is {FileKinds.Describe(kind)}, not a regular file");
            }
            File.AppendAllText(path, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LayerException(
                $"Cannot write to '{path}' ({variable}): {(e is UnauthorizedAccessException ? "permission denied" : e.Message.TrimEnd('.'))}. " +
                $"The layer itself is done; point {variable} at a writable file (GitHub Actions sets it), or unset it outside GitHub Actions.", e);
        }
    }
}
