using LambdaLayers.Packaging;
using LambdaLayers.Settings;
using Serilog;

namespace LambdaLayers.Checks;

/// <summary>
/// Looks at what the exclusions removed: lists each excluded distribution and the pattern matches with
/// the reason, warns when a default exclusion drops a distribution the project asks for directly (the
/// user pinned it, and the layer silently ships without it), and when an <c>--exclude</c> name matches no
/// installed distribution (usually a misspelling, so what was meant to go stays in).
/// </summary>
public sealed class ExclusionReview(ILogger log)
{
    private const int InstalledNamesShown = 12;

    private readonly ILogger _log = log.ForContext<ExclusionReview>();

    public (IReadOnlyList<LeftOutItem> LeftOut, IReadOnlyList<string> Warnings) Review(LayerSettings settings, LayerContents contents)
    {
        var defaultsActive = LayerSettings.DefaultExcludes.All(d => settings.Excludes.Contains(d, StringComparer.OrdinalIgnoreCase));
        var userExcludes = settings.Excludes
            .Where(e => !defaultsActive || !ExclusionReasons.IsDefault(e))
            .Select(DistributionName.Normalize)
            .ToHashSet(StringComparer.Ordinal);

        var leftOut = new List<LeftOutItem>();
        var filesByDistribution = contents.LeftOutFiles.Where(f => f.Distribution is not null).ToLookup(f => f.Distribution!, StringComparer.Ordinal);
        foreach (var distribution in contents.ExcludedDistributions)
        {
            var files = filesByDistribution[distribution.Name].ToList();
            leftOut.Add(new LeftOutItem($"{distribution.Name} {distribution.Version}".Trim(), ExclusionReasons.For(distribution.Name, userExcludes),
                files.Count, files.Sum(f => f.Size)));
        }
        var patternFiles = contents.LeftOutFiles.Where(f => f.Distribution is null).ToList();
        if (patternFiles.Count > 0)
        {
            leftOut.Add(new LeftOutItem($"files matching {string.Join(", ", settings.ExcludePatterns)}", "exclude-pattern",
                patternFiles.Count, patternFiles.Sum(f => f.Size)));
        }

        var warnings = new List<string>();
        var direct = DirectRequirements.Read(settings);
        foreach (var distribution in contents.ExcludedDistributions)
        {
            var normalized = distribution.NormalizedName;
            if (!userExcludes.Contains(normalized) && direct.TryGetValue(normalized, out var source))
            {
                var provided = LambdaRuntimePackages.ModulesByDistribution.ContainsKey(normalized)
                    ? $"Lambda's runtime brings its own {distribution.Name}, not the {distribution.Version} you pinned"
                    : $"the function cannot import {distribution.Name} unless another layer provides it";
                warnings.Add($"{distribution.Name} is a direct dependency of the project ({source}), but the default exclusions leave it out of the layer " +
                             $"({ExclusionReasons.For(distribution.Name, userExcludes)}): {provided}. To ship it, pass --no-default-excludes " +
                             "(and --exclude for the defaults you still want left out).");
            }
        }
        var installed = contents.KeptDistributions.Concat(contents.ExcludedDistributions).Select(d => d.NormalizedName).ToHashSet(StringComparer.Ordinal);
        foreach (var name in userExcludes.Where(n => !installed.Contains(n)).Order(StringComparer.Ordinal))
        {
            var names = installed.Order(StringComparer.Ordinal).ToList();
            var shown = string.Join(", ", names.Take(InstalledNamesShown)) + (names.Count > InstalledNamesShown ? ", …" : "");
            warnings.Add($"--exclude {name} matches no distribution installed in the layer, so it removes nothing; check the spelling " +
                         $"(installed: {(names.Count == 0 ? "none" : shown)}).");
        }
        foreach (var warning in warnings)
        {
            _log.Warning("{Warning}", warning);
        }
        return (leftOut, warnings);
    }
}
