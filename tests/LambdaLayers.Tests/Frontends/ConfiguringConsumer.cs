using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Frontends;

/// <summary>
/// <c>tests/configuring-consumer</c>, a NUKE build whose ConfigureLayer changes the setting CONFIGURE_CASE names, built
/// once per test run and run as a process the way <see cref="ReferenceConsumer"/> runs the repository's build.
/// </summary>
public sealed class ConfiguringConsumer : IAsyncLifetime
{
    private static readonly string Project = Path.Combine(RepositoryPaths.Root, "tests", "configuring-consumer");

    public string BuildAssembly { get; } = Path.Combine(Project, "bin", "Release", "ConfiguringConsumer.dll");

    public async ValueTask InitializeAsync()
    {
        var build = await ReferenceConsumer.RunProcessAsync("dotnet",
            ["build", Path.Combine(Project, "ConfiguringConsumer.csproj"), "-c", "Release", "-nologo", "-v", "quiet",
             "-clp:NoSummary", "-nodeReuse:false", "-p:UseSharedCompilation=false"],
            RepositoryPaths.Root, ReferenceConsumer.CleanEnvironment(), TimeSpan.FromMinutes(15));
        if (build.ExitCode != 0 || !File.Exists(BuildAssembly))
        {
            throw new InvalidOperationException($"Building tests/configuring-consumer failed ({build.ExitCode}):\n{build.Output}");
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Runs the build in <paramref name="root"/> with ConfigureLayer making the change <paramref name="configureCase"/>.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string root, string configureCase, params string[] arguments)
    {
        var variables = ReferenceConsumer.CleanEnvironment();
        variables["CONFIGURE_CASE"] = configureCase;
        var (exitCode, output) = await ReferenceConsumer.RunProcessAsync("dotnet", [BuildAssembly, .. arguments], root, variables, TimeSpan.FromMinutes(5));
        return (exitCode, ReferenceConsumer.Ansi().Replace(output, ""));
    }
}
