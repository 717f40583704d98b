using System.Security.Cryptography;
using LambdaLayers.Tests.Support;
using Tomlyn;
using Tomlyn.Model;

namespace LambdaLayers.Tests.Projects;

/// <summary>
/// Keeps the lock files of samples/poetry and samples/uv from rotting: Poetry itself must accept
/// poetry.lock for its pyproject.toml, and both locks must pin exactly the wheels samples/make_wheelhouse.py
/// writes (which scripts/sample.sh serves).
/// </summary>
public sealed class SampleLockFileTests
{
    private static string Sample(string name, string file) => Path.Combine(RepositoryPaths.Root, "samples", name, file);

    [Fact]
    public void Poetry_accepts_the_poetry_sample_lock_file()
    {
        var poetry = TestEnvironment.RequireProgram("poetry");
        using var scratch = new TemporaryDirectory("ll-sample-poetry");
        var project = Directory.CreateDirectory(scratch.Combine("project")).FullName;
        File.Copy(Sample("poetry", "pyproject.toml"), Path.Combine(project, "pyproject.toml"));
        File.Copy(Sample("poetry", "poetry.lock"), Path.Combine(project, "poetry.lock"));

        var (exitCode, output) = ToolProcess.Run(poetry, ["lock", "--check", "--no-interaction"], project, new Dictionary<string, string?>
        {
            ["POETRY_CONFIG_DIR"] = scratch.Combine("config"),
            ["POETRY_CACHE_DIR"] = scratch.Combine("cache"),
            // The check reads two files; it needs no environment of the project's own.
            ["POETRY_VIRTUALENVS_CREATE"] = "false",
        });

        Assert.True(exitCode == 0, $"poetry lock --check rejected samples/poetry/poetry.lock: {output}");
        Assert.Contains("poetry.lock is consistent with pyproject.toml", output);
    }

    [Fact]
    public void The_sample_lock_files_pin_the_wheels_the_sample_index_serves()
    {
        var python = TestEnvironment.RequireProgram("python3");
        using var index = new TemporaryDirectory("ll-sample-index");
        var (exitCode, output) = ToolProcess.Run(python, [Path.Combine(RepositoryPaths.Root, "samples", "make_wheelhouse.py"), index.Path], index.Path);
        Assert.True(exitCode == 0, output);
        var served = Directory.GetFiles(index.Path, "*.whl", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetFileName(path), path => (Hash: "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), Size: new FileInfo(path).Length));
        Assert.Equal(2, served.Count);

        var poetryFiles = Packages(ReadLock("poetry", "poetry.lock"))
            .SelectMany(package => Tables(package["files"]))
            .ToDictionary(file => (string)file["file"], file => (string)file["hash"]);
        Assert.Equal(served.ToDictionary(w => w.Key, w => w.Value.Hash).OrderBy(w => w.Key), poetryFiles.OrderBy(w => w.Key));

        var uvWheels = Packages(ReadLock("uv", "uv.lock"))
            .Where(package => package.ContainsKey("wheels"))
            .SelectMany(package => Tables(package["wheels"]))
            .ToDictionary(wheel => ((string)wheel["url"]).Split('/')[^1], wheel => (Hash: (string)wheel["hash"], Size: (long)wheel["size"]));
        Assert.Equal(served.OrderBy(w => w.Key), uvWheels.OrderBy(w => w.Key));
    }

    private static TomlTable ReadLock(string sample, string file) =>
        TomlSerializer.Deserialize<TomlTable>(File.ReadAllText(Sample(sample, file)))!;

    // [[package]] headers read as a TomlTableArray; inline `files = [{ … }]` as a TomlArray of tables.
    private static IEnumerable<TomlTable> Packages(TomlTable lockFile) => Tables(lockFile["package"]);

    private static IEnumerable<TomlTable> Tables(object value) => value switch
    {
        TomlTableArray tables => tables,
        TomlArray array => array.Cast<TomlTable>(),
        _ => throw new InvalidDataException($"expected an array of tables, found {value.GetType().Name}"),
    };
}
