namespace LambdaLayers.Benchmarks;

/// <summary>Benchmarks, one subcommand each; every one prints its ratio against a baseline measured in the same run.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "build": return await BuildBenchmark.RunAsync(args[1..]);
            case "container": return await ContainerBenchmark.RunAsync(args[1..]);
            default:
                Console.Error.WriteLine("usage: LambdaLayers.Benchmarks <benchmark> [options]\nbenchmarks: build, container");
                return 2;
        }
    }
}
