using LambdaLayers.Checks;
using LambdaLayers.Packaging;

namespace LambdaLayers.Reporting;

/// <summary>
/// The summary rows about what PackageLayer checked and left out: the compatibility check, the import
/// smoke test (or why it was skipped), the exclusions with their reasons, and warnings about them.
/// </summary>
public static class LayerCheckRows
{
    public static IEnumerable<(string Name, string Value)> For(LayerPackageReport report)
    {
        if (report.Compatibility is { } compatibility)
        {
            var problems = compatibility.Count(d => d.Result == DistributionCheck.ProblemResult);
            yield return ("check", problems == 0
                ? $"ok: {compatibility.Count} distributions fit the runtime"
                : $"{problems} of {compatibility.Count} distributions do not fit the runtime");
        }
        if (report.SmokeTest is { } smoke)
        {
            yield return ("smoke test", smoke.Summary);
        }
        if (report.LeftOut is { Count: > 0 } leftOut)
        {
            yield return ("left out", string.Join("; ", leftOut.Select(l => $"{l.What} ({l.Reason}, {l.Files} files, {LayerRunReport.Size(l.Bytes)})")));
        }
        foreach (var warning in report.Warnings ?? [])
        {
            yield return ("warning", warning);
        }
    }
}
