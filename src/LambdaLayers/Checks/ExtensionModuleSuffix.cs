using System.Globalization;
using System.Text.RegularExpressions;
using LambdaLayers.Settings;

namespace LambdaLayers.Checks;

/// <summary>
/// The interpreter a CPython extension module's file name says it was built for. CPython on Linux loads
/// an extension only under one of three names (<c>importlib.machinery.EXTENSION_SUFFIXES</c>):
/// <c>.cpython-312-x86_64-linux-gnu.so</c> (its own version, ABI flags and platform), <c>.abi3.so</c> (the
/// stable ABI) and a plain <c>.so</c>. A module named for another version, a free-threaded (<c>t</c>) or
/// debug (<c>d</c>) build, another platform or PyPy is skipped by the import system, so the package fails
/// on Lambda with an ImportError, or silently falls back to slower pure-Python code.
/// </summary>
public static partial class ExtensionModuleSuffix
{
    /// <summary>
    /// What the file name asks for that the runtime lacks, as "is built for …", or null when the runtime
    /// loads it (or the name is not a tagged extension module at all).
    /// </summary>
    public static string? Mismatch(string fileName, LambdaRuntime runtime, NativeTarget target)
    {
        var cpython = CPythonSuffix().Match(fileName);
        if (cpython.Success)
        {
            var major = int.Parse(cpython.Groups["major"].Value, CultureInfo.InvariantCulture);
            var minor = int.Parse(cpython.Groups["minor"].Value, CultureInfo.InvariantCulture);
            var flags = cpython.Groups["flags"].Value;
            var platform = cpython.Groups["platform"].Value;
            var wanted = Expected(runtime, target);
            if (major == runtime.PythonMajor && minor == runtime.PythonMinor && flags.Length == 0 && platform == target.ExtensionPlatform)
            {
                return null;
            }
            var builds = new List<string>();
            if (major != runtime.PythonMajor || minor != runtime.PythonMinor)
            {
                builds.Add($"CPython {major}.{minor}");
            }
            if (flags.Contains('t'))
            {
                builds.Add("the free-threaded build");
            }
            if (flags.Contains('d'))
            {
                builds.Add("a debug build");
            }
            if (platform != target.ExtensionPlatform)
            {
                builds.Add(platform);
            }
            if (builds.Count == 0)
            {
                builds.Add($"ABI flags '{flags}'");
            }
            return $"is an extension module built for {string.Join(", ", builds)}, while {runtime.Name} on {target.Architecture.Name} loads only {wanted}, .abi3.so and .so";
        }
        if (PyPySuffix().IsMatch(fileName))
        {
            return $"is a PyPy extension module, while {runtime.Name} on {target.Architecture.Name} (CPython) loads only {Expected(runtime, target)}, .abi3.so and .so";
        }
        return null;
    }

    /// <summary>".cpython-312-x86_64-linux-gnu.so": the version-specific suffix the runtime loads.</summary>
    public static string Expected(LambdaRuntime runtime, NativeTarget target) =>
        $".cpython-{runtime.PythonMajor}{runtime.PythonMinor}-{target.ExtensionPlatform}.so";

    [GeneratedRegex(@"\.cpython-(?<major>\d)(?<minor>\d{1,2})(?<flags>[a-z]*)-(?<platform>[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*)\.so$")]
    private static partial Regex CPythonSuffix();

    [GeneratedRegex(@"\.pypy\d*-pp\d+-[A-Za-z0-9_-]+\.so$")]
    private static partial Regex PyPySuffix();
}
