using System.Diagnostics;
using System.Globalization;
using LambdaLayers.Execution;
using LambdaLayers.Planning;
using LambdaLayers.Checks;
using LambdaLayers.Packaging;
using LambdaLayers.Pipeline;
using LambdaLayers.Settings;
using LambdaLayers.FileSystem;
using LambdaLayers.Reporting;
using LambdaLayers.Execution.Containers;

namespace LambdaLayers.Benchmarks;

/// <summary>
/// <c>checks</c>: what the compatibility check and the import smoke test add to PackageLayer. On the same
/// generated ≥15,000-file tree as <c>package</c> (its native files are ELF with version needs at the end),
/// it times PackageLayer without either (the baseline), with the check only, and with the check and the
/// smoke test (with python3.12 of this machine), in interleaved rounds, and prints wall and CPU time (the
/// CPU ratio is the verdict: on a shared machine it is what stays steady).
/// It also times each part alone and the one-time interpreter lookup. Options: <c>--dir DIR</c>,
/// <c>--repeat N</c> (default 3).
/// </summary>
public static class ChecksBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var work = Option(args, "--dir") ?? Path.Combine(Path.GetTempPath(), "lambda-layers-bench-package");
        var repeat = int.Parse(Option(args, "--repeat") ?? "3", CultureInfo.InvariantCulture);
        var project = Path.Combine(work, "project");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "requirements.txt"), "benchmark==1.0\n");
        File.WriteAllText(Path.Combine(project, "pyproject.toml"), "[project]\nname = \"bench\"\n");
        var settings = new LayerSettings
        {
            ProjectDirectory = project,
            PyProjectPath = Path.Combine(project, "pyproject.toml"),
            Tool = ToolKind.Pip,
            Runtime = LambdaRuntimes.Find("python3.12")!,
            Mode = BuildMode.CrossPlatform,
        };
        var layout = settings.Layout;
        Console.Error.WriteLine($"Generating (or reusing) the tree under {layout.PythonDirectory} …");
        var tree = BenchmarkTree.Ensure(layout.PythonDirectory);
        DirectoryHash.Compute(layout.ArtifactsDirectory); // warm the page cache

        var lookupWatch = Stopwatch.StartNew();
        var python = PythonInterpreterLocator.FindExact(settings)
            ?? throw new InvalidOperationException("The checks benchmark needs python3.12 (on PATH or under pyenv) to run the smoke test.");
        var lookup = lookupWatch.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"python3.12: {python} (found in {lookup:0.00} s)");

        var log = Serilog.Core.Logger.None;
        var contents = new LayerContentPlanner(log).Plan(layout.PythonDirectory, "python/", settings.Excludes, settings.ExcludePatterns);
        var candidates = new List<(string Name, Func<Task<string>> Run)>
        {
            ("PackageLayer without check or smoke test (baseline)", () => Package(new PackageLayerStage(log) { VerifyLayer = false }, settings)),
            ("PackageLayer with the compatibility check", () => Package(new PackageLayerStage(log), settings with { SmokeTest = false })),
            ("PackageLayer with the check and the import smoke test", () => Package(new PackageLayerStage(log), settings)),
            ("compatibility check alone", () =>
            {
                var result = LayerCompatibilityCheck.Run(settings, contents, layout.PythonDirectory, "python/", CancellationToken.None);
                return Task.FromResult($"{result.FilesChecked:N0} files, {result.ElfFiles} ELF, {result.Problems.Count} problems");
            }),
            ("import smoke test alone", async () =>
            {
                var outcome = await new ImportSmokeTest(log).RunAsync(settings, contents, "python/", CancellationToken.None);
                return outcome.Summary;
            }),
        };

        // Wall time is what a user waits, but on a shared machine other processes' load swamps a few percent;
        // CPU time (this process plus the interpreter it starts) is the work the checks add, and holds steady.
        var walls = candidates.Select(_ => new List<double>()).ToArray();
        var cpus = candidates.Select(_ => new List<double>()).ToArray();
        var notes = new string[candidates.Count];
        for (var round = 0; round < repeat; round++)
        {
            for (var i = 0; i < candidates.Count; i++)
            {
                GC.Collect();
                var cpuBefore = CpuSeconds();
                var watch = Stopwatch.StartNew();
                notes[i] = await candidates[i].Run();
                walls[i].Add(watch.Elapsed.TotalSeconds);
                cpus[i].Add(CpuSeconds() - cpuBefore);
                Console.Error.WriteLine($"  {candidates[i].Name}: {walls[i][^1]:0.000} s wall, {cpus[i][^1]:0.000} s CPU ({notes[i]})");
            }
        }

        double Best(List<double> values) => values.Min();
        double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        Console.WriteLine($"Tree: {tree.Files:N0} files, {tree.Bytes:N0} bytes ({tree.Bytes / 1048576d:0.0} MiB); {Environment.ProcessorCount} cores; " +
                          $".NET {Environment.Version}; {repeat} interleaved rounds; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end.");
        Console.WriteLine();
        Console.WriteLine("| run | wall, best | wall, median | CPU, best | CPU vs baseline | what it did |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|");
        for (var i = 0; i < candidates.Count; i++)
        {
            var ratio = i < 3 ? $"{Best(cpus[i]) / Best(cpus[0]):0.000}×" : $"{Best(cpus[i]) / Best(cpus[0]) * 100:0.0}% of it";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {candidates[i].Name} | {Best(walls[i]):0.000} s | {Median(walls[i]):0.000} s | {Best(cpus[i]):0.000} s | {ratio} | {notes[i]} |"));
        }
        var cpuAdded = Best(cpus[2]) / Best(cpus[0]) - 1;
        var wallAdded = Best(walls[2]) / Best(walls[0]) - 1;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Check and smoke test add {cpuAdded * 100:+0.0;-0.0}% CPU time and {wallAdded * 100:+0.0;-0.0}% wall time (best of {repeat}) to PackageLayer (limit: +10%). " +
            $"Finding python3.12 took {lookup:0.00} s once per process (not in the rows: the answer is kept)."));
        return cpuAdded <= 0.10 ? 0 : 1;
    }

    private static double CpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds + PackageBenchmark.ChildrenCpuSeconds();

    private static async Task<string> Package(PackageLayerStage stage, LayerSettings settings)
    {
        File.Delete(settings.Layout.PackageRecordPath);
        var result = await stage.RunAsync(settings, CancellationToken.None);
        return $"{result.Report!.FileCount:N0} files zipped, smoke test {result.Report!.SmokeTest?.Summary}";
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
