namespace LambdaLayers.Planning;

/// <summary>
/// A build tool as found on the host: its program name, its version (null when it could not be read) and,
/// for Poetry, whether the <c>export</c> command is there (Debian's Poetry 1.3.2 ships without it).
/// </summary>
public sealed record InstalledTool(string Program, Version? Version)
{
    /// <summary>Null when not probed.</summary>
    public bool? HasExportCommand { get; init; }

    /// <summary>
    /// The version as the tool printed it, pre-release suffix included ("1.3.2", "2.0.0b1"): what a
    /// container whose image lacks the tool pins (<c>poetry==2.0.0b1</c>). Null when it could not be read.
    /// </summary>
    public string? VersionText { get; init; }

    /// <summary>True when the version is known and older than <paramref name="minimum"/>.</summary>
    public bool IsOlderThan(int major, int minor) => Version is not null && Version < new Version(major, minor);
}
