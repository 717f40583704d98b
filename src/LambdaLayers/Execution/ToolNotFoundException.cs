namespace LambdaLayers.Execution;

/// <summary>A program a plan needs is not on PATH; the message names it and how to install it.</summary>
public sealed class ToolNotFoundException(string program, string message) : LayerException(message)
{
    public string Program { get; } = program;

    /// <summary>How to get each tool, by program name.</summary>
    public static readonly IReadOnlyDictionary<string, string> InstallHints = new Dictionary<string, string>
    {
        ["poetry"] = "Install Poetry (`pipx install poetry`, or `apt-get install python3-poetry` on Debian/Ubuntu) or build with --mode container.",
        ["uv"] = "Install uv (`pipx install uv`, or the installer from https://docs.astral.sh/uv/) or build with --mode container.",
        ["docker"] = "Install Docker (or podman with the docker CLI) and make sure the daemon is running.",
    };

    public static ToolNotFoundException For(string program, string? purpose = null)
    {
        var hint = InstallHints.TryGetValue(program, out var h)
            ? h
            : "Install it, put it on PATH, or point the build at it (for Python: --python /path/to/python3.X).";
        return new ToolNotFoundException(program,
            $"'{program}' was not found on PATH{(purpose is null ? "" : $"; it is needed to {purpose}")}. {hint}");
    }
}
