namespace LambdaLayers.Packaging;

/// <summary>
/// What goes into the zip after exclusions: the files with their zip paths, which distribution owns each,
/// the distributions that were left out, and how many bytes the exclusions removed.
/// </summary>
public sealed record LayerContents(
    IReadOnlyList<ZipEntrySource> Entries,
    IReadOnlyDictionary<string, string> OwnerByZipPath,
    IReadOnlyList<InstalledDistribution> KeptDistributions,
    IReadOnlyList<InstalledDistribution> ExcludedDistributions,
    long ExcludedBytes,
    int ExcludedFiles)
{
    /// <summary>The bucket for files that no kept distribution's RECORD lists.</summary>
    public const string UnownedName = "(files of no distribution)";

    /// <summary>Every file left out, and by which excluded distribution (null: by a pattern).</summary>
    public IReadOnlyList<LeftOutFile> LeftOutFiles { get; init; } = [];

    public long UnzippedBytes => Entries.Sum(e => e.Size);

    /// <summary>
    /// These contents plus the compiled files of <paramref name="bytecode"/>, each owned by the distribution that owns
    /// its source (so per-distribution sizes include it). A compiled file replaces an entry at the same zip path.
    /// </summary>
    public LayerContents WithBytecode(BytecodeOutcome bytecode)
    {
        if (bytecode.Entries.Count == 0)
        {
            return this;
        }
        var added = bytecode.Entries.Select(e => e.Pyc.ZipPath).ToHashSet(StringComparer.Ordinal);
        var owners = new Dictionary<string, string>(OwnerByZipPath, StringComparer.Ordinal);
        foreach (var (pyc, source) in bytecode.Entries)
        {
            owners.Remove(pyc.ZipPath);
            if (OwnerByZipPath.TryGetValue(source, out var owner))
            {
                owners[pyc.ZipPath] = owner;
            }
        }
        var entries = Entries.Where(e => !added.Contains(e.ZipPath)).Concat(bytecode.Entries.Select(e => e.Pyc)).ToList();
        return this with { Entries = entries, OwnerByZipPath = owners };
    }

    /// <summary>Per-distribution unzipped sizes (zipped sizes are filled in after writing), largest first.</summary>
    public IReadOnlyList<DistributionSize> DistributionSizes(IReadOnlyDictionary<string, long>? zippedByPath = null)
    {
        var versions = KeptDistributions.ToDictionary(d => d.Name, d => d.Version);
        return Entries
            .GroupBy(e => OwnerByZipPath.TryGetValue(e.ZipPath, out var owner) ? owner : UnownedName)
            .Select(g => new DistributionSize(
                g.Key,
                versions.GetValueOrDefault(g.Key),
                g.Sum(e => e.Size),
                zippedByPath is null ? 0 : g.Sum(e => zippedByPath.GetValueOrDefault(e.ZipPath)),
                g.Count()))
            .OrderByDescending(d => d.UnzippedBytes)
            .ThenBy(d => d.Name, StringComparer.Ordinal)
            .ToList();
    }
}
