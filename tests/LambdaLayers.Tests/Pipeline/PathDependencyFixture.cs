using System.Text;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Pipeline;

/// <summary>
/// What the path-dependency build tests share, made once: an index with the test wheels plus a real PEP 517
/// backend (Debian's setuptools and wheel wheels from python3-setuptools-whl / python3-wheel-whl under
/// /usr/share/python-wheels), and a template folder the tests copy — three libraries next to three projects:
/// <code>
/// mylib/       setuptools project (setup.py, src/mylib), needs leafdep
/// grouplib/    the same shape, for a group or dev-group path dependency
/// fastlib/     declares a C extension (never built: cross-platform must refuse it)
/// outside/otherwheel-1.0-py3-none-any.whl
/// poetry-app/  mylib = {path = "../mylib", develop = true}; group "lambda": grouplib = {path = "../grouplib"}; real poetry.lock
/// uv-app/      [tool.uv.sources] mylib = {path = "../mylib"}, workspace member packages/member, dev group grouplib; uv.lock
/// pip-app/     requirements.txt: mylib @ file:../mylib, ./wheels/localwheel-…whl, -e ../grouplib
/// </code>
/// The builds run with the system's Python (Debian's /usr/bin/python3, 3.11, the same Python as the offline
/// build image): Debian's setuptools wheel carries Debian's install-layout patch and only builds on Debian's
/// Python, not on a pyenv one.
/// </summary>
public sealed class PathDependencyFixture : IAsyncLifetime
{
    /// <summary>Debian's interpreter, whose distutils patches match Debian's setuptools wheel.</summary>
    public const string SystemPython = "/usr/bin/python3";

    /// <summary>Where Debian's python3-*-whl packages put their wheels.</summary>
    public const string SystemWheelDirectory = "/usr/share/python-wheels";

    public const string Runtime = "python3.11";

    private readonly TemporaryDirectory _temp = new("ll-pathdeps-fixture");
    private string? _problem;

    /// <summary>The open index over the test wheels and the backend's wheels.</summary>
    public PackageIndexServer IndexServer { get; private set; } = null!;

    public string Template => _temp.Combine("template");

    public async ValueTask InitializeAsync()
    {
        BuildFixture.UseTestToolEnvironment();
        var wheels = _temp.Combine("wheels");
        TestWheels.WriteAll(wheels);
        var backend = Directory.Exists(SystemWheelDirectory)
            ? Directory.EnumerateFiles(SystemWheelDirectory, "*.whl").Where(f => Path.GetFileName(f).StartsWith("setuptools-") || Path.GetFileName(f).StartsWith("wheel-")).ToList()
            : [];
        if (backend.Count < 2 || !File.Exists(SystemPython))
        {
            _problem = $"Debian's python3 and its setuptools and wheel wheels ({SystemPython}, {SystemWheelDirectory}: python3-setuptools-whl, python3-wheel-whl)";
            return;
        }
        foreach (var file in backend)
        {
            File.Copy(file, Path.Combine(wheels, Path.GetFileName(file)));
        }
        IndexServer = await PackageIndexServer.StartAsync(wheels);
        WriteTemplate(wheels);
    }

    public async ValueTask DisposeAsync()
    {
        if (IndexServer is not null)
        {
            await IndexServer.DisposeAsync();
        }
        _temp.Dispose();
    }

    /// <summary>Skips (locally) or fails (CI) when the system Python or its wheels are missing; Poetry too when asked.</summary>
    public void Require(bool poetry = false)
    {
        TestEnvironment.Require(_problem is null, _problem ?? "");
        if (poetry)
        {
            TestEnvironment.RequireProgram("poetry");
            TestEnvironment.Require(_poetryLockProblem is null, _poetryLockProblem ?? "");
        }
    }

    private string? _poetryLockProblem;

    /// <summary>A fresh copy of the template under <paramref name="directory"/>; returns it.</summary>
    public string Copy(string directory)
    {
        CopyTree(Template, directory);
        return directory;
    }

    public LayerSettings Settings(string project, ToolKind tool, BuildMode mode = BuildMode.Local) => new()
    {
        ProjectDirectory = project,
        PyProjectPath = Path.Combine(project, "pyproject.toml"),
        Tool = tool,
        Runtime = LambdaRuntimes.Find(Runtime)!,
        Mode = mode,
        PythonInterpreter = mode == BuildMode.Container ? null : SystemPython,
        Index = new PackageIndex(SampleProjects.IndexName, IndexServer.Url, null, null),
    };

    private void WriteTemplate(string wheels)
    {
        var indexUrl = IndexServer.Url;
        Library("mylib", "0.1.0", "VALUE = \"mylib 1\"\n");
        Library("grouplib", "0.3.0", "VALUE = \"grouplib\"\n");
        Write("fastlib/pyproject.toml", "[build-system]\nrequires = [\"setuptools>=61\"]\nbuild-backend = \"setuptools.build_meta\"\n");
        Write("fastlib/setup.py", "from setuptools import Extension, setup\n\nsetup(name=\"fastlib\", version=\"0.1\", ext_modules=[Extension(\"fastlib\", [\"speed.c\"])])\n");
        Write("fastlib/speed.c", "/* compiled for the host, never for Lambda */\n");
        WheelBuilder.Write(Path.Combine(Template, "outside"), new WheelSpec("otherwheel", "1.0"));

        // pip: a relative file: URL, a wheel inside the project, an editable folder.
        Write("pip-app/pyproject.toml", "[project]\nname = \"pip-app\"\nversion = \"0.1.0\"\n");
        Write("pip-app/requirements.txt", "tinyutil==1.0\nmylib @ file:../mylib\n./wheels/localwheel-1.0-py3-none-any.whl\n-e ../grouplib\n");
        WheelBuilder.Write(Path.Combine(Template, "pip-app", "wheels"), new WheelSpec("localwheel", "1.0"));

        // uv: a [tool.uv.sources] path, a workspace member, a dev-group path; the lock written as uv writes it.
        Write("uv-app/pyproject.toml", $$"""
            [project]
            name = "uv-app"
            version = "0.1.0"
            requires-python = ">=3.11"
            dependencies = ["tinyutil>=1.0", "mylib", "member"]

            [dependency-groups]
            dev = ["devtool>=1.0", "grouplib"]

            [tool.uv.sources]
            mylib = { path = "../mylib" }
            member = { workspace = true }
            grouplib = { path = "../grouplib" }

            [tool.uv.workspace]
            members = ["packages/*"]

            [[tool.uv.index]]
            name = "{{SampleProjects.IndexName}}"
            url = "{{indexUrl}}"
            default = true
            """);
        Write("uv-app/packages/member/pyproject.toml", """
            [build-system]
            requires = ["setuptools>=61"]
            build-backend = "setuptools.build_meta"

            [project]
            name = "member"
            version = "0.2.0"
            dependencies = ["leafdep>=1.0"]
            """);
        Write("uv-app/packages/member/src/member/__init__.py", "VALUE = \"member\"\n");
        Write("uv-app/uv.lock", UvLock(indexUrl, wheels));

        // Poetry: mylib in the main group (develop = true), grouplib in an optional group; locked by the real Poetry.
        Write("poetry-app/pyproject.toml", $$"""
            [tool.poetry]
            name = "poetry-app"
            version = "0.1.0"
            description = "path dependencies"
            authors = ["Tests <tests@example.com>"]

            [tool.poetry.dependencies]
            python = "^3.11"
            tinyutil = "^1.0"
            mylib = { path = "../mylib", develop = true }

            [tool.poetry.group.lambda]
            optional = true

            [tool.poetry.group.lambda.dependencies]
            grouplib = { path = "../grouplib" }

            [[tool.poetry.source]]
            name = "{{SampleProjects.IndexName}}"
            url = "{{indexUrl}}"
            default = true

            [build-system]
            requires = ["poetry-core"]
            build-backend = "poetry.core.masonry.api"
            """);
        LockPoetryApp();
    }

    // Poetry 1.3.2 reads a setuptools folder's metadata from setup.py when it can (name, version and a
    // non-empty install_requires, all literal); otherwise it would fetch `build` from PyPI to run the backend.
    private void Library(string name, string version, string module)
    {
        Write($"{name}/pyproject.toml", "[build-system]\nrequires = [\"setuptools>=61\"]\nbuild-backend = \"setuptools.build_meta\"\n");
        Write($"{name}/setup.py", $$"""
            from setuptools import setup

            setup(
                name="{{name}}",
                version="{{version}}",
                package_dir={"": "src"},
                packages=["{{name}}"],
                install_requires=["leafdep>=1.0"],
            )
            """);
        Write($"{name}/src/{name}/__init__.py", module);
    }

    private void LockPoetryApp()
    {
        var project = Path.Combine(Template, "poetry-app");
        var poetry = TestEnvironment.FindOnPath("poetry");
        if (poetry is null)
        {
            _poetryLockProblem = "'poetry' (on PATH)";
            return;
        }
        ToolProcess.Run(SystemPython, ["-m", "venv", "--without-pip", Path.Combine(project, ".venv")], project);
        var (exitCode, output) = ToolProcess.Run(poetry, ["lock", "--no-interaction"], project, new Dictionary<string, string?>
        {
            ["POETRY_VIRTUALENVS_IN_PROJECT"] = "true",
            ["POETRY_CONFIG_DIR"] = _temp.Combine("poetry", "config"),
            ["POETRY_CACHE_DIR"] = _temp.Combine("poetry", "cache"),
            ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring",
        });
        Directory.Delete(Path.Combine(project, ".venv"), recursive: true);
        if (exitCode != 0)
        {
            _poetryLockProblem = "`poetry lock` of the path-dependency project: " + output;
        }
    }

    private static string UvLock(Uri indexUrl, string wheels)
    {
        string Registry(WheelSpec spec)
        {
            var file = Path.Combine(wheels, spec.FileName);
            return $"source = {{ registry = \"{indexUrl}\" }}\nwheels = [\n    {{ url = \"{new Uri(indexUrl, "/files/" + spec.FileName)}\", " +
                   $"hash = \"sha256:{WheelBuilder.Sha256(file)}\", size = {new FileInfo(file).Length} }},\n]\n";
        }
        var text = new StringBuilder();
        text.Append("version = 1\nrevision = 2\nrequires-python = \">=3.11\"\n\n[manifest]\nmembers = [\n    \"member\",\n    \"uv-app\",\n]\n\n");
        text.Append($"[[package]]\nname = \"devtool\"\nversion = \"1.0\"\n{Registry(TestWheels.DevTool)}\n");
        text.Append("[[package]]\nname = \"grouplib\"\nversion = \"0.3.0\"\nsource = { directory = \"../grouplib\" }\ndependencies = [\n    { name = \"leafdep\" },\n]\n\n");
        text.Append($"[[package]]\nname = \"leafdep\"\nversion = \"2.0\"\n{Registry(TestWheels.LeafDep)}\n");
        text.Append("[[package]]\nname = \"member\"\nversion = \"0.2.0\"\nsource = { editable = \"packages/member\" }\ndependencies = [\n    { name = \"leafdep\" },\n]\n\n");
        text.Append("[[package]]\nname = \"mylib\"\nversion = \"0.1.0\"\nsource = { directory = \"../mylib\" }\ndependencies = [\n    { name = \"leafdep\" },\n]\n\n");
        text.Append($"[[package]]\nname = \"tinyutil\"\nversion = \"1.0\"\n{Registry(TestWheels.TinyUtil)}dependencies = [\n    {{ name = \"leafdep\" }},\n]\n\n");
        text.Append("[[package]]\nname = \"uv-app\"\nversion = \"0.1.0\"\nsource = { virtual = \".\" }\ndependencies = [\n    { name = \"member\" },\n    { name = \"mylib\" },\n    { name = \"tinyutil\" },\n]\n\n");
        text.Append("[package.dev-dependencies]\ndev = [\n    { name = \"devtool\" },\n    { name = \"grouplib\" },\n]\n");
        return text.ToString();
    }

    private void Write(string relative, string content)
    {
        var path = Path.Combine(Template, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.EndsWith('\n') ? content : content + "\n");
    }

    private static void CopyTree(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
