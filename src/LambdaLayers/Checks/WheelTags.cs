using System.Globalization;
using System.Text.RegularExpressions;
using LambdaLayers.Settings;

namespace LambdaLayers.Checks;

/// <summary>
/// What a wheel's compatibility tags (PEP 425, the <c>Tag:</c> lines of <c>*.dist-info/WHEEL</c>) claim,
/// judged against a Lambda runtime and architecture. A tag is <c>python-abi-platform</c>, each part
/// possibly a '.'-joined set; a wheel fits when one of its tags fits. The tag is what the installer saw;
/// the files themselves are checked separately, since a <c>py3-none-any</c> wheel can still carry a
/// <c>.so</c>.
/// </summary>
public static partial class WheelTags
{
    // The glibc release each legacy manylinux name stands for (PEP 600's aliases).
    private static readonly IReadOnlyDictionary<string, GlibcVersion> LegacyManylinux = new Dictionary<string, GlibcVersion>(StringComparer.Ordinal)
    {
        ["manylinux1"] = new(2, 5),
        ["manylinux2010"] = new(2, 12),
        ["manylinux2014"] = new(2, 17),
    };

    // Platform families that can never load on Lambda, and how to say so.
    private static readonly IReadOnlyList<(string Prefix, string Description)> ForeignPlatforms =
    [
        ("musllinux_", "musl libc (Alpine Linux); Lambda's Amazon Linux uses glibc"),
        ("macosx_", "macOS"),
        ("win", "Windows"),
        ("ios_", "iOS"),
        ("android_", "Android"),
    ];

    /// <summary>The <c>Tag:</c> values of a WHEEL file, or an empty list when it has none or does not exist.</summary>
    public static IReadOnlyList<string> Read(string wheelFile)
    {
        if (!File.Exists(wheelFile))
        {
            return [];
        }
        var tags = new List<string>();
        foreach (var line in File.ReadLines(wheelFile))
        {
            if (line.StartsWith("Tag:", StringComparison.OrdinalIgnoreCase))
            {
                var tag = line[4..].Trim();
                if (tag.Length > 0)
                {
                    tags.Add(tag);
                }
            }
        }
        return tags;
    }

    /// <summary>
    /// Null when one of <paramref name="tags"/> fits the runtime and architecture (or there are none);
    /// otherwise why the first one does not ("built for CPython 3.11; needs glibc 2.34").
    /// </summary>
    public static string? Mismatch(IReadOnlyList<string> tags, LambdaRuntime runtime, LambdaArchitecture architecture)
    {
        string? first = null;
        foreach (var tag in tags)
        {
            var reasons = Reasons(tag, runtime, architecture);
            if (reasons.Count == 0)
            {
                return null;
            }
            first ??= string.Join("; ", reasons);
        }
        return first;
    }

    /// <summary>The glibc a manylinux platform tag requires, or null for other platforms.</summary>
    public static GlibcVersion? ManylinuxGlibc(string platform)
    {
        var match = Manylinux().Match(platform);
        if (match.Success)
        {
            return new GlibcVersion(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
        }
        var legacy = LegacyManylinuxTag().Match(platform);
        return legacy.Success ? LegacyManylinux[legacy.Groups[1].Value] : null;
    }

    private static List<string> Reasons(string tag, LambdaRuntime runtime, LambdaArchitecture architecture)
    {
        var parts = tag.Split('-');
        if (parts.Length != 3)
        {
            return [$"'{tag}' is not a python-abi-platform tag"];
        }
        // A compressed tag set fits when some combination fits; otherwise report the first combination's reasons.
        List<string>? firstReasons = null;
        foreach (var python in parts[0].Split('.'))
        {
            foreach (var abi in parts[1].Split('.'))
            {
                foreach (var platform in parts[2].Split('.'))
                {
                    var reasons = new List<string>();
                    if (InterpreterMismatch(python, abi, runtime) is { } interpreter)
                    {
                        reasons.Add(interpreter);
                    }
                    if (PlatformMismatch(platform, runtime, architecture) is { } platformReason)
                    {
                        reasons.Add(platformReason);
                    }
                    if (reasons.Count == 0)
                    {
                        return reasons;
                    }
                    firstReasons ??= reasons;
                }
            }
        }
        return firstReasons ?? [$"'{tag}' names no interpreter, ABI or platform"];
    }

    private static string? InterpreterMismatch(string python, string abi, LambdaRuntime runtime)
    {
        var minor = runtime.PythonMinor;
        var abiMatch = CPythonAbi().Match(abi);
        if (abiMatch.Success)
        {
            var abiMinor = int.Parse(abiMatch.Groups[2].Value, CultureInfo.InvariantCulture);
            var flags = abiMatch.Groups[3].Value;
            if (abiMatch.Groups[1].Value != runtime.PythonMajor.ToString(CultureInfo.InvariantCulture) || abiMinor != minor)
            {
                return $"built for the ABI of CPython {abiMatch.Groups[1].Value}.{abiMinor}";
            }
            if (flags.Contains('t'))
            {
                return "built for free-threaded CPython, which Lambda does not run";
            }
            if (flags.Contains('d'))
            {
                return "built for a debug build of CPython";
            }
        }
        else if (abi != "none" && abi != "abi3")
        {
            return $"built for the ABI '{abi}'";
        }

        var pythonMatch = PythonTag().Match(python);
        if (!pythonMatch.Success)
        {
            return python.StartsWith("pp", StringComparison.Ordinal) ? "built for PyPy" : $"built for the interpreter '{python}'";
        }
        var implementation = pythonMatch.Groups[1].Value;
        var major = int.Parse(pythonMatch.Groups[2].Value, CultureInfo.InvariantCulture);
        var taggedMinor = pythonMatch.Groups[3].Success && pythonMatch.Groups[3].Value.Length > 0
            ? int.Parse(pythonMatch.Groups[3].Value, CultureInfo.InvariantCulture)
            : (int?)null;
        if (major != runtime.PythonMajor)
        {
            return $"built for Python {major}";
        }
        // cpXY with a version-specific ABI must match exactly; py3Y, and cpXY with abi3 or none, run on Y and later.
        var exact = implementation == "cp" && abi != "abi3" && abi != "none";
        if (taggedMinor is { } tagged && (exact ? tagged != minor : tagged > minor))
        {
            return $"built for CPython {major}.{tagged}{(exact ? "" : " or later")}";
        }
        return null;
    }

    private static string? PlatformMismatch(string platform, LambdaRuntime runtime, LambdaArchitecture architecture)
    {
        if (platform == "any")
        {
            return null;
        }
        var arch = architecture.WheelTagSuffix;
        var glibc = ManylinuxGlibc(platform);
        if (glibc is not null)
        {
            var tagArch = ArchitectureOf(platform);
            var runtimeGlibc = new GlibcVersion(2, runtime.GlibcMinor);
            if (tagArch != arch)
            {
                return $"built for {tagArch}, not {arch}";
            }
            return glibc > runtimeGlibc ? $"needs glibc {glibc} ({runtime.Name} has {runtimeGlibc})" : null;
        }
        if (platform.StartsWith("linux_", StringComparison.Ordinal))
        {
            // Built on some Linux host (from an sdist, or a wheel not made for PyPI): its glibc needs are
            // unknown from the tag; the ELF check of its files decides.
            var tagArch = platform["linux_".Length..];
            return tagArch == arch ? null : $"built for {tagArch}, not {arch}";
        }
        foreach (var (prefix, description) in ForeignPlatforms)
        {
            if (platform.StartsWith(prefix, StringComparison.Ordinal))
            {
                return $"built for {description}";
            }
        }
        return $"built for the platform '{platform}'";
    }

    // manylinux_2_17_x86_64 → x86_64; manylinux2014_aarch64 → aarch64.
    private static string ArchitectureOf(string platform)
    {
        var match = Manylinux().Match(platform);
        if (match.Success)
        {
            return match.Groups[3].Value;
        }
        var legacy = LegacyManylinuxTag().Match(platform);
        return legacy.Success ? legacy.Groups[2].Value : platform;
    }

    [GeneratedRegex(@"^manylinux_(\d+)_(\d+)_(.+)$")]
    private static partial Regex Manylinux();

    [GeneratedRegex(@"^(manylinux1|manylinux2010|manylinux2014)_(.+)$")]
    private static partial Regex LegacyManylinuxTag();

    [GeneratedRegex(@"^cp(\d)(\d+)([a-z]*)$")]
    private static partial Regex CPythonAbi();

    [GeneratedRegex(@"^(py|cp)(\d)(\d*)$")]
    private static partial Regex PythonTag();
}
