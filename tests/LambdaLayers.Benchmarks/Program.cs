namespace LambdaLayers.Benchmarks;

/// <summary>
/// Benchmarks, one subcommand each (one line per benchmark, so benchmarks added on different branches merge
/// trivially); every one prints its ratio against a baseline measured in the same run.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "package": return await PackageBenchmark.RunAsync(args[1..]);
            case "build": return await BuildBenchmark.RunAsync(args[1..]);
            case "container": return await ContainerBenchmark.RunAsync(args[1..]);
            case "directory-hash": return await DirectoryHashBenchmark.RunAsync(args[1..]);
            case "bootstrap": return await BootstrapBenchmark.RunAsync(args[1..]);
            case "fresh-runner": return await FreshRunnerBenchmark.RunAsync(args[1..]);
            case "checks": return await ChecksBenchmark.RunAsync(args[1..]);
            case "bytecode": return await BytecodeBenchmark.RunAsync(args[1..]);
            case "matrix": return await MatrixBenchmark.RunAsync(args[1..]);
            default:
                Console.Error.WriteLine("usage: LambdaLayers.Benchmarks <benchmark> [options]\nbenchmarks: package, build, container, directory-hash, bootstrap, fresh-runner, checks, bytecode, matrix");
                return 2;
        }
    }
}
