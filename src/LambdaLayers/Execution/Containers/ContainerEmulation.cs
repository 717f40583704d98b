namespace LambdaLayers.Execution.Containers;

/// <summary>
/// Whether a Linux Docker host can run containers of a foreign architecture: the kernel needs a
/// binfmt_misc handler (QEMU) for that architecture's ELF binaries.
/// </summary>
internal static class ContainerEmulation
{
    // Lambda architecture → how binfmt_misc handlers for it are named, and its ELF e_machine bytes as
    // they appear in a handler's "magic" line (little-endian: 0xb7 aarch64, 0x3e x86-64).
    private static readonly Dictionary<string, (string NameFragment, string MachineMagic)> Handlers = new()
    {
        ["arm64"] = ("aarch64", "b700"),
        ["x86_64"] = ("x86_64", "3e00"),
    };

    // How `docker info` spells a daemon's architecture → the Lambda name.
    private static readonly Dictionary<string, string> DaemonArchitectures = new(StringComparer.OrdinalIgnoreCase)
    {
        ["x86_64"] = "x86_64",
        ["amd64"] = "x86_64",
        ["aarch64"] = "arm64",
        ["arm64"] = "arm64",
    };

    /// <summary>The Lambda name of a daemon architecture ("aarch64" → "arm64"), or the input unchanged.</summary>
    public static string ToLambdaArchitecture(string daemonArchitecture) =>
        DaemonArchitectures.TryGetValue(daemonArchitecture.Trim(), out var name) ? name : daemonArchitecture.Trim();

    /// <summary>
    /// The enabled binfmt_misc handler in <paramref name="binfmtDirectory"/> that runs binaries of
    /// <paramref name="architecture"/>, or null when there is none (or the folder is not there).
    /// </summary>
    public static string? FindHandler(string binfmtDirectory, string architecture)
    {
        if (!Handlers.TryGetValue(architecture, out var wanted) || !Directory.Exists(binfmtDirectory))
        {
            return null;
        }
        foreach (var file in Directory.EnumerateFiles(binfmtDirectory))
        {
            var name = Path.GetFileName(file);
            if (name is "register" or "status")
            {
                continue;
            }
            string[] lines;
            try
            {
                lines = File.ReadAllLines(file);
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            var enabled = lines.FirstOrDefault()?.Trim() == "enabled";
            var matchesName = name.Contains(wanted.NameFragment, StringComparison.OrdinalIgnoreCase);
            var magic = lines.FirstOrDefault(l => l.StartsWith("magic ", StringComparison.Ordinal)) ?? "";
            // e_machine sits at offset 18 of the ELF header: 36 hex digits in.
            var matchesMagic = magic.Length >= 6 + 40 && magic.Substring(6 + 36, 4) == wanted.MachineMagic;
            if (enabled && (matchesName || matchesMagic))
            {
                return file;
            }
        }
        return null;
    }
}
