using System.Diagnostics;
using LambdaLayers.Execution;
using LambdaLayers.Pipeline;
using LambdaLayers.Settings;
using static LambdaLayers.Benchmarks.BuildTimings;

namespace LambdaLayers.Benchmarks;

/// <summary>
/// BuildLayer's overhead over the tool itself: the same pip sample (local, and cross-platform) installed by
/// the raw <c>python -m pip install --target</c> command and by <see cref="BuildLayerStage"/>, alternating,
/// from the same local index with the same pip cache. Also times a no-change run (the skip path).
/// Usage: build [runs=5]
/// </summary>
public static class BuildBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = PipBenchmarkSample.Runs(args);
        await using var sample = await PipBenchmarkSample.CreateAsync("ll-bench-build", "python3.12");
        var log = sample.Log;
        var baseSettings = sample.Settings;
        var python = new PythonInterpreterLocator(log).Find(baseSettings);
        Console.WriteLine($"build benchmark: pip sample (tinyutil, leafdep, fastcalc) from a local index, {runs} runs each, python {python}");
        Console.WriteLine($"{"case",-28} {"raw pip (ms)",14} {"BuildLayer (ms)",16} {"ratio",7}");

        foreach (var mode in new[] { BuildMode.Local, BuildMode.CrossPlatform })
        {
            var settings = baseSettings with { Mode = mode };
            var raw = new List<double>();
            var ours = new List<double>();
            var stage = new BuildLayerStage(log);
            // One warm-up of each, so pip's cache and the JIT are warm for both sides.
            RunRawPip(settings, python, sample.Combine("raw-target"));
            await ForceBuild(stage, settings);
            for (var i = 0; i < runs; i++)
            {
                raw.Add(RunRawPip(settings, python, sample.Combine("raw-target")));
                ours.Add(await ForceBuild(stage, settings));
            }
            var rawMedian = Median(raw);
            var oursMedian = Median(ours);
            Console.WriteLine($"{mode.Name(),-28} {rawMedian,14:0} {oursMedian,16:0} {oursMedian / rawMedian,7:0.00}");
            if (mode == BuildMode.Local)
            {
                var skip = new List<double>();
                for (var i = 0; i < runs; i++)
                {
                    var watch = Stopwatch.StartNew();
                    var result = await stage.RunAsync(settings, CancellationToken.None);
                    skip.Add(watch.Elapsed.TotalMilliseconds);
                    if (!result.Skipped)
                    {
                        throw new InvalidOperationException("expected a skip");
                    }
                }
                Console.WriteLine($"{"local, nothing changed (skip)",-28} {rawMedian,14:0} {Median(skip),16:0} {Median(skip) / rawMedian,7:0.00}");
            }
        }
        return 0;
    }

    /// <summary>The command a user would type, with the same flags the plan uses, into a fresh folder.</summary>
    internal static double RunRawPip(LayerSettings settings, string python, string target)
    {
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }
        var start = new ProcessStartInfo(python);
        string[] arguments = ["-m", "pip", "install", "--no-input", "--disable-pip-version-check", "--target", target, "-r", settings.ManifestPath];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        if (settings.Mode == BuildMode.CrossPlatform)
        {
            foreach (var tag in settings.Runtime.ManylinuxTags(settings.Architecture))
            {
                start.ArgumentList.Add("--platform");
                start.ArgumentList.Add(tag);
            }
            foreach (var argument in new[] { "--only-binary=:all:", "--implementation", "cp", "--python-version", settings.Runtime.PythonVersion, "--abi", settings.Runtime.AbiTag })
            {
                start.ArgumentList.Add(argument);
            }
        }
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("PIP_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["PIP_INDEX_URL"] = settings.Index!.Url.ToString();
        return TimeProcess(start, "raw pip");
    }
}
