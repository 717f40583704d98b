using System.Diagnostics;
using System.Globalization;
using LambdaLayers.Execution;
using LambdaLayers.Pipeline;
using LambdaLayers.Reporting;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Benchmarks;

/// <summary>
/// <c>matrix</c>: two architectures in one run against two separate runs. The project is the fresh-runner sample
/// (<see cref="RealisticWheels"/>, about 41 MB installed) plus <c>fastcalc</c>, which has one wheel per architecture,
/// so the two layers differ as a native layer's do; it is installed cross-platform from a local index. The baseline
/// is PackageLayer run twice, once per architecture (<c>--architecture x86_64</c>, then <c>--architecture arm64</c>),
/// each in a new <see cref="LayerStages"/> as a new process would; the matrix is one PackageLayer run with
/// <c>--architecture x86_64,arm64</c>. Every run starts without a build folder and with an empty pip cache, and the
/// order of the two cases alternates between rounds. In-process, so the .NET start-up a second process would add to
/// the baseline is not counted. As a reference for what the machine gives at that moment, each round also times the
/// raw pip command of both architectures one after the other and both at once: on a shared machine (Linux shares
/// the CPU between sessions, not threads) two processes at once can be no faster than one after the other, and
/// then no run of ours can be either. Usage: matrix [runs=3] [--verbose]
/// </summary>
public static class MatrixBenchmark
{
    private static readonly LambdaArchitecture[] Both = [LambdaArchitecture.X86_64, LambdaArchitecture.Arm64];

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 3;
        var log = StderrLogSink.Logger(args.Contains("--verbose"));
        using var temp = new TemporaryDirectory("ll-bench-matrix");
        var wheels = Path.Combine(temp.Path, "wheels");
        RealisticWheels.WriteAll(wheels);
        await using var index = await PackageIndexServer.StartAsync(wheels);
        var runtime = LambdaRuntimes.Find("python3.12")!;
        var python = new PythonInterpreterLocator(log).Find(new LayerSettings
        {
            ProjectDirectory = temp.Path, PyProjectPath = "", Tool = ToolKind.Pip, Runtime = runtime,
        });
        var pipCaches = Path.Combine(temp.Path, "pip-caches");
        string[] requirements = [.. RealisticWheels.Requirements, "fastcalc==1.0"];

        LayerSettings Settings(string name)
        {
            var project = SampleProjects.WritePip(Path.Combine(temp.Path, name), requirements);
            return new LayerSettings
            {
                ProjectDirectory = project,
                PyProjectPath = Path.Combine(project, "pyproject.toml"),
                Tool = ToolKind.Pip,
                Runtime = runtime,
                Mode = BuildMode.CrossPlatform,
                PythonInterpreter = python,
                Index = new PackageIndex("bench", index.Url, null, null),
                BuildCache = false,
            };
        }

        async Task<LayerMatrixSummary> Package(LayerSettings settings)
        {
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", Path.Combine(pipCaches, Guid.NewGuid().ToString("N")));
            return await new PipelineRunner(new LayerStages(log), log).RunAsync(PipelineStage.Package, LayerMatrix.Expand(settings), CancellationToken.None);
        }

        async Task<(double Seconds, string Outcome)> Separate(int round)
        {
            var clock = Stopwatch.StartNew();
            var outcomes = new List<string>();
            foreach (var architecture in Both)
            {
                var summary = await Package(Settings($"separate-{round}-{architecture.Name}") with { Architecture = architecture });
                outcomes.Add($"{architecture.Name} {Describe(summary.Entries[0])}");
            }
            return (clock.Elapsed.TotalSeconds, string.Join("; ", outcomes));
        }

        async Task<(double Seconds, string Outcome)> Matrix(int round)
        {
            var clock = Stopwatch.StartNew();
            var summary = await Package(Settings($"matrix-{round}") with { Architectures = Both });
            var seconds = clock.Elapsed.TotalSeconds;
            return (seconds, string.Join("; ", summary.Entries.Select(e => $"{e.Settings.Architecture.Name} {Describe(e)}")));
        }

        (double Sequential, double Parallel) RawPip(int round)
        {
            var settings = Settings($"raw-{round}");
            string Target(LambdaArchitecture a) => Path.Combine(settings.ProjectDirectory, "raw-" + a.Name);
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", Path.Combine(pipCaches, Guid.NewGuid().ToString("N")));
            var clock = Stopwatch.StartNew();
            foreach (var architecture in Both)
            {
                BuildBenchmark.RunRawPip(settings with { Architecture = architecture }, python, Target(architecture));
            }
            var sequential = clock.Elapsed.TotalSeconds;
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", Path.Combine(pipCaches, Guid.NewGuid().ToString("N")));
            clock.Restart();
            Parallel.ForEach(Both, new ParallelOptions { MaxDegreeOfParallelism = 2 },
                architecture => BuildBenchmark.RunRawPip(settings with { Architecture = architecture }, python, Target(architecture)));
            return (sequential, clock.Elapsed.TotalSeconds);
        }

        var rawSequential = new List<double>();
        var rawParallel = new List<double>();
        var separate = new List<double>();
        var matrix = new List<double>();
        string separateOutcome = "", matrixOutcome = "";
        for (var round = 0; round < runs; round++)
        {
            // Alternate which case goes first, so a change in the machine's load falls on both.
            if (round % 2 == 0)
            {
                (var s, separateOutcome) = await Separate(round);
                (var m, matrixOutcome) = await Matrix(round);
                separate.Add(s);
                matrix.Add(m);
            }
            else
            {
                (var m, matrixOutcome) = await Matrix(round);
                (var s, separateOutcome) = await Separate(round);
                separate.Add(s);
                matrix.Add(m);
            }
            var raw = RawPip(round);
            rawSequential.Add(raw.Sequential);
            rawParallel.Add(raw.Parallel);
            Console.Error.WriteLine($"  round {round + 1}: raw pip {raw.Parallel / raw.Sequential:0.00}, separate {separate[^1]:0.00} s, matrix {matrix[^1]:0.00} s, ratio {matrix[^1] / separate[^1]:0.00}");
        }

        var baseline = Median(separate);
        var together = Median(matrix);
        Console.WriteLine($"matrix benchmark: PackageLayer for x86_64 and arm64, pip cross-platform, {requirements.Length} distributions from a local index " +
                          $"(fastcalc native per architecture), python {python}, {Environment.ProcessorCount} cores, median of {runs} round(s)");
        Console.WriteLine();
        Console.WriteLine("| case | wall time, median | best | vs two separate runs |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| two separate runs, `--architecture x86_64` then `--architecture arm64` (baseline) | {baseline:0.00} s | {separate.Min():0.00} s | 1.00 |");
        Console.WriteLine($"| one run, `--architecture x86_64,arm64` | {together:0.00} s | {matrix.Min():0.00} s | {together / baseline:0.00} |");
        Console.WriteLine($"| reference: raw pip install, both architectures one after the other | {Median(rawSequential):0.00} s | {rawSequential.Min():0.00} s | 1.00 |");
        Console.WriteLine($"| reference: raw pip install, both architectures at once | {Median(rawParallel):0.00} s | {rawParallel.Min():0.00} s | {Median(rawParallel) / Median(rawSequential):0.00} |");
        Console.WriteLine();
        Console.WriteLine($"raw pip ratio per round: {string.Join(", ", rawParallel.Zip(rawSequential, (p, q) => (p / q).ToString("0.00", CultureInfo.InvariantCulture)))}");
        Console.WriteLine($"ratio per round: {string.Join(", ", matrix.Zip(separate, (m, s) => (m / s).ToString("0.00", CultureInfo.InvariantCulture)))}");
        Console.WriteLine($"separate: {separateOutcome}");
        Console.WriteLine($"matrix: {matrixOutcome}");
        return 0;
    }

    private static string Describe(LayerRunSummary entry) =>
        entry.Package?.Report is { } report
            ? $"{LayerMatrixReport.ShortResult(entry)}, {report.FileCount:N0} files, zip {report.ZipSha256[..12]}"
            : LayerMatrixReport.ShortResult(entry);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
