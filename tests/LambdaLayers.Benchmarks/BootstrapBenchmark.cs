using System.Diagnostics;
using LambdaLayers.Pipeline;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Support;
using static LambdaLayers.Benchmarks.BuildTimings;

namespace LambdaLayers.Benchmarks;

/// <summary>
/// What a no-op <c>./build.sh PackageLayer</c> costs besides the stages: the pip sample is built once, then
/// every case runs PackageLayer on the unchanged project (both stages skip), alternating: the stages in
/// process (the baseline), the lambda-layers CLI, the NUKE build's dll run directly, <c>./build.sh</c> (its
/// staleness check, then that dll), and <c>dotnet build</c> of build/_build.csproj followed by the dll (what a
/// bootstrap that builds on every call would cost).
/// Usage: bootstrap [runs=5] (run with -c Release, after building the solution in Release)
/// </summary>
public static class BootstrapBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = PipBenchmarkSample.Runs(args);
        var repository = FindRepository();
        await using var sample = await PipBenchmarkSample.CreateAsync("ll-bench-bootstrap", "python3.12");
        var root = Path.GetDirectoryName(sample.Settings.ProjectDirectory)!;
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        File.WriteAllText(Path.Combine(root, ".nuke", "parameters.json"), "{}");
        string[] parameters = ["--project", "project", "--runtime", "python3.12", "--index-url", sample.Settings.Index!.Url.ToString()];
        var cli = Path.Combine(repository, "src", "LambdaLayers.Cli", "bin", "Release", "net10.0", "lambda-layers.dll");
        var buildAssembly = Path.Combine(repository, "build", "bin", "Debug", "_build.dll");

        ProcessStartInfo Start(string program, params string[] arguments)
        {
            var start = new ProcessStartInfo(program) { WorkingDirectory = root };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("PIP_", StringComparison.Ordinal)).ToList())
            {
                start.Environment.Remove(name);
            }
            start.Environment["NUKE_TELEMETRY_OPTOUT"] = "1";
            return start;
        }

        // The first run builds the NUKE build (when stale) and the layer; everything after it is a no-op.
        TimeProcess(Start(Path.Combine(repository, "build.sh"), ["PackageLayer", .. parameters]), "./build.sh (first run)");
        var settings = LayerSettingsResolver.Resolve(new SettingsSources
        {
            WorkingDirectory = root,
            Explicit = new Dictionary<string, IReadOnlyList<string>> { ["project"] = ["project"], ["runtime"] = ["python3.12"], ["index-url"] = [sample.Settings.Index.Url.ToString()] },
            Environment = new Dictionary<string, string>(),
        });
        var runner = new PipelineRunner(new LayerStages(sample.Log), sample.Log);

        var cases = new (string Name, Func<Task<double>> Run)[]
        {
            ("stages in process (baseline)", async () =>
            {
                var watch = Stopwatch.StartNew();
                var summary = await runner.RunAsync(PipelineStage.Package, settings, CancellationToken.None);
                return summary.Package!.Skipped ? watch.Elapsed.TotalMilliseconds : throw new InvalidOperationException("expected a skip");
            }),
            ("lambda-layers package", () => Task.FromResult(TimeProcess(Start("dotnet", [cli, "package", .. parameters]), "lambda-layers"))),
            ("dotnet build/bin/Debug/_build.dll", () => Task.FromResult(TimeProcess(Start("dotnet", [buildAssembly, "PackageLayer", .. parameters]), "_build.dll"))),
            ("./build.sh PackageLayer", () => Task.FromResult(TimeProcess(Start(Path.Combine(repository, "build.sh"), ["PackageLayer", .. parameters]), "./build.sh"))),
            ("dotnet build, then the dll", () => Task.FromResult(
                TimeProcess(Start("dotnet", ["build", Path.Combine(repository, "build", "_build.csproj"), "-nologo", "-v", "quiet", "-nodeReuse:false", "-p:UseSharedCompilation=false"]), "dotnet build") +
                TimeProcess(Start("dotnet", [buildAssembly, "PackageLayer", .. parameters]), "_build.dll"))),
        };
        var times = cases.Select(_ => new List<double>()).ToArray();
        for (var i = 0; i < runs; i++)
        {
            for (var c = 0; c < cases.Length; c++)
            {
                times[c].Add(await cases[c].Run());
            }
        }

        Console.WriteLine($"bootstrap benchmark: no-op PackageLayer of the pip sample, {runs} runs each, medians");
        Console.WriteLine($"{"case",-36} {"ms",8} {"vs stages",10} {"vs CLI",8}");
        var baseline = Median(times[0]);
        var cliMedian = Median(times[1]);
        for (var c = 0; c < cases.Length; c++)
        {
            var median = Median(times[c]);
            Console.WriteLine($"{cases[c].Name,-36} {median,8:0} {median / baseline,10:0.0} {median / cliMedian,8:0.00}");
        }
        return 0;
    }

    private static string FindRepository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LambdaLayers.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("LambdaLayers.sln not found above " + AppContext.BaseDirectory);
    }
}
