using Serilog;

namespace LambdaLayers.Packaging;

/// <summary>
/// Decides which files of <c>artifacts/python</c> go into the zip and under which path.
/// <para>
/// Distributions are excluded by exact (PEP 503-normalised) name, never by prefix, so excluding
/// <c>pip</c> keeps <c>pipdeptree</c>. An excluded distribution loses exactly the files its RECORD lists
/// (including those outside its package folder, such as <c>bin/pip</c>), its console scripts and its
/// dist-info folder. A file that a kept distribution's RECORD also lists stays (a shared namespace
/// <c>__init__.py</c>, say). File patterns then remove more, except inside the dist-info folders of kept
/// distributions, which are always kept so the layer still says what is installed.
/// </para>
/// </summary>
public sealed class LayerContentPlanner(ILogger log)
{
    private readonly ILogger _log = log.ForContext<LayerContentPlanner>();

    public LayerContents Plan(string pythonDirectory, string zipRoot, IReadOnlyList<string> excludes, IReadOnlyList<string> excludePatterns)
    {
        var files = LayerTreeWalker.Walk(pythonDirectory);
        var distributions = DistributionScanner.Scan(pythonDirectory);
        var excludedNames = excludes.Select(DistributionName.Normalize).ToHashSet(StringComparer.Ordinal);
        var excluded = distributions.Where(d => excludedNames.Contains(d.NormalizedName)).ToList();
        var kept = distributions.Where(d => !excludedNames.Contains(d.NormalizedName)).ToList();

        var ownerByPath = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var distribution in kept)
        {
            foreach (var file in distribution.RecordedFiles)
            {
                ownerByPath.TryAdd(file, distribution.Name);
            }
        }
        var keptDistInfo = kept.ToDictionary(d => d.DistInfoFolder, StringComparer.Ordinal);
        var excludedDistInfo = excluded.ToDictionary(d => d.DistInfoFolder, StringComparer.Ordinal);
        var removedBy = new Dictionary<string, InstalledDistribution>(StringComparer.Ordinal);
        foreach (var distribution in excluded)
        {
            foreach (var file in distribution.RecordedFiles.Concat(distribution.ScriptNames.Select(s => "bin/" + s)))
            {
                if (!ownerByPath.ContainsKey(file))
                {
                    removedBy.TryAdd(file, distribution);
                }
            }
        }

        var matcher = new ExcludePatternMatcher(excludePatterns);
        var entries = new List<ZipEntrySource>(files.Count);
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var removedPerDistribution = excluded.ToDictionary(d => d, _ => (Files: 0, Bytes: 0L));
        var leftOut = new List<LeftOutFile>();
        long patternBytes = 0;
        var patternFiles = 0;
        foreach (var file in files)
        {
            var rel = file.RelativePath;
            var slash = rel.IndexOf('/');
            var top = slash < 0 ? rel : rel[..slash];
            InstalledDistribution? owner = null;
            if (slash > 0 && excludedDistInfo.TryGetValue(top, out var excludedOwner))
            {
                leftOut.Add(new LeftOutFile(rel, file.Size, excludedOwner.Name));
                Count(removedPerDistribution, excludedOwner, file);
                continue;
            }
            if (slash > 0 && keptDistInfo.TryGetValue(top, out var distInfoOwner))
            {
                owner = distInfoOwner;
            }
            else if (removedBy.TryGetValue(rel, out var removingDistribution))
            {
                leftOut.Add(new LeftOutFile(rel, file.Size, removingDistribution.Name));
                Count(removedPerDistribution, removingDistribution, file);
                continue;
            }
            else if (matcher.IsExcluded(rel))
            {
                leftOut.Add(new LeftOutFile(rel, file.Size, null));
                patternFiles++;
                patternBytes += file.Size;
                continue;
            }
            var zipPath = zipRoot + rel;
            entries.Add(new ZipEntrySource(zipPath, file.SourcePath, file.Size, file.UnixMode));
            var ownerName = owner?.Name ?? ownerByPath.GetValueOrDefault(rel);
            if (ownerName is not null)
            {
                owners[zipPath] = ownerName;
            }
        }

        foreach (var (distribution, removed) in removedPerDistribution)
        {
            _log.Information("Excluded {Distribution} {Version}: {Files} files, {Bytes} bytes",
                distribution.Name, distribution.Version, removed.Files, removed.Bytes);
        }
        var absent = excludedNames.Except(excluded.Select(d => d.NormalizedName)).Order(StringComparer.Ordinal).ToList();
        if (absent.Count > 0)
        {
            _log.Debug("Excluded distributions not installed, nothing to remove: {Names}", absent);
        }
        if (patternFiles > 0)
        {
            _log.Information("Excluded {Files} files ({Bytes} bytes) matching {Patterns}", patternFiles, patternBytes, excludePatterns);
        }
        WarnAboutExcludedRequirements(kept, excludedNames);
        var excludedBytes = patternBytes + removedPerDistribution.Values.Sum(r => r.Bytes);
        var excludedFiles = patternFiles + removedPerDistribution.Values.Sum(r => r.Files);
        return new LayerContents(entries, owners, kept, excluded, excludedBytes, excludedFiles) { LeftOutFiles = leftOut };
    }

    // Requirements limited to an extra (marker mentions `extra`) are ignored: an installed distribution
    // does not need them unless that extra was asked for. Every other marker is taken to apply.
    private void WarnAboutExcludedRequirements(IReadOnlyList<InstalledDistribution> kept, IReadOnlySet<string> excludedNames)
    {
        foreach (var distribution in kept)
        {
            foreach (var requirement in distribution.Requires.Where(r => !r.ExtraOnly && excludedNames.Contains(r.NormalizedName)))
            {
                _log.Warning(
                    "{Distribution} requires {Required}, which is excluded from the layer: it must come from the Lambda runtime or another layer, " +
                    "or the function fails to import it (remove it from the excludes to ship it)",
                    distribution.Name, requirement.Name);
            }
        }
    }

    private static void Count(Dictionary<InstalledDistribution, (int Files, long Bytes)> counts, InstalledDistribution distribution, LayerFile file)
    {
        var (files, bytes) = counts[distribution];
        counts[distribution] = (files + 1, bytes + file.Size);
    }
}
