using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using LambdaLayers.Execution;
using LambdaLayers.Packaging;
using LambdaLayers.Pipeline;
using LambdaLayers.Settings;

namespace LambdaLayers.Benchmarks;

/// <summary>
/// <c>bytecode</c>: what the runtime-version bytecode buys at a cold start and costs in size and packaging time.
/// The layer is real pure-Python code: the pip and setuptools wheels the runtime's interpreter bundles for
/// ensurepip (its <c>WHEEL_PKG_DIR</c>, as Debian sets it, else <c>ensurepip/_bundled</c>; or <c>--wheels DIR</c>),
/// unpacked into <c>artifacts/python</c> as pip would install them. PackageLayer packages it with and without
/// bytecode (nothing excluded, smoke test off), in interleaved rounds (wall and CPU time, the interpreter's
/// included). Both zips are unpacked, and a fresh interpreter of the runtime's version imports the layer's
/// top-level modules — and, separately, pip's command-line entry point, which pulls in most of pip — with only
/// the layer and the standard library on <c>sys.path</c> and <c>-B</c> (PYTHONDONTWRITEBYTECODE: nothing is
/// cached, as on Lambda's read-only <c>/opt</c>); import time is taken inside the interpreter, alternating the
/// two layers. Options: <c>--runtime python3.X</c> (default python3.11), <c>--dir DIR</c>, <c>--repeat N</c>
/// (import rounds, default 15), <c>--package-repeat N</c> (default 3), <c>--wheels DIR</c>.
/// </summary>
public static class BytecodeBenchmark
{
    private const string ImportTimer = """
        import sys, time
        sys.path.insert(0, sys.argv[1])
        start = time.perf_counter()
        for name in sys.argv[2].split(","):
            __import__(name)
        print("%.6f" % (time.perf_counter() - start))
        """;

    private const string WheelFolderProbe = """
        import ensurepip, os, sysconfig
        configured = sysconfig.get_config_var("WHEEL_PKG_DIR")
        print(configured if configured and os.path.isdir(configured) else os.path.join(os.path.dirname(ensurepip.__file__), "_bundled"))
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var runtime = LambdaRuntimes.Find(Option(args, "--runtime") ?? "python3.11")
            ?? throw new ArgumentException("--runtime takes a Lambda runtime name such as python3.11");
        var work = Option(args, "--dir") ?? Path.Combine(Path.GetTempPath(), "lambda-layers-bench-bytecode");
        var repeat = int.Parse(Option(args, "--repeat") ?? "15", CultureInfo.InvariantCulture);
        var packageRepeat = int.Parse(Option(args, "--package-repeat") ?? "3", CultureInfo.InvariantCulture);
        var project = Path.Combine(work, "project");
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "requirements.txt"), "pip\nsetuptools\n");
        File.WriteAllText(Path.Combine(project, "pyproject.toml"), "[project]\nname = \"bench-bytecode\"\n");
        var settings = new LayerSettings
        {
            ProjectDirectory = project,
            PyProjectPath = Path.Combine(project, "pyproject.toml"),
            Tool = ToolKind.Pip,
            Runtime = runtime,
            Mode = BuildMode.Local,
            Excludes = [],
            SmokeTest = false,
        };
        var python = PythonInterpreterLocator.FindExact(settings)
            ?? throw new InvalidOperationException($"The bytecode benchmark needs {runtime.InterpreterName} (on PATH or under pyenv).");
        var wheelFolder = Option(args, "--wheels") ?? (await Python(python, ["-I", "-c", WheelFolderProbe])).Trim();
        var wheels = Directory.GetFiles(wheelFolder, "*-py3-none-any.whl")
            .Where(w => Path.GetFileName(w).StartsWith("pip-", StringComparison.Ordinal) || Path.GetFileName(w).StartsWith("setuptools-", StringComparison.Ordinal) || Path.GetFileName(w).StartsWith("wheel-", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (wheels.Count == 0)
        {
            throw new InvalidOperationException($"No pip or setuptools wheel in {wheelFolder}; pass --wheels DIR.");
        }
        var layout = settings.Layout;
        Directory.CreateDirectory(layout.PythonDirectory);
        foreach (var wheel in wheels)
        {
            ZipFile.ExtractToDirectory(wheel, layout.PythonDirectory, overwriteFiles: true);
        }
        var sources = Directory.GetFiles(layout.PythonDirectory, "*.py", SearchOption.AllDirectories);
        var sourceBytes = sources.Sum(f => new FileInfo(f).Length);
        Console.Error.WriteLine($"{runtime.InterpreterName}: {python}; layer: {string.Join(", ", wheels.Select(Path.GetFileName))} ({sources.Length:N0} .py files, {sourceBytes:N0} bytes)");

        // Packaging, with and without bytecode, interleaved.
        var log = Serilog.Core.Logger.None;
        var variants = new[] { ("without bytecode (--no-bytecode)", settings with { Bytecode = false }), ("with bytecode", settings) };
        var walls = variants.Select(_ => new List<double>()).ToArray();
        var cpus = variants.Select(_ => new List<double>()).ToArray();
        var reports = new PackageRecord[variants.Length];
        var zips = variants.Select((_, i) => Path.Combine(work, $"layer-{i}.zip")).ToArray();
        for (var round = 0; round < packageRepeat; round++)
        {
            for (var i = 0; i < variants.Length; i++)
            {
                GC.Collect();
                var cpuBefore = CpuSeconds();
                var watch = Stopwatch.StartNew();
                var result = await new PackageLayerStage(log).RunAsync(variants[i].Item2 with { Force = true }, CancellationToken.None);
                walls[i].Add(watch.Elapsed.TotalSeconds);
                cpus[i].Add(CpuSeconds() - cpuBefore);
                reports[i] = result.Report!;
                File.Copy(layout.ZipPath, zips[i], overwrite: true);
                Console.Error.WriteLine($"  package {variants[i].Item1}: {walls[i][^1]:0.000} s wall, {cpus[i][^1]:0.000} s CPU, bytecode {result.Report!.Bytecode?.Summary}");
            }
        }
        var bytecode = reports[1].Bytecode!;
        if (bytecode.Result != BytecodeOutcome.CompiledResult || bytecode.Files == 0)
        {
            throw new InvalidOperationException($"The layer was packaged without bytecode: {bytecode.Summary}");
        }

        // Import time from each unpacked layer, in fresh interpreters, alternating.
        var layers = zips.Select((zip, i) =>
        {
            var folder = Path.Combine(work, $"unpacked-{i}");
            ZipFile.ExtractToDirectory(zip, folder);
            return Path.Combine(folder, "python");
        }).ToArray();
        var topLevel = TopLevelNames(layers[0]);
        if (topLevel.Count == 0)
        {
            throw new InvalidOperationException("The layer has no top-level modules to import.");
        }
        var scenarios = new[]
        {
            (Name: $"import the top-level modules ({string.Join(", ", topLevel)})", Modules: string.Join(",", topLevel)),
            (Name: "import pip._internal.cli.main (what running pip loads)", Modules: "pip._internal.cli.main"),
        };
        var importTimes = scenarios.Select(_ => variants.Select(_ => new List<double>()).ToArray()).ToArray();
        for (var round = 0; round < repeat; round++)
        {
            for (var s = 0; s < scenarios.Length; s++)
            {
                for (var i = 0; i < variants.Length; i++)
                {
                    var seconds = double.Parse((await Python(python, ["-I", "-S", "-B", "-c", ImportTimer, layers[i], scenarios[s].Modules])).Trim(), CultureInfo.InvariantCulture);
                    importTimes[s][i].Add(seconds);
                }
            }
        }

        double Best(List<double> values) => values.Min();
        double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        string Ms(double seconds) => (seconds * 1000).ToString("0.0", CultureInfo.InvariantCulture) + " ms";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{runtime.InterpreterName} ({python}); layer: {string.Join(", ", wheels.Select(Path.GetFileName))}, {sources.Length:N0} .py files; " +
            $"{Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end; " +
            $"{repeat} import rounds, {packageRepeat} packaging rounds, interleaved."));
        Console.WriteLine();
        Console.WriteLine("| import, fresh interpreter, -B | without bytecode, median (best) | with bytecode, median (best) | ratio (median) |");
        Console.WriteLine("|---|---:|---:|---:|");
        for (var s = 0; s < scenarios.Length; s++)
        {
            var without = importTimes[s][0];
            var with = importTimes[s][1];
            Console.WriteLine($"| {scenarios[s].Name} | {Ms(Median(without))} ({Ms(Best(without))}) | {Ms(Median(with))} ({Ms(Best(with))}) | {(Median(with) / Median(without)).ToString("0.00", CultureInfo.InvariantCulture)}× |");
        }
        Console.WriteLine();
        Console.WriteLine("| PackageLayer | files | unzipped | zipped | wall, best | CPU, best |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        for (var i = 0; i < variants.Length; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {variants[i].Item1} | {reports[i].FileCount:N0} | {reports[i].UnzippedBytes:N0} | {reports[i].ZipBytes:N0} | {Best(walls[i]):0.000} s | {Best(cpus[i]):0.000} s |"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| bytecode costs | +{reports[1].FileCount - reports[0].FileCount:N0} | {(double)reports[1].UnzippedBytes / reports[0].UnzippedBytes - 1:+0.0%} | " +
            $"{(double)reports[1].ZipBytes / reports[0].ZipBytes - 1:+0.0%} | {Best(walls[1]) / Best(walls[0]):0.00}× | {Best(cpus[1]) / Best(cpus[0]):0.00}× |"));
        Console.WriteLine();
        Console.WriteLine($"Bytecode: {bytecode.Summary}");
        return 0;
    }

    /// <summary>The layer's top-level importable names, from each distribution's top_level.txt, else its package folders.</summary>
    private static IReadOnlyList<string> TopLevelNames(string layer)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var distInfo in Directory.GetDirectories(layer, "*.dist-info"))
        {
            var topLevel = Path.Combine(distInfo, "top_level.txt");
            if (File.Exists(topLevel))
            {
                names.UnionWith(File.ReadAllLines(topLevel).Select(l => l.Trim()).Where(l => l.Length > 0));
            }
        }
        if (names.Count == 0)
        {
            names.UnionWith(Directory.GetDirectories(layer).Select(Path.GetFileName).Where(n => n is not null && !n.Contains('.') && File.Exists(Path.Combine(layer, n, "__init__.py")))!);
        }
        return names.ToList();
    }

    private static async Task<string> Python(string python, IReadOnlyList<string> arguments)
    {
        var result = await ProcessRunner.RunAsync(new ProcessRequest(python, arguments)
        {
            Environment = new Dictionary<string, string?> { ["PYTHONDONTWRITEBYTECODE"] = "1" },
            TimeLimit = TimeSpan.FromMinutes(2),
        }, CancellationToken.None);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{python} failed: {result.Text}");
        }
        return string.Join('\n', result.StandardOutput);
    }

    private static double CpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds + PackageBenchmark.ChildrenCpuSeconds();

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
