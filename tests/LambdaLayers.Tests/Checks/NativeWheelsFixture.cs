using LambdaLayers.Checks;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Pipeline;
using LambdaLayers.Tests.Support;
using LambdaLayers.FileSystem;
using LambdaLayers.Pipeline;
using LambdaLayers.Reporting;
using LambdaLayers.Execution;
using LambdaLayers.Execution.Containers;
using LambdaLayers.Planning;
using LambdaLayers.Packaging;

namespace LambdaLayers.Tests.Checks;

/// <summary>
/// Wheels carrying native files compiled here by gcc, served from a PEP 503 index on 127.0.0.1: one for
/// each way a layer fails on Lambda although it installed fine, and one that really works.
/// </summary>
public sealed class NativeWheelsFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _temp = new("ll-native-wheels");

    /// <summary>A python3.11 wheel tagged manylinux_2_34 whose extension needs GLIBC_2.34 (glibc 2.26 on python3.11).</summary>
    public static WheelSpec Needs234 => new("needs234", "1.0", "cp311-cp311-manylinux_2_34_x86_64")
    {
        BinaryFiles = new Dictionary<string, byte[]> { ["needs234/_impl.cpython-311-x86_64-linux-gnu.so"] = NativeObjects.NeedsGlibc234() },
    };

    /// <summary>A "pure" wheel that hides a shared library needing GLIBC_2.36 (newer than any Lambda runtime's).</summary>
    public static WheelSpec Hidden236 => new("hidden236", "1.0")
    {
        BinaryFiles = new Dictionary<string, byte[]> { ["hidden236/libhelper.so"] = NativeObjects.NeedsGlibc236() },
    };

    /// <summary>A "pure" wheel that carries an aarch64 shared library.</summary>
    public static WheelSpec ArmOnly => new("armonly", "1.0")
    {
        BinaryFiles = new Dictionary<string, byte[]> { ["armonly/_native.so"] = NativeObjects.WithMachine(NativeObjects.Plain(), ElfMachines.AArch64) },
    };

    /// <summary>A pure wheel whose package raises at import.</summary>
    public static WheelSpec BrokenImport => new("brokenimport", "1.0")
    {
        ExtraFiles = new Dictionary<string, string>
        {
            ["brokenimport/__init__.py"] = "import json\nraise RuntimeError('brokenimport needs the LIBFOO_HOME variable')\n",
        },
    };

    /// <summary>A cp312 manylinux2014 wheel with a real CPython extension module; its package imports it and checks it.</summary>
    public static WheelSpec FastExt(string python312) => new("fastext", "1.0", "cp312-cp312-manylinux2014_x86_64")
    {
        ExtraFiles = new Dictionary<string, string>
        {
            ["fastext/__init__.py"] = "from ._speed import answer\nassert answer() == 42\n",
        },
        BinaryFiles = new Dictionary<string, byte[]>
        {
            ["fastext/_speed.cpython-312-x86_64-linux-gnu.so"] = NativeObjects.PythonExtension(python312, "_speed"),
        },
    };

    /// <summary>A pure wheel with a console script, which pip writes with this machine's interpreter path.</summary>
    public static WheelSpec CliTool => new("clitool", "1.0")
    {
        ExtraFiles = new Dictionary<string, string>
        {
            ["clitool/__init__.py"] = "def main():\n    print('clitool')\n",
            ["clitool-1.0.dist-info/entry_points.txt"] = "[console_scripts]\nclitool = clitool:main\n",
        },
    };

    public PackageIndexServer Index { get; private set; } = null!;

    public string Python312 { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        TestEnvironment.RequireProgram("gcc");
        Python312 = BuildFixture.Python312();
        var wheels = _temp.Combine("wheels");
        foreach (var spec in new[] { Needs234, Hidden236, ArmOnly, BrokenImport, FastExt(Python312), CliTool, TestWheels.LeafDep })
        {
            WheelBuilder.Write(wheels, spec);
        }
        Index = await PackageIndexServer.StartAsync(wheels);
    }

    public async ValueTask DisposeAsync()
    {
        if (Index is not null)
        {
            await Index.DisposeAsync();
        }
        _temp.Dispose();
    }

    public PackageIndex PackageIndex => new(SampleProjects.IndexName, Index.Url, null, null);
}
