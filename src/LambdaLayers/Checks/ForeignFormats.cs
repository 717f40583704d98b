namespace LambdaLayers.Checks;

/// <summary>
/// Names the format of a file that is not ELF from its first bytes, so "not an ELF file" can say what it
/// is instead: usually a library built for macOS or Windows that an installer for the wrong platform
/// fetched.
/// </summary>
public static class ForeignFormats
{
    private static readonly IReadOnlyList<(byte[] Magic, string Description)> Magics =
    [
        ([0xcf, 0xfa, 0xed, 0xfe], "a 64-bit macOS Mach-O library"),
        ([0xce, 0xfa, 0xed, 0xfe], "a 32-bit macOS Mach-O library"),
        ([0xfe, 0xed, 0xfa, 0xcf], "a 64-bit big-endian Mach-O library"),
        ([0xfe, 0xed, 0xfa, 0xce], "a 32-bit big-endian Mach-O library"),
        ([0xca, 0xfe, 0xba, 0xbe], "a macOS universal (fat) Mach-O library"),
        ("MZ"u8.ToArray(), "a Windows PE/DLL file"),
        ("!<ar"u8.ToArray(), "a static ar archive"),
        ("#!"u8.ToArray(), "a script"),
    ];

    /// <summary>"a 64-bit macOS Mach-O library", "an empty file", or "it starts with bytes 3c 68 74 6d".</summary>
    public static string Identify(ReadOnlySpan<byte> start)
    {
        if (start.Length == 0)
        {
            return "an empty file";
        }
        foreach (var (magic, description) in Magics)
        {
            if (start.StartsWith(magic))
            {
                return description;
            }
        }
        return "it starts with bytes " + Convert.ToHexString(start).ToLowerInvariant();
    }
}
