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
            File.AppendAllText(summaryPath, report.ToMarkdown() + "\n");
        }
        if (environment.TryGetValue("GITHUB_OUTPUT", out var outputPath) && outputPath.Length > 0 && report.Outputs() is { Count: > 0 } outputs)
        {
            File.AppendAllText(outputPath, string.Concat(outputs.Select(o => $"{o.Name}={o.Value}\n")));
        }
    }
}
