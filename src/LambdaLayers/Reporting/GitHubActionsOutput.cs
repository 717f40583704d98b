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

    /// <summary>
    /// The function's summary, and under <c>steps.&lt;id&gt;.outputs</c> where its code is: <c>function-s3-bucket</c>,
    /// <c>function-s3-key</c>, <c>function-s3-version</c>, <c>function-code-sha256</c> (base64, as Lambda and Terraform
    /// take it), <c>function-result</c> and, when one was published, <c>function-version</c>.
    /// </summary>
    public static void Write(FunctionRunReport report, IReadOnlyDictionary<string, string> environment)
    {
        if (!environment.TryGetValue("GITHUB_ACTIONS", out var actions) || actions != "true")
        {
            return;
        }
        if (environment.TryGetValue("GITHUB_STEP_SUMMARY", out var summaryPath) && summaryPath.Length > 0)
        {
            Append("GITHUB_STEP_SUMMARY", summaryPath, report.ToMarkdown() + "\n");
        }
        if (environment.TryGetValue("GITHUB_OUTPUT", out var outputPath) && outputPath.Length > 0 && report.Summary.Deployment is { } deployment)
        {
            Append("GITHUB_OUTPUT", outputPath,
                $"function-s3-bucket={deployment.S3Bucket}\nfunction-s3-key={deployment.S3Key}\nfunction-s3-version={deployment.S3ObjectVersion ?? ""}\n" +
                $"function-code-sha256={deployment.CodeSha256}\nfunction-result={deployment.Result}\n" +
                (deployment.FunctionVersion is null ? "" : $"function-version={deployment.FunctionVersion}\n"));
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
