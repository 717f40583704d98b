namespace LambdaLayers.Tests.Support;

/// <summary>
/// The wheels the build tests publish: pure-Python packages with a dependency chain, a compiled package
/// with one wheel per platform (manylinux x86_64 / aarch64 for cp312, manylinux x86_64 for cp311, a
/// too-new-glibc manylinux_2_39 x86_64 and a macOS arm64 wheel), and a package that only has a macOS wheel.
/// </summary>
public static class TestWheels
{
    public static readonly WheelSpec LeafDep = new("leafdep", "2.0");

    public static readonly WheelSpec TinyUtil = new("tinyutil", "1.0") { RequiresDist = ["leafdep>=1.0"] };

    /// <summary>Only in a Poetry dev group / uv dev group: must never reach the layer.</summary>
    public static readonly WheelSpec DevTool = new("devtool", "1.0");

    /// <summary>Installed only when its group is asked for.</summary>
    public static readonly WheelSpec ExtraPkg = new("extrapkg", "1.0");

    public const string FastCalc = "fastcalc";

    public static readonly IReadOnlyList<WheelSpec> FastCalcWheels =
    [
        new(FastCalc, "1.0", "cp312-cp312-manylinux2014_x86_64"),
        new(FastCalc, "1.0", "cp312-cp312-manylinux2014_aarch64"),
        new(FastCalc, "1.0", "cp312-cp312-macosx_11_0_arm64"),
        new(FastCalc, "1.0", "cp311-cp311-manylinux2014_x86_64"),
        new(FastCalc, "1.0", "cp312-cp312-manylinux_2_39_x86_64"),
    ];

    /// <summary>Has no wheel Lambda can load.</summary>
    public static readonly WheelSpec MacOnly = new("maconly", "1.0", "cp312-cp312-macosx_11_0_arm64");

    public static IReadOnlyList<WheelSpec> All => [LeafDep, TinyUtil, DevTool, ExtraPkg, .. FastCalcWheels, MacOnly];

    /// <summary>Writes every test wheel into <paramref name="directory"/>; returns the directory.</summary>
    public static string WriteAll(string directory)
    {
        foreach (var spec in All)
        {
            WheelBuilder.Write(directory, spec);
        }
        return directory;
    }
}
