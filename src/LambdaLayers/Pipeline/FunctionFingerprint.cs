using System.Security.Cryptography;
using System.Text;
using LambdaLayers.Planning;
using LambdaLayers.Projects;
using LambdaLayers.Settings;

namespace LambdaLayers.Pipeline;

/// <summary>
/// A SHA-256 over everything that decides the function's zip: the project's files as the build sees them (the
/// same rule that decides what is copied for the build backend, so every source that can go into the wheel is
/// covered), its build backend and build requirements, the tool and its version, each path dependency's content,
/// the target (runtime, architecture, mode, image), exclusions, the selected groups and extras, the index, and with
/// <c>--bundle-dependencies</c> the layer's fingerprint (what the dependencies are). Equal fingerprints mean an equal
/// function.zip, which is how PackageFunction knows it may skip. Credentials are deliberately not part of it.
/// </summary>
public sealed record FunctionFingerprint(string Value, IReadOnlyList<string> Inputs)
{
    /// <summary>Bumped whenever the function build's output for the same inputs changes.</summary>
    public const int FormatVersion = 1;

    /// <summary>The prefix that marks a fingerprint inside a published function version's Description.</summary>
    public const string DescriptionMarker = "lambda-layers-function:";

    public static FunctionFingerprint Compute(FunctionInputs inputs, string? toolVersion)
    {
        var settings = inputs.Settings;
        var values = new List<string>
        {
            $"function-format={FormatVersion}",
            $"packager-format={LayerFingerprint.PackagerFormatVersion}",
            $"tool={settings.Tool.ToString().ToLowerInvariant()}",
            $"tool-version={toolVersion ?? ""}",
            $"runtime={settings.Runtime.Name}",
            $"architecture={settings.Architecture.Name}",
            $"mode={settings.Mode}",
            $"image={(settings.Mode == BuildMode.Container ? settings.EffectiveImage : "")}",
            $"backend={inputs.Backend}",
            $"build-requires={Joined(inputs.Project.BuildSystem?.Requires ?? [])}",
            $"groups={Joined(settings.Groups)}",
            $"extras={Joined(settings.Extras)}",
            $"excludes={Joined(settings.Excludes.Order(StringComparer.Ordinal))}",
            $"exclude-patterns={Joined(settings.ExcludePatterns.Order(StringComparer.Ordinal))}",
            $"index={settings.Index?.Url.GetLeftPart(UriPartial.Path) ?? ""}",
            $"bundle-dependencies={settings.BundleDependencies}",
            $"bytecode={(settings.Bytecode ? "on" : "off")}",
            $"layer={(settings.BundleDependencies ? LayerFingerprint.Compute(settings).Value : "")}",
            $"source={ProjectSourceFiles.Hash(settings.ProjectDirectory, inputs.OwnBuildFolders)}",
        };
        foreach (var dependency in inputs.PathDependencies.OrderBy(d => d.ResolvedPath, StringComparer.Ordinal))
        {
            values.Add($"path-dependency:{dependency.Name ?? dependency.WrittenPath}={ProjectSourceFiles.Hash(dependency.ResolvedPath, inputs.OwnBuildFolders)}");
        }
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', values)));
        return new FunctionFingerprint(Convert.ToHexStringLower(digest), values);
    }

    // Values are joined with a separator that cannot appear in names, so ["a,b"] and ["a","b"] differ.
    private static string Joined(IEnumerable<string> values) => string.Join('\u001f', values);

    public override string ToString() => Value;
}
