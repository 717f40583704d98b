using LambdaLayers.Settings;
using LambdaLayers.Tests.Support;
using Serilog;

namespace LambdaLayers.Benchmarks;

/// <summary>
/// What the build and container benchmarks both measure against: the pip sample project (tinyutil, leafdep,
/// fastcalc) served from a local index of the test wheels, in a temp folder removed on dispose, with
/// local-mode pip settings for one runtime and a silent logger (a benchmark measures the build, not the console).
/// </summary>
public sealed class PipBenchmarkSample : IAsyncDisposable
{
    private readonly TemporaryDirectory _temp;
    private readonly PackageIndexServer _index;

    private PipBenchmarkSample(TemporaryDirectory temp, PackageIndexServer index, LayerSettings settings)
    {
        _temp = temp;
        _index = index;
        Settings = settings;
    }

    /// <summary>Local-mode pip settings for the sample; benchmarks vary them with <c>with</c>.</summary>
    public LayerSettings Settings { get; }

    public ILogger Log { get; } = new LoggerConfiguration().CreateLogger();

    /// <summary>A scratch path inside the sample's temp folder.</summary>
    public string Combine(string name) => Path.Combine(_temp.Path, name);

    public static async Task<PipBenchmarkSample> CreateAsync(string name, string runtime)
    {
        var temp = new TemporaryDirectory(name);
        var index = await PackageIndexServer.StartAsync(TestWheels.WriteAll(Path.Combine(temp.Path, "wheels")));
        var project = SampleProjects.WritePip(Path.Combine(temp.Path, "project"));
        return new PipBenchmarkSample(temp, index, new LayerSettings
        {
            ProjectDirectory = project,
            PyProjectPath = Path.Combine(project, "pyproject.toml"),
            Tool = ToolKind.Pip,
            Runtime = LambdaRuntimes.Find(runtime)!,
            Mode = BuildMode.Local,
            Index = new PackageIndex("bench", index.Url, null, null),
        });
    }

    /// <summary>The <c>[runs=5]</c> argument every build benchmark takes.</summary>
    public static int Runs(string[] args) => args.Length > 0 ? int.Parse(args[0]) : 5;

    public async ValueTask DisposeAsync()
    {
        await _index.DisposeAsync();
        _temp.Dispose();
    }
}
