using LambdaLayers.Execution;
using LambdaLayers.Execution.Containers;
using LambdaLayers.Planning;
using LambdaLayers.Pipeline;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Support;
using static LambdaLayers.Tests.Execution.Containers.DockerTestSupport;
using static LambdaLayers.Tests.Pipeline.PathDependencyBuildTests;

namespace LambdaLayers.Tests.Pipeline;

/// <summary>
/// The same path dependencies built in the offline build image on the real Docker engine: libraries outside
/// the project reach the container through read-only mounts, and the layer holds what a host build holds.
/// </summary>
[Collection(PathDependencyCollection.Name)]
public sealed class PathDependencyContainerTests(PathDependencyFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Poetry_path_dependencies_in_main_and_a_group_build_in_the_container()
    {
        fixture.Require(poetry: true);
        RequireDocker();
        using var temp = new TemporaryDirectory("ll-pathdeps");
        var root = fixture.Copy(temp.Path);
        var settings = fixture.Settings(Path.Combine(root, "poetry-app"), ToolKind.Poetry, BuildMode.Container) with { Groups = ["lambda"] };
        var log = new CapturingLogger();

        await new BuildLayerStage(log.Logger, s => new ContainerExecutor(log.Logger)).RunAsync(settings, Ct);
        await new PackageLayerStage(log.Logger).RunAsync(settings, Ct);

        Assert.Equal(["grouplib-0.3.0", "leafdep-2.0", "mylib-0.1.0", "tinyutil-1.0"], BuildAssertions.Distributions(settings.Layout.PythonDirectory));
        Assert.Equal("mylib 1", ImportFromZip(settings.Layout.ZipPath, "mylib"));
        AssertRealCopy(settings.Layout.PythonDirectory, "mylib");
        AssertUntouched(root, "mylib", "grouplib");
        Assert.Contains(log.Lines, l => l.Contains("[container] copied /mnt/path-dependencies/1 to /var/task/build/lambda/layer/repo/tree/", StringComparison.Ordinal));
        Assert.Empty(ExecutorContainers());
    }

    [Fact]
    public async Task Uv_sources_path_and_workspace_member_build_in_the_container()
    {
        fixture.Require();
        RequireDocker();
        using var temp = new TemporaryDirectory("ll-pathdeps");
        var root = fixture.Copy(temp.Path);
        // The image has no uv and cannot download one here: the stand-in is mounted and put first on PATH, so the
        // script finds "uv in the image" (it needs only the image's python3).
        var settings = fixture.Settings(Path.Combine(root, "uv-app"), ToolKind.Uv, BuildMode.Container) with
        {
            DockerArguments =
            [
                $"--mount type=bind,source={RepositoryPaths.UvStandInDirectory},target=/opt/uv-standin,readonly",
                "--env PATH=/opt/uv-standin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ],
        };
        var log = new CapturingLogger();

        await new BuildLayerStage(log.Logger, s => new ContainerExecutor(log.Logger)).RunAsync(settings, Ct);

        Assert.Equal(["leafdep-2.0", "member-0.2.0", "mylib-0.1.0", "tinyutil-1.0"], BuildAssertions.Distributions(settings.Layout.PythonDirectory));
        AssertRealCopy(settings.Layout.PythonDirectory, "member");
        AssertUntouched(root, "mylib", Path.Combine("uv-app", "packages", "member"));
        // The member lies inside the project, which the container already sees; only mylib needs a mount.
        Assert.Contains(log.Lines, l => l.Contains("[container] copied /var/task/packages/member to ", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.Contains("[container] copied /mnt/path-dependencies/1 to ", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.Contains("[container] lambda-layers: using uv from the image: /opt/uv-standin/uv", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pip_path_lines_build_in_the_container_including_a_wheel_file_outside_the_project()
    {
        fixture.Require();
        RequireDocker();
        using var temp = new TemporaryDirectory("ll-pathdeps");
        var root = fixture.Copy(temp.Path);
        var project = Path.Combine(root, "pip-app");
        File.AppendAllText(Path.Combine(project, "requirements.txt"),
            new Uri(Path.Combine(root, "outside", "otherwheel-1.0-py3-none-any.whl")).AbsoluteUri + "\n");
        var settings = fixture.Settings(project, ToolKind.Pip, BuildMode.Container);
        var log = new CapturingLogger();

        await new BuildLayerStage(log.Logger, s => new ContainerExecutor(log.Logger)).RunAsync(settings, Ct);

        Assert.Equal(["grouplib-0.3.0", "leafdep-2.0", "localwheel-1.0", "mylib-0.1.0", "otherwheel-1.0", "tinyutil-1.0"],
            BuildAssertions.Distributions(settings.Layout.PythonDirectory));
        AssertRealCopy(settings.Layout.PythonDirectory, "grouplib");
        AssertUntouched(root, "mylib", "grouplib");
        Assert.Contains(log.Lines, l => l.Contains("[container] copied /mnt/path-dependencies/3/otherwheel-1.0-py3-none-any.whl to ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_path_and_a_failing_backend_get_the_same_messages_in_the_container()
    {
        fixture.Require();
        RequireDocker();
        using var temp = new TemporaryDirectory("ll-pathdeps");
        var root = fixture.Copy(temp.Path);
        var project = Path.Combine(root, "pip-app");
        var requirements = Path.Combine(project, "requirements.txt");
        var settings = fixture.Settings(project, ToolKind.Pip, BuildMode.Container);
        var log = new CapturingLogger();

        // Checked before any container starts.
        File.WriteAllText(requirements, "-e ../nowhere\n");
        var missing = await Assert.ThrowsAsync<BuildInputException>(() => new BuildLayerStage(log.Logger, s => new ContainerExecutor(log.Logger)).RunAsync(settings, Ct));
        Assert.StartsWith($"The path dependency '../nowhere' (declared in requirements.txt line 1; resolved against the project folder {project} to " +
                          $"'{Path.Combine(root, "nowhere")}') should be a project folder, but nothing is there.", missing.Message);
        Assert.False(Directory.Exists(settings.Layout.BuildDirectory), "nothing is touched");

        // The backend fails inside the container; the message names the host paths, as written and as resolved.
        File.WriteAllText(Path.Combine(root, "mylib", "setup.py"), "raise SystemExit('mylib refuses to build')\n");
        File.WriteAllText(requirements, "mylib @ file:../mylib\n");
        var failed = await Assert.ThrowsAsync<BuildCommandFailedException>(() => new BuildLayerStage(log.Logger, s => new ContainerExecutor(log.Logger)).RunAsync(settings, Ct));
        Assert.Contains("'build path dependency 'mylib' ('file:../mylib') into a wheel'", failed.Message);
        Assert.Contains($"resolved against the project folder {project} to '{Path.Combine(root, "mylib")}') could not be built into a wheel by its build backend", failed.Message);
        Assert.Contains("mylib refuses to build", failed.Message);
        Assert.False(Directory.Exists(settings.Layout.ArtifactsDirectory), "no half-built artifacts");
        Assert.Empty(ExecutorContainers());
    }

    // Builds happen in copies: a library's own folder gets no build/ or egg-info from them (and the
    // container could not write there anyway: it is mounted read-only).
    private static void AssertUntouched(string root, params string[] libraries)
    {
        foreach (var library in libraries)
        {
            var folder = Path.Combine(root, library);
            Assert.False(Directory.Exists(Path.Combine(folder, "build")), $"{library}/build was written");
            Assert.Empty(Directory.EnumerateDirectories(folder, "*.egg-info", SearchOption.AllDirectories));
        }
    }
}
