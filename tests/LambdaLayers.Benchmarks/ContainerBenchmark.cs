using System.Diagnostics;
using LambdaLayers.Execution.Containers;
using LambdaLayers.Pipeline;
using LambdaLayers.Settings;
using static LambdaLayers.Benchmarks.BuildTimings;

namespace LambdaLayers.Benchmarks;

/// <summary>
/// Container overhead: the same pip sample built by <see cref="BuildLayerStage"/> on the host (local mode)
/// and inside the python3.11 build image (container mode), alternating, from the same local index. Also
/// times a bare <c>docker run --rm IMAGE true</c>, the fixed cost any container build pays.
/// Needs a Docker daemon (DOCKER_HOST) and the image (scripts/setup/service-docker.sh).
/// Usage: container [runs=5]
/// </summary>
public static class ContainerBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = PipBenchmarkSample.Runs(args);
        await using var sample = await PipBenchmarkSample.CreateAsync("ll-bench-container", "python3.11"); // the offline image's Python
        var log = sample.Log;
        var hostSettings = sample.Settings with
        {
            // Debian's python3 is the offline image's interpreter (3.11.2, pip 23.0.1): same tool on both sides,
            // and no pyenv shim (a bash script) in front of the host's pip.
            PythonInterpreter = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : null,
        };
        var containerSettings = hostSettings with { Mode = BuildMode.Container };
        var hostStage = new BuildLayerStage(log);
        var containerStage = new BuildLayerStage(log, s => new ContainerExecutor(log));

        Console.WriteLine($"container benchmark: pip sample (tinyutil, leafdep, fastcalc) from a local index, {runs} runs each, " +
                          $"host python {hostSettings.PythonInterpreter ?? "python3.11"}, image {containerSettings.EffectiveImage}");
        // Warm-up of each side: JIT, pip's host cache, the image's layers in the page cache.
        await ForceBuild(hostStage, hostSettings);
        await ForceBuild(containerStage, containerSettings);
        var host = new List<double>();
        var container = new List<double>();
        var bare = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            host.Add(await ForceBuild(hostStage, hostSettings));
            container.Add(await ForceBuild(containerStage, containerSettings));
            bare.Add(BareContainer(containerSettings.EffectiveImage, containerSettings.Architecture.DockerPlatform));
        }
        var hostMedian = Median(host);
        Console.WriteLine($"{"case",-34} {"median (ms)",12} {"ratio to host",14}");
        Console.WriteLine($"{"host build (local mode)",-34} {hostMedian,12:0} {1.0,14:0.00}");
        Console.WriteLine($"{"container build (container mode)",-34} {Median(container),12:0} {Median(container) / hostMedian,14:0.00}");
        Console.WriteLine($"{"bare docker run --rm IMAGE true",-34} {Median(bare),12:0} {Median(bare) / hostMedian,14:0.00}");
        return 0;
    }

    private static double BareContainer(string image, string platform)
    {
        var start = new ProcessStartInfo("docker");
        foreach (var argument in new[] { "run", "--rm", "--platform", platform, image, "true" })
        {
            start.ArgumentList.Add(argument);
        }
        return TimeProcess(start, "docker run");
    }
}
