namespace LambdaLayers.Benchmarks;

/// <summary>One subcommand per benchmark, one line each, so benchmarks added on different branches merge trivially.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var name = args.Length > 0 ? args[0] : "";
        var rest = args.Skip(1).ToArray();
        switch (name)
        {
            case "toml": return await TomlBenchmark.RunAsync(rest);
            default:
                Console.Error.WriteLine("usage: LambdaLayers.Benchmarks <benchmark> [options]\nbenchmarks: toml");
                return 2;
        }
    }
}
