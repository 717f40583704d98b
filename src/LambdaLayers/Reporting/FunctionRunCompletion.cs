namespace LambdaLayers.Reporting;

/// <summary>
/// The end of a successful run of the function stages, the same for every front end: the report is made once, and
/// under GitHub Actions the step summary and the step outputs (<c>function-s3-key</c>, <c>function-code-sha256</c>, …)
/// are written.
/// </summary>
public static class FunctionRunCompletion
{
    public static FunctionRunReport Complete(FunctionRunSummary summary, IReadOnlyDictionary<string, string> environment)
    {
        var report = new FunctionRunReport(summary);
        GitHubActionsOutput.Write(report, environment);
        return report;
    }
}
