namespace LambdaLayers.Checks;

/// <summary>
/// ELF <c>e_machine</c> values (System V gABI) and how to name them in a message. Lambda runs two of
/// them; the others are listed so a stray object is named for what it is rather than as a number.
/// </summary>
public static class ElfMachines
{
    public const ushort X86_64 = 62;

    public const ushort AArch64 = 183;

    private static readonly IReadOnlyDictionary<ushort, string> Names = new Dictionary<ushort, string>
    {
        [3] = "i386 (32-bit x86)",
        [8] = "MIPS",
        [20] = "PowerPC",
        [21] = "PowerPC64",
        [22] = "IBM S/390",
        [40] = "32-bit ARM",
        [X86_64] = "x86_64",
        [AArch64] = "aarch64 (arm64)",
        [243] = "RISC-V",
        [258] = "LoongArch",
    };

    /// <summary>"x86_64", "aarch64 (arm64)", or "machine 1234" for a value not in the table.</summary>
    public static string Describe(ushort machine) =>
        Names.TryGetValue(machine, out var name) ? name : $"machine {machine}";
}
