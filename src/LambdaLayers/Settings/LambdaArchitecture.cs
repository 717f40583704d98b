namespace LambdaLayers.Settings;

/// <summary>
/// A Lambda instruction set and the names each neighbouring system uses for it. Lambda, Docker and
/// wheel tags all spell the same two architectures differently, so the spellings live in one table.
/// </summary>
public sealed record LambdaArchitecture(
    string Name,
    string DockerPlatform,
    string WheelTagSuffix,
    string ImageTagSuffix,
    System.Runtime.InteropServices.Architecture HostArchitecture)
{
    public static readonly LambdaArchitecture X86_64 =
        new("x86_64", "linux/amd64", "x86_64", "x86_64", System.Runtime.InteropServices.Architecture.X64);

    public static readonly LambdaArchitecture Arm64 =
        new("arm64", "linux/arm64", "aarch64", "arm64", System.Runtime.InteropServices.Architecture.Arm64);

    /// <summary>"x86_64", "arm64" — how a layer name names the architecture (<c>…-python312-arm64</c>).</summary>
    public string LayerNameToken => Name;

    public static IReadOnlyList<LambdaArchitecture> All { get; } = [X86_64, Arm64];

    /// <summary>Finds an architecture by its Lambda name (case-insensitive), or null.</summary>
    public static LambdaArchitecture? Find(string name) =>
        All.FirstOrDefault(a => string.Equals(a.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    public override string ToString() => Name;
}
