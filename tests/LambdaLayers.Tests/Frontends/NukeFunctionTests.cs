using System.IO.Compression;
using System.Text.RegularExpressions;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Frontends;

/// <summary>
/// PackageFunction through the reference NUKE consumer, run as a process as <c>./build.sh PackageFunction --project P</c>
/// runs it, with real build backends: Debian's setuptools served from a test index (built by pip) and Poetry's own
/// <c>poetry build</c>.
/// </summary>
public sealed class NukeFunctionTests(ReferenceConsumer consumer) : IClassFixture<ReferenceConsumer>
{
    private const int NukeFailedBuild = 255;

    private static string FunctionZip(TempProject root, string project) => root.Path($"{project}/build/lambda/function/function.zip");

    private static IReadOnlyList<string> ZipEntries(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        return archive.Entries.Select(e => e.FullName).ToArray();
    }

    [Fact]
    public async Task PackageFunction_builds_a_setuptools_src_layout_project_with_its_modules_at_the_root_byte_identical_and_skips_a_rerun()
    {
        using var backend = SetuptoolsBackend.Require();
        await using var index = await PackageIndexServer.StartAsync(backend.WheelFolder);
        using var root = FunctionProjects.Setuptools();
        using var twin = FunctionProjects.Setuptools();   // the same inputs in another folder
        string[] arguments = ["PackageFunction", "--project", FunctionProjects.SetuptoolsProject, "--python", backend.Interpreter,
                              "--index-url", index.Url.ToString(), "--runtime", "python3.11"];

        var (exitCode, output) = await consumer.RunAsync(root.Root, arguments);

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"PackageFunction\s+Succeeded", output);
        Assert.Matches(@"backend\s+setuptools\.build_meta", output);
        Assert.Matches(@"result\s+packaged function\.zip", output);
        Assert.Contains(index.DownloadedFiles, f => f.StartsWith("setuptools-", StringComparison.Ordinal));   // the backend came from the index
        var zip = FunctionZip(root, FunctionProjects.SetuptoolsProject);
        var entries = ZipEntries(zip);
        Assert.Contains("billing/__init__.py", entries);
        Assert.Contains("billing/core.py", entries);
        Assert.Contains("billing/rates/__init__.py", entries);
        Assert.Contains("billing-1.0.0.dist-info/METADATA", entries);
        Assert.All(entries, e => Assert.True(e.StartsWith("billing/", StringComparison.Ordinal) || e.StartsWith("billing-1.0.0.dist-info/", StringComparison.Ordinal), e));
        Assert.DoesNotContain(entries, e => e.Contains("requests", StringComparison.OrdinalIgnoreCase) || e.Contains("direct_url.json", StringComparison.Ordinal));

        // Lambda unpacks the zip to /var/task, which is on sys.path: the handler imports from the root.
        using var task = new TemporaryDirectory("ll-var-task");
        ZipFile.ExtractToDirectory(zip, task.Path);
        var (runExit, handlerOutput) = ToolProcess.Run(backend.Interpreter, ["-c", "import billing; print(billing.handler({'items': [2, 3]}, None))"], task.Path);
        Assert.True(runExit == 0, handlerOutput);
        Assert.Equal("{'total': 5}", handlerOutput.Trim());

        var (twinExit, twinOutput) = await consumer.RunAsync(twin.Root, arguments);
        Assert.True(twinExit == 0, twinOutput);
        Assert.Equal(await File.ReadAllBytesAsync(zip, TestContext.Current.CancellationToken),
            await File.ReadAllBytesAsync(FunctionZip(twin, FunctionProjects.SetuptoolsProject), TestContext.Current.CancellationToken));

        var requestsBefore = index.Requests.Count;
        var before = File.GetLastWriteTimeUtc(zip);
        var (rerunExit, rerun) = await consumer.RunAsync(root.Root, arguments);

        Assert.True(rerunExit == 0, rerun);
        Assert.Matches(@"result\s+skipped as unchanged \(function\.zip is current\)", rerun);
        Assert.Equal(requestsBefore, index.Requests.Count);   // no backend was installed: nothing was built
        Assert.Equal(before, File.GetLastWriteTimeUtc(zip));

        // A source file that goes into the wheel changes the fingerprint; a test file does not.
        root.Write($"{FunctionProjects.SetuptoolsProject}/src/billing/core.py", "def total(items):\n    return sum(items) * 2\n");
        var (changedExit, changed) = await consumer.RunAsync(root.Root, arguments);
        Assert.True(changedExit == 0, changed);
        Assert.Matches(@"result\s+packaged function\.zip", changed);
        Assert.NotEqual(await File.ReadAllBytesAsync(zip, TestContext.Current.CancellationToken),
            await File.ReadAllBytesAsync(FunctionZip(twin, FunctionProjects.SetuptoolsProject), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task PackageFunction_of_a_poetry_project_includes_its_path_dependency_and_leaves_out_an_unselected_groups_one()
    {
        var python = TestEnvironment.RequireProgram("python3.11");
        TestEnvironment.RequireProgram("poetry");
        using var root = FunctionProjects.Poetry();
        string[] arguments = ["PackageFunction", "--project", FunctionProjects.PoetryProject, "--tool", "poetry", "--python", python, "--runtime", "python3.11"];

        var (exitCode, output) = await consumer.RunAsync(root.Root, arguments, FunctionProjects.PoetryEnvironment(root));

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"path dependencies\s+'shared-utils' \('\.\./\.\./libs/shared'\)", output);
        var entries = ZipEntries(FunctionZip(root, FunctionProjects.PoetryProject));
        Assert.Contains("orders/__init__.py", entries);
        Assert.Contains("shared_utils/__init__.py", entries);
        Assert.Contains("shared_utils-0.1.0.dist-info/METADATA", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("devtools", StringComparison.Ordinal));
        Assert.False(Directory.Exists(root.Path("libs/shared/dist")));   // built in the build folder's copy, not in the dependency's folder

        // The path dependency's sources are inputs: a change there rebuilds.
        root.Write("libs/shared/shared_utils/__init__.py", "def greet(name):\n    return 'hi ' + name\n");
        var (againExit, again) = await consumer.RunAsync(root.Root, arguments, FunctionProjects.PoetryEnvironment(root));
        Assert.True(againExit == 0, again);
        Assert.Matches(@"result\s+packaged function\.zip", again);
        using var archive = ZipFile.OpenRead(FunctionZip(root, FunctionProjects.PoetryProject));
        using var reader = new StreamReader(archive.GetEntry("shared_utils/__init__.py")!.Open());
        Assert.Contains("'hi '", await reader.ReadToEndAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_missing_path_dependency_or_build_backend_fails_with_one_message_before_anything_is_written()
    {
        using var root = FunctionProjects.Poetry();
        Directory.Delete(root.Path("libs/shared"), recursive: true);

        var (exitCode, output) = await consumer.RunAsync(root.Root,
            ["PackageFunction", "--project", FunctionProjects.PoetryProject, "--tool", "poetry"], FunctionProjects.PoetryEnvironment(root));

        Assert.Equal(NukeFailedBuild, exitCode);
        Assert.Contains("The path dependency 'shared-utils' ('../../libs/shared')", output);
        Assert.Contains("does not exist", output);
        Assert.DoesNotContain("   at ", output);
        Assert.False(Directory.Exists(root.Path($"{FunctionProjects.PoetryProject}/build")));

        using var plain = new TempProject();
        plain.Write(".nuke/parameters.json", "{}");
        plain.Write("fn/pyproject.toml", "[project]\nname = \"plain\"\nversion = \"1.0\"\n");
        var (plainExit, plainOutput) = await consumer.RunAsync(plain.Root, ["PackageFunction", "--project", "fn"]);

        Assert.Equal(NukeFailedBuild, plainExit);
        Assert.Contains("names no build backend", plainOutput);
        Assert.Matches(new Regex(@"\[build-system\]"), plainOutput);
        Assert.False(Directory.Exists(plain.Path("fn/build")));
    }

    [Fact]
    public async Task PackageFunction_with_bundle_dependencies_puts_the_dependencies_from_the_index_into_the_zip_byte_identical_across_two_builds()
    {
        using var backend = SetuptoolsBackend.Require();
        WheelBuilder.Write(backend.WheelFolder, TestWheels.TinyUtil);
        WheelBuilder.Write(backend.WheelFolder, TestWheels.LeafDep);
        await using var index = await PackageIndexServer.StartAsync(backend.WheelFolder);
        using var root = FunctionProjects.Setuptools();
        using var twin = FunctionProjects.Setuptools();   // the same inputs in another folder
        foreach (var project in new[] { root, twin })
        {
            project.Write($"{FunctionProjects.SetuptoolsProject}/requirements.txt", "tinyutil==1.0\n");
            project.Write($"{FunctionProjects.SetuptoolsProject}/src/billing/core.py", "import tinyutil\n\n\ndef total(items):\n    return sum(items)\n");
        }
        string[] arguments = ["PackageFunction", "--project", FunctionProjects.SetuptoolsProject, "--python", backend.Interpreter,
                              "--index-url", index.Url.ToString(), "--runtime", "python3.11", "--bundle-dependencies"];

        var (exitCode, output) = await consumer.RunAsync(root.Root, arguments);

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"result\s+packaged function\.zip", output);
        Assert.Contains(index.DownloadedFiles, f => f.StartsWith("tinyutil-", StringComparison.Ordinal));
        Assert.Contains(index.DownloadedFiles, f => f.StartsWith("leafdep-", StringComparison.Ordinal));   // and its own dependency
        var zip = FunctionZip(root, FunctionProjects.SetuptoolsProject);
        var entries = ZipEntries(zip);
        Assert.Contains("billing/__init__.py", entries);
        Assert.Contains($"{TestWheels.TinyUtil.ModuleName}/__init__.py", entries);
        Assert.Contains($"{TestWheels.TinyUtil.DistInfoDirectory}/METADATA", entries);
        Assert.Contains($"{TestWheels.LeafDep.ModuleName}/__init__.py", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("setuptools", StringComparison.Ordinal) || e.StartsWith("wheel", StringComparison.Ordinal));

        // The handler runs from the unpacked zip alone: its dependency came with it.
        using var task = new TemporaryDirectory("ll-var-task");
        ZipFile.ExtractToDirectory(zip, task.Path);
        var (runExit, handlerOutput) = ToolProcess.Run(backend.Interpreter, ["-I", "-c", "import sys; sys.path.insert(0, '.'); import billing; print(billing.handler({'items': [2, 3]}, None))"], task.Path);
        Assert.True(runExit == 0, handlerOutput);
        Assert.Equal("{'total': 5}", handlerOutput.Trim());

        var (twinExit, twinOutput) = await consumer.RunAsync(twin.Root, arguments);
        Assert.True(twinExit == 0, twinOutput);
        Assert.Equal(await File.ReadAllBytesAsync(zip, TestContext.Current.CancellationToken),
            await File.ReadAllBytesAsync(FunctionZip(twin, FunctionProjects.SetuptoolsProject), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_function_whose_package_is_not_importable_from_the_zip_root_fails_with_one_message_and_leaves_no_zip()
    {
        using var backend = SetuptoolsBackend.Require();
        await using var index = await PackageIndexServer.StartAsync(backend.WheelFolder);
        using var root = FunctionProjects.Setuptools();
        string[] arguments = ["PackageFunction", "--project", FunctionProjects.SetuptoolsProject, "--python", backend.Interpreter,
                              "--index-url", index.Url.ToString(), "--runtime", "python3.11"];
        var (firstExit, first) = await consumer.RunAsync(root.Root, arguments);
        Assert.True(firstExit == 0, first);
        Assert.True(File.Exists(FunctionZip(root, FunctionProjects.SetuptoolsProject)));

        // The backend is told of no package: the wheel holds only its dist-info, and the handler's module is nowhere.
        root.Write($"{FunctionProjects.SetuptoolsProject}/pyproject.toml", """
            [build-system]
            requires = ["setuptools>=61", "wheel"]
            build-backend = "setuptools.build_meta"

            [project]
            name = "billing"
            version = "1.0.1"
            requires-python = ">=3.9"

            [tool.setuptools]
            packages = []
            """);
        var (exitCode, output) = await consumer.RunAsync(root.Root, arguments);

        Assert.Equal(NukeFailedBuild, exitCode);
        Assert.Contains("The function code is not importable from the zip root", output);
        Assert.Contains("'billing' 1.0.1: its wheel holds nothing but billing-1.0.1.dist-info", output);
        Assert.DoesNotContain("   at ", output);
        Assert.False(File.Exists(FunctionZip(root, FunctionProjects.SetuptoolsProject)));
        Assert.False(Directory.Exists(root.Path($"{FunctionProjects.SetuptoolsProject}/build/lambda/function/artifacts")));
    }

    [Fact]
    public async Task A_function_whose_package_raises_on_import_fails_the_smoke_test_with_one_message_and_leaves_no_zip()
    {
        using var backend = SetuptoolsBackend.Require();
        await using var index = await PackageIndexServer.StartAsync(backend.WheelFolder);
        using var root = FunctionProjects.Setuptools();
        root.Write($"{FunctionProjects.SetuptoolsProject}/pyproject.toml", """
            [build-system]
            requires = ["setuptools>=61", "wheel"]
            build-backend = "setuptools.build_meta"

            [project]
            name = "billing"
            version = "1.0.0"
            requires-python = ">=3.9"

            [tool.setuptools.packages.find]
            where = ["src"]
            """);
        root.Write($"{FunctionProjects.SetuptoolsProject}/src/billing/__init__.py", "raise RuntimeError('billing needs BILLING_TABLE')\n");

        var (exitCode, output) = await consumer.RunAsync(root.Root, ["PackageFunction", "--project", FunctionProjects.SetuptoolsProject,
            "--python", backend.Interpreter, "--index-url", index.Url.ToString(), "--runtime", "python3.11"]);

        Assert.Equal(NukeFailedBuild, exitCode);
        Assert.Contains("billing 1.0.0: import billing failed: RuntimeError: billing needs BILLING_TABLE", output);
        Assert.Contains("fix the failing module's top-level code", output);   // the function's own code: not a version to pin
        Assert.DoesNotContain("pin another version", output);
        Assert.DoesNotContain("   at ", output);
        Assert.False(File.Exists(FunctionZip(root, FunctionProjects.SetuptoolsProject)));
    }

    [Fact]
    public async Task A_build_backend_that_fails_names_the_project_and_what_to_do_and_leaves_no_zip()
    {
        var python = TestEnvironment.RequireProgram("python3.11");
        using var root = new TempProject();
        root.Write(".nuke/parameters.json", "{}");
        root.Write("fn/pyproject.toml", """
            [build-system]
            requires = []
            build-backend = "broken_backend"
            backend-path = ["_backend"]

            [project]
            name = "invoicing"
            version = "2.0.0"
            """);
        root.Write("fn/_backend/broken_backend.py",
            "def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):\n    raise RuntimeError('invoicing: the generated schema is missing')\n");
        root.Write("fn/invoicing/__init__.py", "def handler(event, context):\n    return 1\n");

        var (exitCode, output) = await consumer.RunAsync(root.Root, ["PackageFunction", "--project", "fn", "--python", python, "--runtime", "python3.11"]);

        Assert.Equal(NukeFailedBuild, exitCode);
        Assert.Contains("invoicing: the generated schema is missing", output);   // the backend's own output
        Assert.Contains("the project invoicing", output);
        Assert.Contains("The project's build backend (broken_backend) could not build it into a wheel", output);
        Assert.Contains("pip wheel --no-deps .", output);
        Assert.DoesNotContain("   at ", output);
        Assert.False(File.Exists(root.Path("fn/build/lambda/function/function.zip")));
        Assert.False(Directory.Exists(root.Path("fn/build/lambda/function/artifacts")));
    }

    [Fact]
    public async Task PackageFunction_with_uv_builds_the_wheel_through_uv_build_and_the_projects_backend()
    {
        using var backend = SetuptoolsBackend.Require();
        await using var index = await PackageIndexServer.StartAsync(backend.WheelFolder);
        using var root = FunctionProjects.Setuptools();
        // uv reaches an index declared in pyproject.toml; the build backend's requirements come from there.
        var pyproject = root.Path($"{FunctionProjects.SetuptoolsProject}/pyproject.toml");
        File.AppendAllText(pyproject, $"\n[[tool.uv.index]]\nname = \"internal\"\nurl = \"{index.Url}\"\n");
        var path = RepositoryPaths.UvStandInDirectory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");

        var (exitCode, output) = await consumer.RunAsync(root.Root, ["PackageFunction", "--project", FunctionProjects.SetuptoolsProject, "--tool", "uv",
            "--python", backend.Interpreter, "--index-name", "internal", "--runtime", "python3.11"], new Dictionary<string, string> { ["PATH"] = path });

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"Running uv build of the project billing into a wheel: uv build --wheel --out-dir \S+ --python", output);
        Assert.Contains("Successfully built ", output);   // uv's own report of the wheel it built
        Assert.Contains(index.DownloadedFiles, f => f.StartsWith("setuptools-", StringComparison.Ordinal));   // the backend came from the index
        var entries = ZipEntries(FunctionZip(root, FunctionProjects.SetuptoolsProject));
        Assert.Contains("billing/__init__.py", entries);
        Assert.Contains("billing/rates/__init__.py", entries);
        Assert.Contains("billing-1.0.0.dist-info/METADATA", entries);
        Assert.DoesNotContain(entries, e => e.Contains("requests", StringComparison.OrdinalIgnoreCase));
    }
}
