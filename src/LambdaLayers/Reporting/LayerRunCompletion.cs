namespace LambdaLayers.Reporting;

/// <summary>
/// The end of a successful run, the same for every front end: the report (summary text, Markdown, JSON) is
/// made once, and under GitHub Actions the step summary and the step outputs (<c>layer-version-arn</c>, …) are
/// written. The front end prints the report where its output goes: the CLI on stdout (text or --json), a NUKE
/// build through its log.
/// </summary>
public static class LayerRunCompletion
{
    public static LayerMatrixReport Complete(LayerMatrixSummary summary, IReadOnlyDictionary<string, string> environment)
    {
        var report = new LayerMatrixReport(summary);
        GitHubActionsOutput.Write(report, environment);
        return report;
    }
}
