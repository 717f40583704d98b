using System.Text.Json;
using LambdaLayers.FileSystem;
using LambdaLayers.Planning;
using LambdaLayers.Projects;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Planning;

/// <summary>
/// The small Python programs the path-dependency steps run, run for real with python3: the copy leaves out
/// exactly what the fingerprint's hash leaves out, the rewrite points every spelling of a local requirement
/// at its wheel and leaves the rest alone, the purity check tells pure wheels from native ones.
/// </summary>
public sealed class PathDependencySnippetTests
{
    private static (int ExitCode, string Output) Python(params string[] arguments) =>
        ToolProcess.Run(TestEnvironment.RequireProgram("python3"), arguments, Path.GetTempPath());

    [Fact]
    public void The_copy_holds_exactly_the_files_the_fingerprint_hashes()
    {
        using var temp = new TemporaryDirectory("ll-snippet");
        var project = new TempProject("[project]\nname = \"app\"\n");
        using var _ = project;
        var library = temp.Combine("mylib");
        foreach (var file in new[]
                 {
                     "pyproject.toml", "src/mylib/__init__.py", "src/mylib/build/__init__.py", "src/mylib/data.json",
                     ".git/HEAD", "src/mylib/__pycache__/x.cpython-311.pyc", "build/lib/mylib/__init__.py", "dist/mylib-0.1.tar.gz",
                     "src/mylib.egg-info/PKG-INFO", ".venv/bin/python", "docs/.mypy_cache/x", "stray.pyc", "venv/lib/x.py",
                 })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(library, file))!);
            File.WriteAllText(Path.Combine(library, file), file);
        }
        var layout = new LayerLayout(project.Root);
        var copy = temp.Combine("copy");
        var spec = JsonSerializer.Serialize(new
        {
            names = PathDependencyFiles.AnywhereNames,
            suffixes = PathDependencyFiles.AnywhereSuffixes,
            top = PathDependencyFiles.TopLevelNames,
            copies = new[] { new { source = library, destination = copy, excluded = PathDependencyFiles.ExcludedPaths(library, layout) } },
        });

        var (exitCode, output) = Python("-c", PythonSnippets.CopyPathDependencies, spec);

        Assert.True(exitCode == 0, output);
        var copied = Directory.EnumerateFiles(copy, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(copy, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["pyproject.toml", "src/mylib/__init__.py", "src/mylib/build/__init__.py", "src/mylib/data.json"], copied);
        var dependency = new PathDependency { WrittenPath = "../mylib", ResolvedPath = library, DeclaredIn = "test" };
        Assert.Equal(PathDependencyFiles.Hash(dependency, layout), DirectoryHash.Compute(copy));
    }

    [Fact]
    public void The_copy_leaves_out_the_layer_build_folder_of_a_dependency_that_contains_the_project()
    {
        using var temp = new TemporaryDirectory("ll-snippet");
        var root = temp.Combine("monorepo");
        var app = Path.Combine(root, "app");
        Directory.CreateDirectory(Path.Combine(app, "build", "lambda", "layer", "repo"));
        File.WriteAllText(Path.Combine(app, "build", "lambda", "layer", "repo", "huge.bin"), "output");
        Directory.CreateDirectory(Path.Combine(app, "build", "other"));
        File.WriteAllText(Path.Combine(app, "build", "other", "kept.txt"), "kept");
        File.WriteAllText(Path.Combine(root, "setup.py"), "from setuptools import setup\nsetup()\n");
        var excluded = PathDependencyFiles.ExcludedPaths(root, new LayerLayout(app));

        Assert.Contains("app/build/lambda/layer", excluded);
        var hashed = PathDependencyFiles.Entries(root, new LayerLayout(app)).ToList();
        Assert.Contains("app/build/other/kept.txt", hashed);
        Assert.DoesNotContain(hashed, e => e.StartsWith("app/build/lambda/layer", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_spelling_of_a_local_requirement_points_at_its_wheel_and_other_lines_stay()
    {
        using var temp = new TemporaryDirectory("ll-snippet");
        var project = temp.Combine("tree", "app");
        var mylib = temp.Combine("tree", "mylib");
        var other = temp.Combine("tree", "app", "libs", "other");
        var wheelFile = temp.Combine("tree", "app", "wheels", "local_wheel-1.0-py3-none-any.whl");
        var absolute = temp.Combine("elsewhere", "abs");
        var wheels = new Dictionary<string, string>
        {
            [mylib] = temp.Combine("wheels", "1"), [other] = temp.Combine("wheels", "2"), [absolute] = temp.Combine("wheels", "3"),
        };
        Directory.CreateDirectory(project);
        foreach (var (folder, wheelFolder) in wheels)
        {
            Directory.CreateDirectory(folder);
            Directory.CreateDirectory(wheelFolder);
        }
        File.WriteAllText(Path.Combine(wheels[mylib], "mylib-0.1.0-py3-none-any.whl"), "wheel");
        File.WriteAllText(Path.Combine(wheels[other], "other_lib-2.0-py3-none-any.whl"), "wheel");
        File.WriteAllText(Path.Combine(wheels[absolute], "abs-1.0-py3-none-any.whl"), "wheel");
        Directory.CreateDirectory(Path.GetDirectoryName(wheelFile)!);
        File.WriteAllText(wheelFile, "wheel");
        var requirements = Path.Combine(project, "requirements.txt");
        File.WriteAllText(requirements, string.Join('\n',
            "# pinned by hand",
            "tinyutil==1.0 \\",
            "    ; python_version >= \"3.8\"",
            "mylib[fast] @ file:../mylib ; python_version >= \"3.11\"",
            "-e ./libs/other",
            "./wheels/local_wheel-1.0-py3-none-any.whl",
            $"{new Uri(absolute).AbsoluteUri}#egg=abs",
            "--index-url https://example.com/simple/",
            "requests>=2  # comment ./not-a-path",
            ""));
        var map = wheels.ToDictionary(w => w.Key, w => (object)new Dictionary<string, string> { ["wheels"] = w.Value });
        map[wheelFile] = new Dictionary<string, string> { ["file"] = wheelFile };

        var (exitCode, output) = Python("-c", PythonSnippets.RewritePathRequirements, requirements, project, JsonSerializer.Serialize(map),
            JsonSerializer.Serialize(PathDependency.SourceArchiveExtensions));

        Assert.True(exitCode == 0, output);
        Assert.Equal(
        [
            "# pinned by hand",
            "tinyutil==1.0 \\",
            "    ; python_version >= \"3.8\"",
            $"mylib[fast] @ {new Uri(Path.Combine(wheels[mylib], "mylib-0.1.0-py3-none-any.whl")).AbsoluteUri} ; python_version >= \"3.11\"",
            $"other_lib @ {new Uri(Path.Combine(wheels[other], "other_lib-2.0-py3-none-any.whl")).AbsoluteUri}",
            $"local_wheel @ {new Uri(wheelFile).AbsoluteUri}",
            $"abs @ {new Uri(Path.Combine(wheels[absolute], "abs-1.0-py3-none-any.whl")).AbsoluteUri}",
            "--index-url https://example.com/simple/",
            "requests>=2  # comment ./not-a-path",
        ], File.ReadAllLines(requirements));
        Assert.Contains("rewrote 4 path requirement(s)", output);
    }

    [Fact]
    public void Exports_with_hashes_get_the_wheel_hash_and_an_unprepared_local_line_fails_the_step()
    {
        using var temp = new TemporaryDirectory("ll-snippet");
        var project = temp.Combine("app");
        var member = Path.Combine(project, "packages", "member");
        var wheels = temp.Combine("wheels", "1");
        Directory.CreateDirectory(member);
        Directory.CreateDirectory(wheels);
        File.WriteAllBytes(Path.Combine(wheels, "member-0.2.0-py3-none-any.whl"), [1, 2, 3]);
        var requirements = Path.Combine(project, "requirements.txt");
        // uv's export: local packages by path, registry packages pinned with hashes on continuation lines.
        File.WriteAllText(requirements, "./packages/member\nleafdep==2.0 \\\n    --hash=sha256:abc\n");
        var map = JsonSerializer.Serialize(new Dictionary<string, object> { [member] = new Dictionary<string, string> { ["wheels"] = wheels } });
        var archives = JsonSerializer.Serialize(PathDependency.SourceArchiveExtensions);

        var (exitCode, output) = Python("-c", PythonSnippets.RewritePathRequirements, requirements, project, map, archives);

        Assert.True(exitCode == 0, output);
        var lines = File.ReadAllLines(requirements);
        Assert.StartsWith("member @ file://", lines[0]);
        Assert.EndsWith(" --hash=sha256:039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81", lines[0]); // sha256 of 01 02 03
        Assert.Equal(["leafdep==2.0 \\", "    --hash=sha256:abc"], lines[1..]);

        File.WriteAllText(requirements, "../unknown-lib\n");
        var (failed, message) = Python("-c", PythonSnippets.RewritePathRequirements, requirements, project, map, archives);
        Assert.Equal(1, failed);
        Assert.Contains("not one of the path dependencies this build prepared", message);
    }

    [Fact]
    public void The_purity_check_passes_pure_wheels_and_names_native_ones()
    {
        using var temp = new TemporaryDirectory("ll-snippet");
        WheelBuilder.Write(temp.Combine("pure"), new WheelSpec("mylib", "0.1"));
        WheelBuilder.Write(temp.Combine("native"), new WheelSpec("fastlib", "0.1", "cp311-cp311-linux_x86_64"));

        var pure = Python("-c", PythonSnippets.CheckPureWheel, temp.Combine("pure"), "'mylib' ('../mylib')");
        var native = Python("-c", PythonSnippets.CheckPureWheel, temp.Combine("native"), "'fastlib' ('../fastlib')");

        Assert.True(pure.ExitCode == 0, pure.Output);
        Assert.Equal(3, native.ExitCode);
        Assert.Contains("'fastlib' ('../fastlib') built fastlib-0.1-cp311-cp311-linux_x86_64.whl, which holds native code", native.Output);
    }
}
