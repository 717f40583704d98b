using System.Diagnostics;
using System.Text.RegularExpressions;

namespace LambdaLayers.Execution.Containers;

/// <summary>
/// Finds the version of a tool on the host (<c>poetry --version</c> → "Poetry (version 1.3.2)",
/// <c>uv --version</c> → "uv 0.8.3 (…)"), so the container installs the same one when its image lacks it.
/// </summary>
public static partial class HostToolVersions
{
    /// <summary>The first dotted version in a tool's <c>--version</c> output, or null.</summary>
    public static string? Parse(string versionOutput)
    {
        var match = VersionPattern().Match(versionOutput);
        return match.Success ? match.Value : null;
    }

    /// <summary>Runs <c>TOOL --version</c> on the host; null when the tool is absent or says nothing usable.</summary>
    public static async Task<string?> DetectAsync(string tool, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(tool, "--version")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["NO_COLOR"] = "1";
        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return process.ExitCode == 0 ? Parse(await output + "\n" + await error) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // not on PATH
        }
    }

    // PEP 440 release segment plus an optional pre/post/dev suffix ("1.8.0", "2.0.0b1", "0.4.30").
    [GeneratedRegex(@"\d+(\.\d+)+([a-z]+\d*)?(\.(post|dev)\d+)?")]
    private static partial Regex VersionPattern();
}
