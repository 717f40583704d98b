using System.Text;

namespace LambdaLayers.Tests.Support;

/// <summary>
/// Writes the small sample projects the build tests use into a folder, pinned against a test index:
/// pip (requirements.txt), Poetry (<c>[tool.poetry]</c> pyproject and a poetry.lock made by the real
/// <c>poetry lock</c>) and uv (pyproject and a handwritten uv.lock with the wheels' real hashes).
/// All three depend on tinyutil (→ leafdep) and fastcalc; Poetry and uv also have a dev group (devtool)
/// and an optional "extras" group (extrapkg) that must stay out of the layer unless asked for.
/// </summary>
public static class SampleProjects
{
    public const string IndexName = "testidx";

    /// <summary>Distributions the layer must hold for the default sample (dist-info names).</summary>
    public static readonly IReadOnlyList<string> RuntimeDistributions = ["fastcalc-1.0", "leafdep-2.0", "tinyutil-1.0"];

    public static string WritePip(string directory, params string[] requirements)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "pyproject.toml"), "[project]\nname = \"sample-pip\"\nversion = \"0.1.0\"\n");
        var lines = requirements.Length > 0 ? requirements : ["tinyutil==1.0", "fastcalc==1.0"];
        File.WriteAllText(Path.Combine(directory, "requirements.txt"), string.Join('\n', lines) + "\n");
        return directory;
    }

    public static string PoetryPyProject(Uri indexUrl, string extraDependency = "") => $$"""
        [tool.poetry]
        name = "sample-poetry"
        version = "0.1.0"
        description = "LambdaLayers test sample"
        authors = ["Tests <tests@example.com>"]

        [tool.poetry.dependencies]
        python = "^3.12"
        tinyutil = "^1.0"
        fastcalc = "1.0"
        {{extraDependency}}

        [tool.poetry.group.dev.dependencies]
        devtool = "^1.0"

        [tool.poetry.group.extras]
        optional = true

        [tool.poetry.group.extras.dependencies]
        extrapkg = "^1.0"

        [[tool.poetry.source]]
        name = "{{IndexName}}"
        url = "{{indexUrl}}"
        default = true

        [build-system]
        requires = ["poetry-core"]
        build-backend = "poetry.core.masonry.api"

        """;

    /// <summary>
    /// Writes a Poetry project whose poetry.lock is made by running the real <c>poetry lock</c> against the
    /// index, in a scratch copy with a venv of <paramref name="python"/> (Poetry 1.3.2 cannot pick a
    /// non-default interpreter itself) and with config and cache in temp folders.
    /// </summary>
    public static string WritePoetry(string directory, Uri indexUrl, string python, string? username = null, string? password = null)
    {
        Directory.CreateDirectory(directory);
        var pyproject = PoetryPyProject(indexUrl);
        File.WriteAllText(Path.Combine(directory, "pyproject.toml"), pyproject);
        File.WriteAllText(Path.Combine(directory, "poetry.lock"), PoetryLock(pyproject, python, username, password));
        return directory;
    }

    private static readonly Dictionary<string, string> LockCache = new();

    /// <summary>Runs <c>poetry lock</c> for a pyproject (cached per content), returning the lock text.</summary>
    public static string PoetryLock(string pyproject, string python, string? username, string? password)
    {
        lock (LockCache)
        {
            if (LockCache.TryGetValue(pyproject, out var cached))
            {
                return cached;
            }
            using var scratch = new TemporaryDirectory("ll-poetry-lock");
            File.WriteAllText(scratch.Combine("pyproject.toml"), pyproject);
            Run(python, ["-m", "venv", "--without-pip", scratch.Combine(".venv")], scratch.Path, new());
            var env = new Dictionary<string, string?>
            {
                ["POETRY_VIRTUALENVS_IN_PROJECT"] = "true",
                ["POETRY_CONFIG_DIR"] = scratch.Combine("config"),
                ["POETRY_CACHE_DIR"] = scratch.Combine("cache"),
                ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring",
            };
            if (username is not null)
            {
                env[$"POETRY_HTTP_BASIC_{IndexName.ToUpperInvariant()}_USERNAME"] = username;
                env[$"POETRY_HTTP_BASIC_{IndexName.ToUpperInvariant()}_PASSWORD"] = password;
            }
            Run("poetry", ["lock", "--no-interaction"], scratch.Path, env);
            var text = File.ReadAllText(scratch.Combine("poetry.lock"));
            LockCache[pyproject] = text;
            return text;
        }
    }

    public static string UvPyProject(string indexUrl) => $$"""
        [project]
        name = "sample-uv"
        version = "0.1.0"
        requires-python = ">=3.12"
        dependencies = ["tinyutil>=1.0", "fastcalc==1.0"]

        [project.optional-dependencies]
        extras = ["extrapkg>=1.0"]

        [dependency-groups]
        dev = ["devtool>=1.0"]

        [[tool.uv.index]]
        name = "{{IndexName}}"
        url = "{{indexUrl}}"
        default = true

        """;

    /// <summary>Writes a uv project with a handwritten uv.lock (version 1 format) pinning the test wheels by hash.</summary>
    public static string WriteUv(string directory, Uri indexUrl, string wheelDirectory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "pyproject.toml"), UvPyProject(indexUrl.ToString()));
        var lockText = new StringBuilder();
        lockText.Append("version = 1\nrevision = 2\nrequires-python = \">=3.12\"\n\n");
        void Package(string name, string version, IEnumerable<string> dependencies, IEnumerable<WheelSpec> wheels)
        {
            lockText.Append($"[[package]]\nname = \"{name}\"\nversion = \"{version}\"\nsource = {{ registry = \"{indexUrl}\" }}\n");
            var deps = dependencies.ToList();
            if (deps.Count > 0)
            {
                lockText.Append("dependencies = [\n" + string.Concat(deps.Select(d => $"    {{ name = \"{d}\" }},\n")) + "]\n");
            }
            lockText.Append("wheels = [\n");
            foreach (var wheel in wheels)
            {
                var path = Path.Combine(wheelDirectory, wheel.FileName);
                lockText.Append($"    {{ url = \"{new Uri(indexUrl, "/files/" + wheel.FileName)}\", hash = \"sha256:{WheelBuilder.Sha256(path)}\", size = {new FileInfo(path).Length} }},\n");
            }
            lockText.Append("]\n\n");
        }
        Package("devtool", "1.0", [], [TestWheels.DevTool]);
        Package("extrapkg", "1.0", [], [TestWheels.ExtraPkg]);
        Package("fastcalc", "1.0", [], TestWheels.FastCalcWheels);
        Package("leafdep", "2.0", [], [TestWheels.LeafDep]);
        lockText.Append("""
            [[package]]
            name = "sample-uv"
            version = "0.1.0"
            source = { virtual = "." }
            dependencies = [
                { name = "fastcalc" },
                { name = "tinyutil" },
            ]

            [package.optional-dependencies]
            extras = [
                { name = "extrapkg" },
            ]

            [package.dev-dependencies]
            dev = [
                { name = "devtool" },
            ]

            """ + "\n");
        Package("tinyutil", "1.0", ["leafdep"], [TestWheels.TinyUtil]);
        File.WriteAllText(Path.Combine(directory, "uv.lock"), lockText.ToString());
        return directory;
    }

    private static void Run(string program, string[] arguments, string workingDirectory, Dictionary<string, string?> environment)
    {
        var (exitCode, output) = ToolProcess.Run(program, arguments, workingDirectory, environment);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({exitCode}): {output}");
        }
    }
}
