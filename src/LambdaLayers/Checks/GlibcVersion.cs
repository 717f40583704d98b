using System.Globalization;
using System.Text.RegularExpressions;

namespace LambdaLayers.Checks;

/// <summary>
/// A glibc release (2.34) as a symbol version names it. Ordinary names carry the release that introduced
/// the symbol (<c>GLIBC_2.34</c>, <c>GLIBC_2.2.5</c>); a few marker versions name a feature of the dynamic
/// loader instead and are listed with the release that added it. Other names (<c>GLIBC_PRIVATE</c>) say
/// nothing about the release.
/// </summary>
public readonly partial record struct GlibcVersion(int Major, int Minor) : IComparable<GlibcVersion>
{
    // Marker versions: binaries linked with `-z pack-relative-relocs` need GLIBC_ABI_DT_RELR, which glibc
    // 2.36 introduced together with DT_RELR support; older loaders refuse them.
    private static readonly IReadOnlyDictionary<string, GlibcVersion> MarkerVersions = new Dictionary<string, GlibcVersion>(StringComparer.Ordinal)
    {
        ["GLIBC_ABI_DT_RELR"] = new(2, 36),
    };

    /// <summary>The glibc release a symbol version name requires, or null when the name says nothing about one.</summary>
    public static GlibcVersion? FromSymbolVersion(string name)
    {
        if (MarkerVersions.TryGetValue(name, out var marker))
        {
            return marker;
        }
        var match = SymbolVersion().Match(name);
        return match.Success
            ? new GlibcVersion(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))
            : null;
    }

    public int CompareTo(GlibcVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator >(GlibcVersion left, GlibcVersion right) => left.CompareTo(right) > 0;

    public static bool operator <(GlibcVersion left, GlibcVersion right) => left.CompareTo(right) < 0;

    public static bool operator >=(GlibcVersion left, GlibcVersion right) => left.CompareTo(right) >= 0;

    public static bool operator <=(GlibcVersion left, GlibcVersion right) => left.CompareTo(right) <= 0;

    public override string ToString() => $"{Major}.{Minor}";

    [GeneratedRegex(@"^GLIBC_(\d{1,3})\.(\d{1,3})(?:\.\d{1,3})?$")]
    private static partial Regex SymbolVersion();
}
