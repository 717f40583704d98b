using System.Diagnostics;
using LambdaLayers.Pipeline;
using LambdaLayers.Settings;

namespace LambdaLayers.Benchmarks;

/// <summary>Timing pieces the build and container benchmarks share.</summary>
public static class BuildTimings
{
    /// <summary>Runs BuildLayer with its record removed, so it cannot skip; milliseconds.</summary>
    public static async Task<double> ForceBuild(BuildLayerStage stage, LayerSettings settings)
    {
        if (File.Exists(settings.Layout.BuildRecordPath))
        {
            File.Delete(settings.Layout.BuildRecordPath);
        }
        var watch = Stopwatch.StartNew();
        await stage.RunAsync(settings, CancellationToken.None);
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>Runs a process to completion; milliseconds, or an exception carrying its stderr.</summary>
    public static double TimeProcess(ProcessStartInfo start, string what)
    {
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? watch.Elapsed.TotalMilliseconds : throw new InvalidOperationException($"{what} failed: {error}");
    }

    public static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
