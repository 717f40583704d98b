using LambdaLayers.Checks;
using LambdaLayers.Packaging;

namespace LambdaLayers.Reporting;

/// <summary>
/// The summary rows about what PackageLayer checked and left out: the compatibility check, the import
/// smoke test (or why it was skipped), the bytecode step and the files it could not compile, the exclusions with their reasons, and warnings about them.
/// </summary>
public static class LayerCheckRows
{
    public static IEnumerable<(string Name, string Value)> For(PackageRecord report)
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
        if (report.Bytecode is { } bytecode)
        {
            yield return ("bytecode", bytecode.Summary);
            if (bytecode.Failures.Count > 0)
            {
                const int Shown = 5;
                var listed = string.Join("; ", bytecode.Failures.Take(Shown).Select(f => $"{f.Path} ({f.Error})"));
                yield return ("no bytecode", bytecode.Failures.Count > Shown
                    ? $"{listed}; and {bytecode.Failures.Count - Shown} more (layer.json lists them all)"
                    : listed);
            }
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
