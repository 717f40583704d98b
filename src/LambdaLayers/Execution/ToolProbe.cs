using System.Text.RegularExpressions;
using LambdaLayers.Planning;
using LambdaLayers.Settings;

namespace LambdaLayers.Execution;

/// <summary>
/// The one <c>--version</c> probe of a build tool on the host (<c>poetry --version</c> prints
/// "Poetry (version 1.3.2)", <c>uv --version</c> "uv 0.8.0 (…)"), and for cross-platform Poetry builds
/// whether <c>poetry export</c> exists. BuildLayer probes before planning (strategies adapt to the version;
/// the plan carries the result), and the container executor pins the same version when the image lacks the
/// tool. Returns null when the tool is not on PATH; the executor then reports it as missing with install advice.
/// </summary>
public static partial class ToolProbe
{
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(60);

    /// <summary>The program behind each tool that is not part of Python itself.</summary>
    private static readonly IReadOnlyDictionary<ToolKind, string> Programs = new Dictionary<ToolKind, string>
    {
        [ToolKind.Poetry] = "poetry",
        [ToolKind.Uv] = "uv",
    };

    /// <summary>The settings' tool as installed on the host; null for pip (it runs as <c>python -m pip</c>) or when absent.</summary>
    public static Task<InstalledTool?> ProbeAsync(ToolKind tool, BuildMode mode, CancellationToken cancellationToken) =>
        Programs.TryGetValue(tool, out var program)
            ? ProbeAsync(program, askForExport: tool == ToolKind.Poetry && mode == BuildMode.CrossPlatform, cancellationToken)
            : Task.FromResult<InstalledTool?>(null);

    /// <summary><paramref name="program"/> as installed on the host, or null when it is not on PATH.</summary>
    public static async Task<InstalledTool?> ProbeAsync(string program, bool askForExport, CancellationToken cancellationToken)
    {
        if (ProgramLocator.FindOnPath(program) is not { } path)
        {
            return null;
        }
        var result = await RunAsync(path, ["--version"], cancellationToken);
        var text = result is { Succeeded: true } ? ParseVersion(result.Text) : null;
        bool? hasExport = null;
        if (askForExport)
        {
            hasExport = (await RunAsync(path, ["export", "--help"], cancellationToken))?.Succeeded == true;
        }
        return new InstalledTool(program, ReleaseOf(text)) { VersionText = text, HasExportCommand = hasExport };
    }

    /// <summary>The first dotted version in a tool's <c>--version</c> output (PEP 440 release plus an optional pre/post/dev suffix), or null.</summary>
    public static string? ParseVersion(string versionOutput)
    {
        var match = VersionPattern().Match(versionOutput);
        return match.Success ? match.Value : null;
    }

    private static async Task<ProcessResult?> RunAsync(string path, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        try
        {
            return await ProcessRunner.RunAsync(new ProcessRequest(path, arguments)
            {
                Environment = new Dictionary<string, string?> { ["NO_COLOR"] = "1" },
                TimeLimit = TimeLimit,
                KeptLines = 200,
            }, cancellationToken);
        }
        catch (ToolNotFoundException)
        {
            return null; // on PATH but not runnable
        }
    }

    // "2.0.0b1" → 2.0.0: what version comparisons (Poetry 1.x or 2.x) need.
    private static Version? ReleaseOf(string? text)
    {
        var match = text is null ? Match.Empty : ReleasePattern().Match(text);
        return match.Success
            ? new Version(int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value), match.Groups[3].Success ? int.Parse(match.Groups[3].Value) : 0)
            : null;
    }

    // PEP 440 release segment plus an optional pre/post/dev suffix ("1.8.0", "2.0.0b1", "0.4.30").
    [GeneratedRegex(@"\d+(\.\d+)+([a-z]+\d*)?(\.(post|dev)\d+)?")]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"^(\d+)\.(\d+)(?:\.(\d+))?")]
    private static partial Regex ReleasePattern();
}
