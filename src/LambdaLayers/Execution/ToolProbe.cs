using System.Text.RegularExpressions;
using LambdaLayers.Planning;
using LambdaLayers.Settings;

namespace LambdaLayers.Execution;

/// <summary>
/// Asks the host's Poetry or uv for its version before planning (<c>poetry --version</c> prints
/// "Poetry (version 1.3.2)", <c>uv --version</c> "uv 0.8.0 (…)"), and for cross-platform Poetry builds
/// whether <c>poetry export</c> exists. Returns null when the tool is not on PATH; the executor then
/// reports it as missing with install advice.
/// </summary>
public static class ToolProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static InstalledTool? Probe(ToolKind tool, BuildMode mode)
    {
        var program = tool switch
        {
            ToolKind.Poetry => "poetry",
            ToolKind.Uv => "uv",
            _ => null,
        };
        if (program is null || ProgramLocator.FindOnPath(program) is not { } path)
        {
            return null;
        }
        var result = ProcessProbe.Run(path, ["--version"], Timeout);
        var match = result is { ExitCode: 0 } ? Regex.Match(result.Value.Output, @"(\d+)\.(\d+)(?:\.(\d+))?") : Match.Empty;
        var version = match.Success
            ? new Version(int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value), match.Groups[3].Success ? int.Parse(match.Groups[3].Value) : 0)
            : null;
        bool? hasExport = null;
        if (tool == ToolKind.Poetry && mode == BuildMode.CrossPlatform)
        {
            hasExport = ProcessProbe.Run(path, ["export", "--help"], Timeout) is { ExitCode: 0 };
        }
        return new InstalledTool(program, version) { HasExportCommand = hasExport };
    }
}
