using LambdaLayers.Settings;
using Serilog;

namespace LambdaLayers.Publishing;

/// <summary>
/// Before a matrix run builds anything: which entries a live layer version already serves. Which entries share a
/// layer depends on their zips, which a fresh machine has not built, so the names a layer of each entry can have
/// (<see cref="PublicationGroups.CandidateNames"/>) are asked in turn, most merged first, until every entry is
/// accounted for. The newest version of a name serves an entry when its compatible runtimes and architectures name
/// the entry and its Description carries <see cref="PublicationGroups.Marker"/> of every entry it names: then it was
/// published from exactly these inputs, and its CodeSha256 is the entry's zip, without building it. A zip packaged
/// here with other bytes overrules it, as in the single case.
/// </summary>
public static class MatrixLiveLayers
{
    /// <summary>Per entry, the live version that serves it, or null.</summary>
    /// <param name="fingerprints">Per entry, its fingerprint.</param>
    /// <param name="localCodeSha256">Per entry, the CodeSha256 of a layer.zip packaged here for its fingerprint, or null.</param>
    public static async Task<IReadOnlyList<(string LayerName, LayerVersion Version)?>> FindAsync(LambdaLayerClient lambda, LayerMatrix matrix,
        string layerName, IReadOnlyList<string> fingerprints, IReadOnlyList<string?> localCodeSha256, ILogger log, CancellationToken ct)
    {
        var entries = matrix.Entries;
        var serving = new (string LayerName, LayerVersion Version)?[entries.Count];
        foreach (var (name, could) in PublicationGroups.CandidateNames(matrix, layerName))
        {
            if (could.All(i => serving[i] is not null))
            {
                continue;
            }
            var newest = (await lambda.ListAllLayerVersionsAsync(name, ct)).MaxBy(v => v.Version);
            if (newest is null || LayerDescription.FingerprintOf(newest.Description) is not { } marker)
            {
                continue;
            }
            var version = await lambda.GetLayerVersionAsync(name, newest.Version, ct);
            var members = Enumerable.Range(0, entries.Count)
                .Where(i => version.CompatibleRuntimes.Contains(entries[i].Runtime.Name, StringComparer.Ordinal) &&
                            version.CompatibleArchitectures.Contains(entries[i].Architecture.Name, StringComparer.Ordinal))
                .ToArray();
            if (members.Length == 0 || PublicationGroups.Marker(members.Select(i => fingerprints[i])) != marker)
            {
                log.Information("The newest version {Version} of {Layer} was built from other inputs", newest.Version, name);
                continue;
            }
            var differing = members.Where(i => localCodeSha256[i] is { } local && local != version.CodeSha256).ToArray();
            if (differing.Length > 0)
            {
                log.Information("Version {Version} of {Layer} carries the fingerprint of {Entry}, but layer.zip here has other bytes; PublishLayer will compare them",
                    version.Version, name, entries[differing[0]].MatrixEntry);
                continue;
            }
            foreach (var i in members.Where(i => serving[i] is null))
            {
                serving[i] = (name, version);
                log.Information("[{Entry}] The live layer is current: version {Version} of {Layer} ({Arn}) carries its fingerprint; nothing to build or package",
                    entries[i].MatrixEntry, version.Version, name, version.LayerVersionArn);
            }
        }
        return serving;
    }
}
