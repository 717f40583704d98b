using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LambdaLayers.FileSystem;

namespace LambdaLayers.Benchmarks;

/// <summary>
/// <c>directory-hash</c>: <see cref="DirectoryHash"/> on the package benchmark's generated tree against
/// the plain walk it replaced (a fresh stat and readlink per entry, files hashed one by one on one core),
/// in the same run; both must give the same hash. Options: <c>--dir DIR</c> (shared with <c>package</c>),
/// <c>--repeat N</c> (best of N).
/// </summary>
public static class DirectoryHashBenchmark
{
    public static Task<int> RunAsync(string[] args)
    {
        var work = Option(args, "--dir") ?? Path.Combine(Path.GetTempPath(), "lambda-layers-bench-package");
        var repeat = int.Parse(Option(args, "--repeat") ?? "3", CultureInfo.InvariantCulture);
        var artifacts = Path.Combine(work, "project", "build", "lambda", "layer", "artifacts");
        var tree = BenchmarkTree.Ensure(Path.Combine(artifacts, "python"));
        PlainWalk(artifacts); // warm the page cache

        var rows = new[] { ("plain walk (baseline)", (Func<string, string>)PlainWalk), ("DirectoryHash.Compute", DirectoryHash.Compute) }
            .Select(c => Measure(c.Item1, () => c.Item2(artifacts), repeat))
            .ToList();
        if (rows[0].Hash != rows[1].Hash)
        {
            throw new InvalidOperationException($"DirectoryHash gives {rows[1].Hash}, the plain walk {rows[0].Hash}: the hash of a tree must not change.");
        }
        Console.WriteLine($"Tree: {tree.Files:N0} files, {tree.Bytes / 1048576d:0.0} MiB; {Environment.ProcessorCount} cores; best of {repeat}; same hash.");
        Console.WriteLine();
        Console.WriteLine("| directory hash | wall time | CPU time | speed vs plain walk |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var row in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Name} | {row.Seconds:0.000} s | {row.CpuSeconds:0.000} s | {rows[0].Seconds / row.Seconds:0.00}× |"));
        }
        return Task.FromResult(0);
    }

    private sealed record Row(string Name, double Seconds, double CpuSeconds, string Hash);

    private static Row Measure(string name, Func<string> run, int repeat)
    {
        var best = new Row(name, double.MaxValue, double.MaxValue, "");
        for (var i = 0; i < repeat; i++)
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var hash = run();
            var seconds = watch.Elapsed.TotalSeconds;
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            best = new Row(name, Math.Min(best.Seconds, seconds), Math.Min(best.CpuSeconds, cpu), hash);
        }
        Console.Error.WriteLine($"  {name}: {best.Seconds:0.000} s wall, {best.CpuSeconds:0.000} s CPU");
        return best;
    }

    // The implementation DirectoryHash had before it shared the enumeration's stat and hashed in parallel.
    private static string PlainWalk(string directory)
    {
        using var total = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var entries = Directory.EnumerateFileSystemEntries(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(path => (Path: path, Relative: Path.GetRelativePath(directory, path).Replace('\\', '/')))
            .OrderBy(e => e.Relative, StringComparer.Ordinal);
        foreach (var (path, relative) in entries)
        {
            var info = new FileInfo(path);
            string line;
            if (info.LinkTarget is not null)
            {
                line = $"L {relative} -> {info.LinkTarget}\n";
            }
            else if (info.Attributes.HasFlag(FileAttributes.Directory))
            {
                line = $"D {relative}\n";
            }
            else
            {
                using var stream = File.OpenRead(path);
                line = $"F {relative} {Convert.ToHexStringLower(SHA256.HashData(stream))}\n";
            }
            total.AppendData(Encoding.UTF8.GetBytes(line));
        }
        return Convert.ToHexStringLower(total.GetHashAndReset());
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
