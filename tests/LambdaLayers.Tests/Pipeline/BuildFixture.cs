using LambdaLayers.Execution;
using LambdaLayers.Planning;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Pipeline;

/// <summary>
/// Shared by the build tests: the test wheels, an open index and one behind basic auth, the uv stand-in
/// first on PATH, and Poetry's config and cache in temp folders (the build itself leaves them alone).
/// </summary>
public sealed class BuildFixture : IAsyncLifetime
{
    public const string Username = "reader";

    /// <summary>Has characters that must be percent-encoded in a URL, to prove masking covers both forms.</summary>
    public const string Password = "Zq9#s3cr3t@pw d!";

    private readonly TemporaryDirectory _temp = new("ll-build-fixture");

    // Poetry's folders are set process-wide, and test classes (each with its own fixture) run in parallel:
    // they must outlive every fixture, or one class's cleanup deletes the cache under another's install.
    private static readonly Lazy<string> PoetryHome = new(() =>
    {
        var home = new TemporaryDirectory("ll-poetry-home");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => home.Dispose();
        return home.Path;
    });

    public string WheelDirectory => _temp.Combine("wheels");

    public PackageIndexServer OpenIndex { get; private set; } = null!;

    public PackageIndexServer AuthIndex { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        TestWheels.WriteAll(WheelDirectory);
        OpenIndex = await PackageIndexServer.StartAsync(WheelDirectory);
        AuthIndex = await PackageIndexServer.StartAsync(WheelDirectory, Username, Password);
        UseTestToolEnvironment();
    }

    /// <summary>Puts the uv stand-in first on PATH and Poetry's config and cache in temp folders, for this test process.</summary>
    public static void UseTestToolEnvironment()
    {
        lock (typeof(BuildFixture))
        {
            var path = Environment.GetEnvironmentVariable("PATH") ?? "";
            if (!path.Split(Path.PathSeparator).Contains(RepositoryPaths.UvStandInDirectory))
            {
                Environment.SetEnvironmentVariable("PATH", RepositoryPaths.UvStandInDirectory + Path.PathSeparator + path);
            }
            Environment.SetEnvironmentVariable("POETRY_CONFIG_DIR", Path.Combine(PoetryHome.Value, "config"));
            Environment.SetEnvironmentVariable("POETRY_CACHE_DIR", Path.Combine(PoetryHome.Value, "cache"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await OpenIndex.DisposeAsync();
        await AuthIndex.DisposeAsync();
        _temp.Dispose();
    }

    public PackageIndex OpenPackageIndex => new(SampleProjects.IndexName, OpenIndex.Url, null, null);

    public PackageIndex AuthPackageIndex(string? password = null) =>
        new(SampleProjects.IndexName, AuthIndex.Url, Username, password ?? Password);

    /// <summary>The interpreter for python3.12 as the build would find it (skips/fails the test when missing).</summary>
    public static string Python312()
    {
        try
        {
            return new PythonInterpreterLocator(new CapturingLogger().Logger).Find(Settings("/tmp", ToolKind.Pip));
        }
        catch (BuildInputException)
        {
            TestEnvironment.Require(false, "Python 3.12 (python3.12 or a pyenv 3.12.x)");
            throw;
        }
    }

    public static LayerSettings Settings(string project, ToolKind tool, BuildMode mode = BuildMode.Local,
        LambdaArchitecture? architecture = null, PackageIndex? index = null, string runtime = "python3.12") => new()
    {
        ProjectDirectory = project,
        PyProjectPath = Path.Combine(project, "pyproject.toml"),
        Tool = tool,
        Runtime = LambdaRuntimes.Find(runtime)!,
        Architecture = architecture ?? LambdaArchitecture.X86_64,
        Mode = mode,
        Index = index,
    };
}
