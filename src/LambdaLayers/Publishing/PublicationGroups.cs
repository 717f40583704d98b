using System.Security.Cryptography;
using System.Text;
using LambdaLayers.Settings;

namespace LambdaLayers.Publishing;

/// <summary>
/// Which layers a matrix run publishes and what they are called (DESIGN §2, "Matrix naming"), as AWS names its own
/// layers (<c>…-python312-arm64</c>):
/// <list type="number">
/// <item>Entries whose layer.zip has the same SHA-256 are one layer: a pure-Python layer is byte-identical for
/// x86_64 and arm64 and is published once, compatible with both.</item>
/// <item>A layer version lists its runtimes and architectures independently, so it claims every combination of
/// them. Entries with one zip are published together only when they are every such combination; otherwise they are
/// split by runtime (each part is then one runtime with its architectures).</item>
/// <item>The name is the layer name plus a suffix for each dimension that varies in the matrix and in which the
/// layer serves one value: <c>-python312</c>, <c>-arm64</c>. A dimension the layer serves several values of is
/// merged and gets no suffix.</item>
/// <item>Layers that would get the same name (only when zips repeat in a pattern no rectangle covers) are split into
/// one layer per entry, named with every suffix.</item>
/// </list>
/// Everything here is a function of the matrix and the zips' hashes, so every machine names the same way.
/// </summary>
public static class PublicationGroups
{
    /// <summary>The layers to publish for the matrix, in entry order.</summary>
    /// <param name="zipSha256">Per entry, the lower-case hex SHA-256 of its layer.zip.</param>
    /// <param name="fingerprints">Per entry, its fingerprint.</param>
    public static IReadOnlyList<PublicationGroup> Plan(LayerMatrix matrix, string layerName, IReadOnlyList<string> fingerprints, IReadOnlyList<string> zipSha256)
    {
        var entries = matrix.Entries;
        var groups = new List<int[]>();
        foreach (var sameZip in Enumerable.Range(0, entries.Count).GroupBy(i => zipSha256[i], StringComparer.OrdinalIgnoreCase))
        {
            var members = sameZip.ToArray();
            var runtimes = members.Select(i => entries[i].Runtime).Distinct().ToArray();
            var architectures = members.Select(i => entries[i].Architecture).Distinct().ToArray();
            if (members.Length == runtimes.Length * architectures.Length)
            {
                groups.Add(members);
            }
            else
            {
                groups.AddRange(runtimes.Select(runtime => members.Where(i => entries[i].Runtime == runtime).ToArray()));
            }
        }

        var named = groups.Select(members => (Members: members, Name: NameOf(matrix, layerName, members))).ToList();
        var colliding = named.GroupBy(g => g.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        var final = named
            .SelectMany(g => colliding.Contains(g.Name)
                ? g.Members.Select(i => (Members: new[] { i }, Name: NameOf(matrix, layerName, [i])))
                : [g])
            .OrderBy(g => g.Members.Min())
            .ToList();

        return final.Select(g => new PublicationGroup(Publication(matrix, layerName, g.Name, g.Members, fingerprints), g.Members)).ToArray();
    }

    /// <summary>
    /// The names a layer serving each entry can have, most merged first, each with the entries it could serve: the
    /// layer name, then with a runtime suffix, an architecture suffix, and both. What a later run looks up when it
    /// asks the live layers which entries are already published, before building anything.
    /// </summary>
    public static IReadOnlyList<(string Name, IReadOnlyList<int> Entries)> CandidateNames(LayerMatrix matrix, string layerName)
    {
        var entries = matrix.Entries;
        var all = Enumerable.Range(0, entries.Count).ToArray();
        var runtimesVary = matrix.Runtimes.Count > 1;
        var architecturesVary = matrix.Architectures.Count > 1;
        var candidates = new List<(string, IReadOnlyList<int>)> { (layerName, all) };
        if (runtimesVary)
        {
            candidates.AddRange(matrix.Runtimes.Select(r => ($"{layerName}-{r.LayerNameToken}", (IReadOnlyList<int>)all.Where(i => entries[i].Runtime == r).ToArray())));
        }
        if (architecturesVary)
        {
            candidates.AddRange(matrix.Architectures.Select(a => ($"{layerName}-{a.LayerNameToken}", (IReadOnlyList<int>)all.Where(i => entries[i].Architecture == a).ToArray())));
        }
        if (runtimesVary && architecturesVary)
        {
            candidates.AddRange(all.Select(i => ($"{layerName}-{entries[i].Runtime.LayerNameToken}-{entries[i].Architecture.LayerNameToken}", (IReadOnlyList<int>)[i])));
        }
        return candidates;
    }

    /// <summary>
    /// What the Description of a layer serving <paramref name="fingerprints"/> carries: the fingerprint itself for one
    /// entry (so a single layer and a matrix entry of the same inputs are the same layer), else a SHA-256 over the
    /// sorted fingerprints. Each fingerprint already holds its runtime and architecture, so the marker says exactly
    /// which inputs the version serves, in 64 characters whatever the matrix's size.
    /// </summary>
    public static string Marker(IEnumerable<string> fingerprints)
    {
        var sorted = fingerprints.Select(f => f.ToLowerInvariant()).Order(StringComparer.Ordinal).ToArray();
        if (sorted.Length == 1)
        {
            return sorted[0];
        }
        var text = "lambda-layers matrix\n" + string.Join('\n', sorted);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The name of a layer serving <paramref name="members"/> (indexes into the matrix's entries).</summary>
    public static string NameOf(LayerMatrix matrix, string layerName, IReadOnlyCollection<int> members)
    {
        var runtimes = members.Select(i => matrix.Entries[i].Runtime).Distinct().ToArray();
        var architectures = members.Select(i => matrix.Entries[i].Architecture).Distinct().ToArray();
        var name = new StringBuilder(layerName);
        if (matrix.Runtimes.Count > 1 && runtimes.Length == 1)
        {
            name.Append('-').Append(runtimes[0].LayerNameToken);
        }
        if (matrix.Architectures.Count > 1 && architectures.Length == 1)
        {
            name.Append('-').Append(architectures[0].LayerNameToken);
        }
        return name.ToString();
    }

    private static LayerPublication Publication(LayerMatrix matrix, string layerName, string name, IReadOnlyList<int> members, IReadOnlyList<string> fingerprints)
    {
        var settings = matrix.Settings;
        var runtimes = matrix.Runtimes.Where(r => members.Any(i => matrix.Entries[i].Runtime == r)).Select(r => r.Name).ToArray();
        var architectures = matrix.Architectures.Where(a => members.Any(i => matrix.Entries[i].Architecture == a)).Select(a => a.Name).ToArray();
        // compatible-runtimes and compatible-architectures apply only where the matrix has one value (LayerMatrix.Expand).
        var suffix = name.Length > layerName.Length ? name[(layerName.Length + 1)..] : "";
        return new LayerPublication(
            name,
            Marker(members.Select(i => fingerprints[i])),
            matrix.Runtimes.Count == 1 && settings.CompatibleRuntimes.Count > 0 ? settings.CompatibleRuntimes : runtimes,
            matrix.Architectures.Count == 1 && settings.CompatibleArchitectures.Count > 0 ? settings.CompatibleArchitectures : architectures,
            suffix.Length == 0 ? settings.Prefix : string.IsNullOrEmpty(settings.Prefix) ? suffix : $"{settings.Prefix}/{suffix}")
        {
            Entries = members.Select(i => matrix.Entries[i].MatrixEntry ?? LayerMatrix.EntryName(matrix.Entries[i].Runtime, matrix.Entries[i].Architecture)).ToArray(),
        };
    }
}
