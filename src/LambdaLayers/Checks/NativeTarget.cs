using LambdaLayers.Settings;

namespace LambdaLayers.Checks;

/// <summary>
/// What native code must look like to load on one Lambda architecture: the ELF machine and the platform
/// part of CPython's extension suffix (<c>.cpython-312-x86_64-linux-gnu.so</c>).
/// </summary>
public sealed record NativeTarget(LambdaArchitecture Architecture, ushort ElfMachine, string ExtensionPlatform)
{
    public static IReadOnlyList<NativeTarget> All { get; } =
    [
        new(LambdaArchitecture.X86_64, ElfMachines.X86_64, "x86_64-linux-gnu"),
        new(LambdaArchitecture.Arm64, ElfMachines.AArch64, "aarch64-linux-gnu"),
    ];

    public static NativeTarget For(LambdaArchitecture architecture) =>
        All.FirstOrDefault(t => t.Architecture.Name == architecture.Name)
        ?? throw new ArgumentOutOfRangeException(nameof(architecture), architecture.Name, "no native target for this architecture");
}
