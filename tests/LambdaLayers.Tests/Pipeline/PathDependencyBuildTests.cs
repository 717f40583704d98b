using LambdaLayers.Execution;
using LambdaLayers.Pipeline;
using LambdaLayers.Planning;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Pipeline;

[CollectionDefinition(Name)]
public sealed class PathDependencyCollection : ICollectionFixture<PathDependencyFixture>
{
    public const string Name = "path dependencies";
}

/// <summary>
/// Path dependencies built for real on this machine: Poetry 1.3.2, the uv stand-in and pip, each against the
/// fixture's libraries next to the project (<see cref="PathDependencyFixture"/>).
/// </summary>
[Collection(PathDependencyCollection.Name)]
public sealed class PathDependencyBuildTests(PathDependencyFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Poetry_path_dependency_reaches_the_layer_and_an_edit_rebuilds_while_an_untouched_rerun_skips()
    {
        fixture.Require(poetry: true);
        using var temp = new TemporaryDirectory("ll-pathdeps");
        var root = fixture.Copy(temp.Path);
        var settings = fixture.Settings(Path.Combine(root, "poetry-app"), ToolKind.Poetry);
        var log = new CapturingLogger();

        var built = await new BuildLayerStage(log.Logger).RunAsync(settings, Ct);
        var packaged = await new PackageLayerStage(log.Logger).RunAsync(settings, Ct);

        Assert.False(built.Skipped);
        Assert.Equal(["leafdep-2.0", "mylib-0.1.0", "tinyutil-1.0"], BuildAssertions.Distributions(settings.Layout.PythonDirectory));
        Assert.Equal("mylib 1", ImportFromZip(settings.Layout.ZipPath, "mylib"));
        AssertRealCopy(settings.Layout.PythonDirectory, "mylib");
        Assert.False(Directory.Exists(Path.Combine(root, "mylib", "build")), "the library is built from a copy, its folder is left as it was");
        Assert.Contains(log.Lines, l => l.Contains("Path dependency 'mylib' ('../mylib')", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.Contains("lies outside the repository", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(settings.Layout.RepoDirectory, "tree", "poetry-app", "poetry.lock")), "the project's copy sits next to mylib's");

        // Untouched: both stages skip. Output of other tools in the library (a build folder, caches, git) changes nothing.
        Directory.CreateDirectory(Path.Combine(root, "mylib", "build", "lib"));
        File.WriteAllText(Path.Combine(root, "mylib", "build", "lib", "stale.py"), "x = 1\n");
        Directory.CreateDirectory(Path.Combine(root, "mylib", "src", "mylib", "__pycache__"));
        File.WriteAllText(Path.Combine(root, "mylib", "src", "mylib", "__pycache__", "__init__.cpython-311.pyc"), "cache");
        Assert.True((await new BuildLayerStage(log.Logger).RunAsync(settings, Ct)).Skipped);
        Assert.True((await new PackageLayerStage(log.Logger).RunAsync(settings, Ct)).Skipped);

        // A change to a file of ../mylib rebuilds, and the layer has the new code.
        File.WriteAllText(Path.Combine(root, "mylib", "src", "mylib", "__init__.py"), "VALUE = \"mylib 2\"\n");
        var rebuilt = await new BuildLayerStage(log.Logger).RunAsync(settings, Ct);
        await new PackageLayerStage(log.Logger).RunAsync(settings, Ct);
        Assert.False(rebuilt.Skipped);
        Assert.NotEqual(built.Fingerprint, rebuilt.Fingerprint);
        Assert.Equal("mylib 2", ImportFromZip(settings.Layout.ZipPath, "mylib"));
        Assert.True((await new BuildLayerStage(log.Logger).RunAsync(settings, Ct)).Skipped);
    }

    [Fact]
    public async Task Poetry_group_path_dependency_is_installed_with_its_group_only()
    {
        fixture.Require(poetry: true);
        using var temp = new TemporaryDirectory("ll-pathdeps");
        var root = fixture.Copy(temp.Path);
        var settings = fixture.Settings(Path.Combine(root, "poetry-app"), ToolKind.Poetry) with { Groups = ["lambda"] };
        var withoutGroup = settings with { Groups = [] };

        await new BuildLayerStage(new CapturingLogger().Logger).RunAsync(settings, Ct);

        Assert.Equal(["grouplib-0.3.0", "leafdep-2.0", "mylib-0.1.0", "tinyutil-1.0"], BuildAssertions.Distributions(settings.Layout.PythonDirectory));
        AssertRealCopy(settings.Layout.PythonDirectory, "grouplib");
        // Without the group, grouplib is only placed for Poetry to load pyproject.toml: its content is not in the fingerprint.
        var before = LayerFingerprint.Compute(withoutGroup).Value;
        File.WriteAllText(Path.Combine(root, "grouplib", "src", "grouplib", "__init__.py"), "VALUE = \"changed\"\n");
        Assert.Equal(before, LayerFingerprint.Compute(withoutGroup).Value);
        Assert.NotEqual(LayerFingerprint.Compute(settings).Value, before);
    }

    [Fact]
    public async Task Uv_sources_path_workspace_member_and_dev_group_path_reach_the_layer_through_the_stand_in()
    {
        fixture.Require();
        using var temp = new TemporaryDirectory("ll-pathdeps");
        var root = fixture.Copy(temp.Path);
        var settings = fixture.Settings(Path.Combine(root, "uv-app"), ToolKind.Uv) with { Groups = ["dev"] };
        var withoutDev = settings with { Groups = [] };
        var log = new CapturingLogger();

        await new BuildLayerStage(log.Logger).RunAsync(settings, Ct);

        var artifacts = settings.Layout.PythonDirectory;
        Assert.Equal(["devtool-1.0", "grouplib-0.3.0", "leafdep-2.0", "member-0.2.0", "mylib-0.1.0", "tinyutil-1.0"], BuildAssertions.Distributions(artifacts));
        AssertRealCopy(artifacts, "mylib");
        AssertRealCopy(artifacts, "member");
        var requirements = File.ReadAllText(Path.Combine(settings.Layout.RepoDirectory, "tree", "uv-app", "requirements.txt"));
        Assert.Contains("mylib @ file://", requirements);
        Assert.Contains("member @ file://", requirements);
        Assert.Contains(log.Lines, l => l.Contains("rewrote 3 path requirement(s)", StringComparison.Ordinal));

        // A workspace member counts like any path dependency; a dev-group one only when the group is built.
        var before = (With: LayerFingerprint.Compute(settings).Value, Without: LayerFingerprint.Compute(withoutDev).Value);
        File.AppendAllText(Path.Combine(root, "grouplib", "src", "grouplib", "__init__.py"), "EXTRA = 1\n");
        Assert.Equal(before.Without, LayerFingerprint.Compute(withoutDev).Value);
        Assert.NotEqual(before.With, LayerFingerprint.Compute(settings).Value);
        File.AppendAllText(Path.Combine(root, "uv-app", "packages", "member", "src", "member", "__init__.py"), "EXTRA = 1\n");
        Assert.NotEqual(before.Without, LayerFingerprint.Compute(withoutDev).Value);
    }

    [Fact]
    public async Task Pip_file_urls_relative_wheels_and_editable_lines_install_real_copies()
    {
        fixture.Require();
        using var temp = new TemporaryDirectory("ll-pathdeps");
        var root = fixture.Copy(temp.Path);
        var project = Path.Combine(root, "pip-app");
        var outsideWheel = Path.Combine(root, "outside", "otherwheel-1.0-py3-none-any.whl");
        File.AppendAllText(Path.Combine(project, "requirements.txt"), new Uri(outsideWheel).AbsoluteUri + "\n");
        var settings = fixture.Settings(project, ToolKind.Pip);

        var built = await new BuildLayerStage(new CapturingLogger().Logger).RunAsync(settings, Ct);

        var artifacts = settings.Layout.PythonDirectory;
        Assert.Equal(["grouplib-0.3.0", "leafdep-2.0", "localwheel-1.0", "mylib-0.1.0", "otherwheel-1.0", "tinyutil-1.0"],
            BuildAssertions.Distributions(artifacts));
        AssertRealCopy(artifacts, "grouplib"); // -e ../grouplib, installed as a real copy

        // A wheel file counts by its bytes, wherever it lies.
        Assert.True((await new BuildLayerStage(new CapturingLogger().Logger).RunAsync(settings, Ct)).Skipped);
        WheelBuilder.Write(Path.Combine(project, "wheels"), new WheelSpec("localwheel", "1.0") { RequiresDist = ["leafdep>=1.0"] });
        var afterLocal = LayerFingerprint.Compute(settings).Value;
        Assert.NotEqual(built.Fingerprint, afterLocal);
        WheelBuilder.Write(Path.Combine(root, "outside"), new WheelSpec("otherwheel", "1.0") { RequiresDist = ["leafdep>=1.0"] });
        Assert.NotEqual(afterLocal, LayerFingerprint.Compute(settings).Value);
    }

    [Fact]
    public async Task Cross_platform_installs_a_pure_path_dependency_and_refuses_one_with_native_code_by_name()
    {
        fixture.Require();
        using var temp = new TemporaryDirectory("ll-pathdeps");
        var root = fixture.Copy(temp.Path);
        var project = Path.Combine(root, "pip-app");
        File.WriteAllText(Path.Combine(project, "requirements.txt"), "mylib @ file:../mylib\n./wheels/localwheel-1.0-py3-none-any.whl\n");
        var settings = fixture.Settings(project, ToolKind.Pip, BuildMode.CrossPlatform);
        var log = new CapturingLogger();

        await new BuildLayerStage(log.Logger).RunAsync(settings, Ct);

        Assert.Equal(["leafdep-2.0", "localwheel-1.0", "mylib-0.1.0"], BuildAssertions.Distributions(settings.Layout.PythonDirectory));
        Assert.Contains(log.Lines, l => l.Contains("'mylib' ('file:../mylib') is pure Python", StringComparison.Ordinal));

        File.AppendAllText(Path.Combine(project, "requirements.txt"), "fastlib @ file:../fastlib\n");
        var error = await Assert.ThrowsAsync<BuildInputException>(() => new BuildLayerStage(log.Logger).RunAsync(settings, Ct));
        Assert.StartsWith("The path dependency 'fastlib' ('file:../fastlib') (declared in requirements.txt line 3;", error.Message);
        Assert.Contains($"to '{Path.Combine(root, "fastlib")}') contains native code (its setup.py uses ext_modules)", error.Message);
        Assert.Contains("--mode container", error.Message);
        Assert.Equal(["leafdep-2.0", "localwheel-1.0", "mylib-0.1.0"], BuildAssertions.Distributions(settings.Layout.PythonDirectory));
    }

    [Fact]
    public async Task A_missing_path_a_folder_without_backend_and_a_failing_backend_each_get_one_message_naming_the_dependency()
    {
        fixture.Require();
        using var temp = new TemporaryDirectory("ll-pathdeps");
        var root = fixture.Copy(temp.Path);
        var project = Path.Combine(root, "pip-app");
        var requirements = Path.Combine(project, "requirements.txt");
        var settings = fixture.Settings(project, ToolKind.Pip);

        File.WriteAllText(requirements, "tinyutil==1.0\n-e ../nowhere\n");
        var missing = await Assert.ThrowsAsync<BuildInputException>(() => new BuildLayerStage(new CapturingLogger().Logger).RunAsync(settings, Ct));
        Assert.Equal(
            $"The path dependency '../nowhere' (declared in requirements.txt line 2; resolved against the project folder {project} to " +
            $"'{Path.Combine(root, "nowhere")}') should be a project folder, but nothing is there. Relative paths are resolved against " +
            "the project folder, as the tools do when run there: fix the path in requirements.txt (then re-lock, for Poetry and uv), " +
            "or check out the dependency at that place.", missing.Message);
        Assert.False(Directory.Exists(settings.Layout.BuildDirectory), "nothing is touched");

        Directory.CreateDirectory(Path.Combine(root, "plain"));
        File.WriteAllText(Path.Combine(root, "plain", "plain.py"), "x = 1\n");
        File.WriteAllText(requirements, "plain @ file:../plain\n");
        var noBackend = await Assert.ThrowsAsync<BuildInputException>(() => new BuildLayerStage(new CapturingLogger().Logger).RunAsync(settings, Ct));
        Assert.StartsWith("The path dependency 'plain' ('file:../plain')", noBackend.Message);
        Assert.Contains("is a folder without a build backend: it has no pyproject.toml and no setup.py", noBackend.Message);
        Assert.Contains("[build-system]", noBackend.Message);

        File.WriteAllText(Path.Combine(root, "mylib", "setup.py"), "raise SystemExit('mylib refuses to build')\n");
        File.WriteAllText(requirements, "mylib @ file:../mylib\n");
        var failed = await Assert.ThrowsAsync<BuildCommandFailedException>(() => new BuildLayerStage(new CapturingLogger().Logger).RunAsync(settings, Ct));
        Assert.StartsWith("The build step 'build path dependency 'mylib' ('file:../mylib') into a wheel' failed:", failed.Message);
        Assert.Contains($"to '{Path.Combine(root, "mylib")}') could not be built into a wheel by its build backend", failed.Message);
        Assert.Contains("mylib refuses to build", failed.Message);
        Assert.False(Directory.Exists(settings.Layout.ArtifactsDirectory), "no half-built artifacts");
    }

    [Fact]
    public async Task Uv_cross_platform_installs_pure_path_dependencies_and_refuses_one_with_native_code_by_name()
    {
        fixture.Require();
        using var temp = new TemporaryDirectory("ll-pathdeps");
        var root = fixture.Copy(temp.Path);
        var project = Path.Combine(root, "uv-app");
        var settings = fixture.Settings(project, ToolKind.Uv, BuildMode.CrossPlatform);
        var log = new CapturingLogger();

        await new BuildLayerStage(log.Logger).RunAsync(settings, Ct);

        Assert.Equal(["leafdep-2.0", "member-0.2.0", "mylib-0.1.0", "tinyutil-1.0"], BuildAssertions.Distributions(settings.Layout.PythonDirectory));
        AssertRealCopy(settings.Layout.PythonDirectory, "mylib");
        AssertRealCopy(settings.Layout.PythonDirectory, "member");
        Assert.Contains(log.Lines, l => l.Contains("'mylib' ('../mylib') is pure Python", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.Contains("'member' ('packages/member') is pure Python", StringComparison.Ordinal));

        // fastlib added as uv add would: a [tool.uv.sources] path and a locked directory package the project needs.
        AddUvPathDependency(project, "fastlib", "0.1", "../fastlib");
        var error = await Assert.ThrowsAsync<BuildInputException>(() => new BuildLayerStage(log.Logger).RunAsync(settings, Ct));
        Assert.StartsWith("The path dependency 'fastlib' ('../fastlib') (declared in ", error.Message);
        Assert.Contains($"resolved against the project folder {project} to '{Path.Combine(root, "fastlib")}') contains native code (its setup.py uses ext_modules)", error.Message);
        Assert.Contains("Build with --mode container", error.Message);
        Assert.Equal(["leafdep-2.0", "member-0.2.0", "mylib-0.1.0", "tinyutil-1.0"], BuildAssertions.Distributions(settings.Layout.PythonDirectory));
    }

    [Fact]
    public async Task Poetry_cross_platform_refuses_a_path_dependency_with_native_code_by_name()
    {
        fixture.Require(poetry: true);
        using var temp = new TemporaryDirectory("ll-pathdeps");
        var root = fixture.Copy(temp.Path);
        var project = Path.Combine(root, "poetry-app");
        var settings = fixture.Settings(project, ToolKind.Poetry, BuildMode.CrossPlatform);
        var tool = (await ToolProbe.ProbeAsync(ToolKind.Poetry, BuildMode.CrossPlatform, Ct))!;

        // The pure libraries pass the path-dependency checks; what follows depends on this Poetry having `poetry export`.
        if (tool.HasExportCommand == true)
        {
            await new BuildLayerStage(new CapturingLogger().Logger).RunAsync(settings, Ct);
            Assert.Equal(["leafdep-2.0", "mylib-0.1.0", "tinyutil-1.0"], BuildAssertions.Distributions(settings.Layout.PythonDirectory));
            AssertRealCopy(settings.Layout.PythonDirectory, "mylib");
        }
        else
        {
            var noExport = await Assert.ThrowsAsync<BuildInputException>(() => new BuildLayerStage(new CapturingLogger().Logger).RunAsync(settings, Ct));
            Assert.Contains("`poetry export`", noExport.Message);
        }

        // fastlib as `poetry add ../fastlib` would leave it: declared in the main group, locked as a directory package.
        var pyproject = Path.Combine(project, "pyproject.toml");
        File.WriteAllText(pyproject, File.ReadAllText(pyproject).Replace(
            "mylib = { path = \"../mylib\", develop = true }\n", "mylib = { path = \"../mylib\", develop = true }\nfastlib = { path = \"../fastlib\" }\n"));
        File.AppendAllText(Path.Combine(project, "poetry.lock"),
            "\n[[package]]\nname = \"fastlib\"\nversion = \"0.1\"\ndescription = \"\"\ncategory = \"main\"\noptional = false\n" +
            "python-versions = \"*\"\nfiles = []\ndevelop = false\n\n[package.source]\ntype = \"directory\"\nurl = \"../fastlib\"\n");
        var error = await Assert.ThrowsAsync<BuildInputException>(() => new BuildLayerStage(new CapturingLogger().Logger).RunAsync(settings, Ct));
        Assert.StartsWith("The path dependency 'fastlib' ('../fastlib') (declared in ", error.Message);
        Assert.Contains($"to '{Path.Combine(root, "fastlib")}') contains native code (its setup.py uses ext_modules)", error.Message);
        Assert.Contains("Build with --mode container", error.Message);
    }

    [Fact]
    public async Task Poetry_names_a_missing_path_dependency_and_a_failing_backend()
    {
        fixture.Require(poetry: true);
        using var temp = new TemporaryDirectory("ll-pathdeps");
        var root = fixture.Copy(temp.Path);
        var project = Path.Combine(root, "poetry-app");
        var settings = fixture.Settings(project, ToolKind.Poetry);

        File.WriteAllText(Path.Combine(root, "mylib", "setup.py"), "raise SystemExit('mylib refuses to build')\n");
        var failed = await Assert.ThrowsAsync<BuildCommandFailedException>(() => new BuildLayerStage(new CapturingLogger().Logger).RunAsync(settings, Ct));
        Assert.StartsWith("The build step 'build and install path dependency 'mylib' ('../mylib') into the venv (not editable)' failed:", failed.Message);
        Assert.Contains($"resolved against the project folder {project} to '{Path.Combine(root, "mylib")}') could not be built into a wheel by its build backend", failed.Message);
        Assert.Contains("mylib refuses to build", failed.Message);
        Assert.False(Directory.Exists(settings.Layout.ArtifactsDirectory), "no half-built artifacts");

        Directory.Delete(Path.Combine(root, "mylib"), recursive: true);
        var missing = await Assert.ThrowsAsync<BuildInputException>(() => new BuildLayerStage(new CapturingLogger().Logger).RunAsync(settings, Ct));
        Assert.StartsWith("The path dependency 'mylib' ('../mylib') (declared in pyproject.toml [tool.poetry.dependencies]", missing.Message);
        Assert.Contains($"resolved against the project folder {project} to '{Path.Combine(root, "mylib")}') should be a project folder, but nothing is there.", missing.Message);
        Assert.Contains("fix the path in pyproject.toml (then re-lock, for Poetry and uv)", missing.Message);
    }

    [Fact]
    public async Task Uv_names_a_member_without_build_backend_a_failing_backend_and_a_missing_path()
    {
        fixture.Require();
        using var temp = new TemporaryDirectory("ll-pathdeps");
        var root = fixture.Copy(temp.Path);
        var project = Path.Combine(root, "uv-app");
        var settings = fixture.Settings(project, ToolKind.Uv);

        File.WriteAllText(Path.Combine(root, "mylib", "setup.py"), "raise SystemExit('mylib refuses to build')\n");
        var failed = await Assert.ThrowsAsync<BuildCommandFailedException>(() => new BuildLayerStage(new CapturingLogger().Logger).RunAsync(settings, Ct));
        Assert.StartsWith("The build step 'build path dependency 'mylib' ('../mylib') into a wheel' failed:", failed.Message);
        Assert.Contains($"to '{Path.Combine(root, "mylib")}') could not be built into a wheel by its build backend", failed.Message);
        Assert.Contains("mylib refuses to build", failed.Message);
        Assert.False(Directory.Exists(settings.Layout.ArtifactsDirectory), "no half-built artifacts");

        var member = Path.Combine(project, "packages", "member");
        File.WriteAllText(Path.Combine(member, "pyproject.toml"), "[project]\nname = \"member\"\nversion = \"0.2.0\"\n");
        var noBackend = await Assert.ThrowsAsync<BuildInputException>(() => new BuildLayerStage(new CapturingLogger().Logger).RunAsync(settings, Ct));
        Assert.StartsWith("The path dependency 'member' ('packages/member') (declared in ", noBackend.Message);
        Assert.Contains($"to '{member}') is a folder without a build backend: it has a pyproject.toml without a [build-system] table and no setup.py", noBackend.Message);

        Directory.Delete(Path.Combine(root, "mylib"), recursive: true);
        var missing = await Assert.ThrowsAsync<BuildInputException>(() => new BuildLayerStage(new CapturingLogger().Logger).RunAsync(settings, Ct));
        Assert.StartsWith("The path dependency 'mylib' ('../mylib') (declared in ", missing.Message);
        Assert.Contains($"to '{Path.Combine(root, "mylib")}') should be a project folder, but nothing is there.", missing.Message);
    }

    /// <summary>What <c>uv add --editable=false ../lib</c> leaves behind: a dependency, a source path and a locked directory package.</summary>
    internal static void AddUvPathDependency(string project, string name, string version, string path)
    {
        var pyproject = Path.Combine(project, "pyproject.toml");
        File.WriteAllText(pyproject, File.ReadAllText(pyproject)
            .Replace("dependencies = [\"tinyutil>=1.0\", ", $"dependencies = [\"tinyutil>=1.0\", \"{name}\", ")
            .Replace("[tool.uv.sources]\n", $"[tool.uv.sources]\n{name} = {{ path = \"{path}\" }}\n"));
        var lockPath = Path.Combine(project, "uv.lock");
        File.WriteAllText(lockPath, File.ReadAllText(lockPath)
            .Replace("dependencies = [\n    { name = \"member\" },", $"dependencies = [\n    {{ name = \"{name}\" }},\n    {{ name = \"member\" }},") +
            $"\n[[package]]\nname = \"{name}\"\nversion = \"{version}\"\nsource = {{ directory = \"{path}\" }}\n");
    }

    /// <summary>Imports <paramref name="module"/> from the zip alone (with the system Python) and returns its VALUE.</summary>
    internal static string ImportFromZip(string zip, string module)
    {
        var (exitCode, output) = ToolProcess.Run(PathDependencyFixture.SystemPython,
            ["-I", "-c", $"import sys; sys.path[:0] = [sys.argv[1] + '/python']; import {module}; assert '.zip' in {module}.__file__, {module}.__file__; print({module}.VALUE)", zip],
            Path.GetTempPath());
        Assert.True(exitCode == 0, output);
        return output.Trim();
    }

    /// <summary>The package is a real folder of code in the layer, not an editable install's pointer back to the source.</summary>
    internal static void AssertRealCopy(string artifacts, string package)
    {
        Assert.True(File.Exists(Path.Combine(artifacts, package, "__init__.py")), $"{package}/__init__.py is in the layer");
        Assert.Empty(Directory.EnumerateFiles(artifacts, "*.pth"));
        Assert.DoesNotContain(Directory.EnumerateFiles(artifacts, "direct_url.json", SearchOption.AllDirectories).Select(File.ReadAllText),
            text => text.Contains("\"editable\": true", StringComparison.Ordinal));
    }
}
