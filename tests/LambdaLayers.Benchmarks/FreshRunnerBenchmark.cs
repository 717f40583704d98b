using System.Diagnostics;
using System.Globalization;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using LambdaLayers.Pipeline;
using LambdaLayers.Publishing;
using LambdaLayers.Reporting;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Publishing;
using LambdaLayers.Tests.Support;
using Serilog;

namespace LambdaLayers.Benchmarks;

/// <summary>
/// <c>fresh-runner</c>: what a CI runner that starts empty pays. In one run, for a pip sample with realistic
/// dependencies (<see cref="RealisticWheels"/>) served from a local index, published to the in-test fake Lambda
/// through s3rver: (1) a full publish of a new layer (install, zip, upload, publish: the baseline), (2) the same
/// publish again after deleting build/ (the live layer is current), (3) PackageLayer after deleting build/ with
/// the bucket set (served from the build cache), and (4) the same with --no-cache. Each case runs in a new
/// LayerStages, as a new process would, with an empty pip cache; the median of the runs is reported with Lambda
/// calls (from the fake's journal), request body bytes sent to S3 and Lambda (counted in the HTTP handler) and
/// requests that reached the package index (any pip run makes some).
/// Needs s3rver: <c>source scripts/setup/service-s3rver.sh &amp;&amp; start_s3rver</c>. Usage: fresh-runner [runs=3] [--verbose]
/// </summary>
public static class FreshRunnerBenchmark
{
    private const string AccessKey = "S3RVER";

    private sealed record Measure(double Milliseconds, int LambdaCalls, long BytesSent, int IndexRequests, string Outcome);

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 3;
        var log = StderrLogSink.Logger(args.Contains("--verbose"));
        var endpoint = Environment.GetEnvironmentVariable("LAMBDA_LAYERS_TEST_S3_ENDPOINT");
        if (string.IsNullOrEmpty(endpoint))
        {
            Console.Error.WriteLine("fresh-runner needs the S3 emulator: source scripts/setup/service-s3rver.sh && start_s3rver");
            return 2;
        }
        var s3Endpoint = new Uri(endpoint);
        using var temp = new TemporaryDirectory("ll-bench-fresh");
        var wheels = Path.Combine(temp.Path, "wheels");
        RealisticWheels.WriteAll(wheels);
        await using var index = await PackageIndexServer.StartAsync(wheels);
        var credentials = new BasicAWSCredentials(AccessKey, AccessKey);
        var s3Connection = new AwsConnection(credentials, FakeLambdaServer.Region, new Uri("http://unused"), s3Endpoint);
        await using var lambda = await FakeLambdaServer.StartAsync(new Dictionary<string, string> { [AccessKey] = AccessKey },
            () => new AmazonS3Client(credentials, LayerS3Store.CreateConfig(s3Connection)));
        var bucket = "bench-" + Guid.NewGuid().ToString("N")[..10];
        using (var s3 = new AmazonS3Client(credentials, LayerS3Store.CreateConfig(s3Connection)))
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        }
        var counting = new CountingTransport();
        var connection = new AwsConnection(credentials, FakeLambdaServer.Region, lambda.Endpoint, s3Endpoint) { Transport = counting.CreateHandler };
        // Every pip run starts with an empty cache, as on a fresh runner (the child inherits XDG_CACHE_HOME).
        var pipCaches = Path.Combine(temp.Path, "pip-caches");

        var cases = new Dictionary<string, List<Measure>>();
        void Add(string name, Measure m) => (cases.TryGetValue(name, out var list) ? list : cases[name] = []).Add(m);
        var python = new Execution.PythonInterpreterLocator(log).Find(new LayerSettings
        {
            ProjectDirectory = temp.Path, PyProjectPath = "", Tool = ToolKind.Pip, Runtime = LambdaRuntimes.Find("python3.12")!,
        });

        for (var run = 0; run < runs; run++)
        {
            var project = SampleProjects.WritePip(Path.Combine(temp.Path, $"project-{run}"), [.. RealisticWheels.Requirements]);
            var settings = new LayerSettings
            {
                ProjectDirectory = project,
                PyProjectPath = Path.Combine(project, "pyproject.toml"),
                Tool = ToolKind.Pip,
                Runtime = LambdaRuntimes.Find("python3.12")!,
                PythonInterpreter = python,
                Index = new PackageIndex("bench", index.Url, null, null),
                LayerName = $"bench-{run}-{Guid.NewGuid():N}"[..24],
                Bucket = bucket,
                Prefix = $"run-{run}",
                Region = FakeLambdaServer.Region,
            };
            async Task<Measure> Time(PipelineStage goal, LayerSettings s)
            {
                Environment.SetEnvironmentVariable("XDG_CACHE_HOME", Path.Combine(pipCaches, Guid.NewGuid().ToString("N")));
                var calls = lambda.Journal.Count;
                var bytes = counting.BodyBytes;
                var requests = index.Requests.Count;
                var clock = Stopwatch.StartNew();
                var summary = await new PipelineRunner(new LayerStages(log, _ => connection, AwsRetryPolicy.Default), log).RunAsync(goal, s, CancellationToken.None);
                var elapsed = clock.Elapsed.TotalMilliseconds;
                return new Measure(elapsed, lambda.Journal.Count - calls, counting.BodyBytes - bytes, index.Requests.Count - requests,
                    new LayerRunReport(summary).Result);
            }
            void DeleteBuild() => Directory.Delete(Path.Combine(project, "build"), recursive: true);

            Add("full publish (install, zip, upload, publish)", await Time(PipelineStage.Publish, settings));
            DeleteBuild();
            Add("fresh runner, unchanged publish", await Time(PipelineStage.Publish, settings));
            DeleteBuild();
            Add("fresh runner, PackageLayer from the build cache", await Time(PipelineStage.Package, settings));
            DeleteBuild();
            Add("fresh runner, PackageLayer --no-cache", await Time(PipelineStage.Package, settings with { BuildCache = false }));
        }

        var baseline = Median(cases.First().Value.Select(m => m.Milliseconds));
        var zip = new FileInfo(Path.Combine(temp.Path, "project-0", "build", "lambda", "layer", "layer.zip"));
        Console.WriteLine($"fresh-runner benchmark: pip sample with {RealisticWheels.Requirements.Count} distributions from a local index, " +
                          $"layer.zip {zip.Length / 1048576.0:0.0} MiB, median of {runs} run(s), s3rver + fake Lambda on 127.0.0.1");
        Console.WriteLine();
        Console.WriteLine("| case | wall time | vs full publish | Lambda calls | bytes uploaded | index requests (pip) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, measures) in cases)
        {
            var ms = Median(measures.Select(m => m.Milliseconds));
            Console.WriteLine($"| {name} | {ms / 1000:0.00} s | {ms / baseline:0.000} | {Median(measures.Select(m => (double)m.LambdaCalls)):0} | " +
                              $"{Median(measures.Select(m => (double)m.BytesSent)):N0} | {Median(measures.Select(m => (double)m.IndexRequests)):0} |");
        }
        Console.WriteLine();
        foreach (var (name, measures) in cases)
        {
            Console.WriteLine($"{name}: {measures[0].Outcome}");
        }
        if (counting.UnknownLengths > 0)
        {
            Console.WriteLine($"note: {counting.UnknownLengths} request(s) had no declared body length and were counted as 0 bytes");
        }
        return 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
