using System.Security.Cryptography;
using System.Text;
using LambdaLayers.FileSystem;
using LambdaLayers.Settings;

namespace LambdaLayers.Pipeline;

/// <summary>
/// A SHA-256 over everything that decides the layer's content: the manifest bytes, tool, runtime,
/// architecture, mode, image, groups and extras, excludes, extra tool arguments, zip layout, the bytecode
/// setting and the packager's format version. Equal fingerprints mean an equal layer, which is how every stage (and the
/// live layer's Description) knows it may skip. Credentials are deliberately not part of it.
/// </summary>
public sealed record LayerFingerprint(string Value, IReadOnlyList<string> Inputs)
{
    /// <summary>
    /// Bumped whenever the packager's output for the same tree changes (entry order, timestamps,
    /// compression), so layers packaged by an older format are rebuilt. 2: console scripts get a portable
    /// shebang, and layers are checked for compatibility before they are written. 3: layers carry bytecode
    /// compiled for the runtime's Python version.
    /// </summary>
    public const int PackagerFormatVersion = 3;

    /// <summary>The prefix that marks a fingerprint inside a layer version's Description.</summary>
    public const string DescriptionMarker = "lambda-layers:";

    public static LayerFingerprint Compute(LayerSettings settings)
    {
        var inputs = new List<string>
        {
            $"packager-format={PackagerFormatVersion}",
            $"tool={settings.Tool.ToString().ToLowerInvariant()}",
            $"runtime={settings.Runtime.Name}",
            $"architecture={settings.Architecture.Name}",
            $"mode={settings.Mode}",
            $"image={(settings.Mode == BuildMode.Container ? settings.EffectiveImage : "")}",
            $"groups={Joined(settings.Groups)}",
            $"extras={Joined(settings.Extras)}",
            $"excludes={Joined(settings.Excludes.Order(StringComparer.Ordinal))}",
            $"exclude-patterns={Joined(settings.ExcludePatterns.Order(StringComparer.Ordinal))}",
            $"tool-arguments={Joined(settings.ToolArguments)}",
            $"zip-root={settings.ZipRoot}",
            // The setting, not whether an interpreter was found: that differs between machines, and a fingerprint
            // that depended on it would never match the live layer or the build cache from another machine.
            $"bytecode={(settings.Bytecode ? "on" : "off")}",
            $"index={settings.Index?.Url.GetLeftPart(UriPartial.Path) ?? ""}",
        };
        // Every stage starts here, so this is also where a lock file removed since the settings were checked is reported.
        ManifestFiles.Require(settings);
        foreach (var file in ManifestFiles.Of(settings))
        {
            using var stream = RegularFile.OpenRead(file);
            inputs.Add($"file:{Path.GetFileName(file)}={Convert.ToHexStringLower(SHA256.HashData(stream))}");
        }
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', inputs)));
        return new LayerFingerprint(Convert.ToHexStringLower(digest), inputs);
    }

    // Values are joined with a separator that cannot appear in names, so ["a,b"] and ["a","b"] differ.
    private static string Joined(IEnumerable<string> values) => string.Join('\u001f', values);

    public override string ToString() => Value;
}
