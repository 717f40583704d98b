using System.Diagnostics;
using System.Globalization;
using LambdaLayers.Packaging;
using LambdaLayers.Settings;

namespace LambdaLayers.Benchmarks;

/// <summary>
/// <c>package</c>: on a generated ≥150 MB, ≥15,000-file mixed tree, compares in one run the wall time and
/// zipped size of PackageLayer against Info-ZIP <c>zip -r -X</c> (its default level 6, the baseline) and
/// <c>zip -r -X -9</c> (what the seed runs), shows the writer alone at deflate levels 1, 6 and 9, and
/// times a no-op PackageLayer. Options: <c>--dir DIR</c> (work folder, reused between runs),
/// <c>--repeat N</c> (best of N for each timed row).
/// </summary>
public static class PackageBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var work = Option(args, "--dir") ?? Path.Combine(Path.GetTempPath(), "lambda-layers-bench-package");
        var repeat = int.Parse(Option(args, "--repeat") ?? "1", CultureInfo.InvariantCulture);
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
        };
        var layout = settings.Layout;

        Console.Error.WriteLine($"Generating (or reusing) the tree under {layout.PythonDirectory} …");
        var tree = BenchmarkTree.Ensure(layout.PythonDirectory);
        Console.Error.WriteLine($"Tree: {tree.Files:N0} files, {tree.Bytes:N0} bytes; warming the page cache …");
        DirectoryHash.Compute(layout.ArtifactsDirectory);

        var zip = FindOnPath("zip") ?? throw new InvalidOperationException("Info-ZIP 'zip' is not on PATH (apt-get install zip).");
        var rows = new List<Row>();
        var baselineZip = Path.Combine(work, "zip-6.zip");
        rows.Add(Best(repeat, "`zip -r -X` (Info-ZIP level 6, baseline)", () => RunZip(zip, layout.ArtifactsDirectory, baselineZip, [])));
        rows.Add(Best(repeat, "`zip -r -X -9` (the seed)", () => RunZip(zip, layout.ArtifactsDirectory, Path.Combine(work, "zip-9.zip"), ["-9"])));

        var stage = new PackageLayerStage(Serilog.Core.Logger.None);
        rows.Add(Best(repeat, $"PackageLayer (level {DeterministicZipWriter.DefaultCompressionLevel}, full stage: scan, zip, hashes, layer.json)", () =>
        {
            File.Delete(layout.PackageReportPath);
            var result = stage.RunAsync(settings, CancellationToken.None).GetAwaiter().GetResult();
            return result.Report.ZipBytes;
        }));

        var contents = new LayerContentPlanner(Serilog.Core.Logger.None).Plan(layout.PythonDirectory, "python/", settings.Excludes, settings.ExcludePatterns);
        foreach (var level in new[] { 1, 6, 9 })
        {
            rows.Add(Best(repeat, $"zip writer alone, level {level}", () =>
            {
                var path = Path.Combine(work, $"writer-{level}.zip");
                using var output = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20);
                return new DeterministicZipWriter { CompressionLevel = level }.WriteAsync(contents.Entries, output, CancellationToken.None)
                    .GetAwaiter().GetResult().ArchiveBytes;
            }));
        }

        // No-op: layer.json and layer.zip from the stage row above are current.
        stage.RunAsync(settings, CancellationToken.None).GetAwaiter().GetResult();
        var noOps = new List<double>();
        for (var i = 0; i < Math.Max(5, repeat); i++)
        {
            var watch = Stopwatch.StartNew();
            var result = await stage.RunAsync(settings, CancellationToken.None);
            noOps.Add(watch.Elapsed.TotalSeconds);
            if (!result.Skipped)
            {
                throw new InvalidOperationException($"The no-op run did not skip: {result.Reason}");
            }
        }
        // Touched but unchanged: the stat signature differs, so the content hash decides (the slow path).
        var touchedFile = Directory.EnumerateFiles(layout.PythonDirectory, "*.py", SearchOption.AllDirectories).First();
        File.SetLastWriteTimeUtc(touchedFile, DateTime.UtcNow);
        var touchedWatch = Stopwatch.StartNew();
        var touched = await stage.RunAsync(settings, CancellationToken.None);
        var touchedSeconds = touchedWatch.Elapsed.TotalSeconds;

        var baseline = rows[0];
        Console.WriteLine($"Tree: {tree.Files:N0} files, {tree.Bytes:N0} bytes ({tree.Bytes / 1048576d:0.0} MiB); {Environment.ProcessorCount} cores; .NET {Environment.Version}; best of {repeat}.");
        Console.WriteLine();
        Console.WriteLine("| packager | wall time | speed vs `zip -r -X` | zipped bytes | size vs `zip -r -X` |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Name} | {row.Seconds:0.00} s | {baseline.Seconds / row.Seconds:0.00}× | {row.Bytes:N0} | {100.0 * (row.Bytes - baseline.Bytes) / baseline.Bytes:+0.00;-0.00;0.00}% |"));
        }
        Console.WriteLine();
        noOps.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"No-op PackageLayer (nothing changed): median {noOps[noOps.Count / 2] * 1000:0} ms, worst {noOps[^1] * 1000:0} ms over {noOps.Count} runs."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"No-op after touching one file (content re-hashed, skipped: {touched.Skipped}): {touchedSeconds * 1000:0} ms."));
        return 0;
    }

    private sealed record Row(string Name, double Seconds, long Bytes);

    private static Row Best(int repeat, string name, Func<long> run)
    {
        var best = double.MaxValue;
        long bytes = 0;
        for (var i = 0; i < repeat; i++)
        {
            var watch = Stopwatch.StartNew();
            bytes = run();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        Console.Error.WriteLine($"  {name}: {best:0.00} s, {bytes:N0} bytes");
        return new Row(name, best, bytes);
    }

    private static long RunZip(string zip, string workingDirectory, string output, string[] extra)
    {
        File.Delete(output);
        var start = new ProcessStartInfo(zip) { WorkingDirectory = workingDirectory, RedirectStandardError = true };
        foreach (var argument in new[] { "-r", "-X", "-q" }.Concat(extra).Concat([output, "python"]))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"zip failed ({process.ExitCode}): {stderr}");
        }
        return new FileInfo(output).Length;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
