using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace LambdaLayers.Tests.Toml;

/// <summary>Runs the built toml-decoder program end to end, the way the toml-test runner would.</summary>
public sealed class TomlDecoderProgramTests
{
    [Fact]
    public async Task Decodes_a_valid_document_from_stdin()
    {
        var name = "valid/spec-example-1.toml";
        var (exitCode, stdout, stderr) = await RunDecoder(File.ReadAllBytes(TomlTestSuite.PathOf(name)));

        Assert.True(exitCode == 0, $"exit code {exitCode}, stderr: {stderr}");
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(TomlTestSuite.PathOf(name), ".json")));
        using var actual = JsonDocument.Parse(stdout);
        Assert.Null(TaggedJsonComparer.Difference(expected.RootElement, actual.RootElement));
    }

    [Fact]
    public async Task Decodes_a_file_named_on_the_command_line()
    {
        var path = TomlTestSuite.PathOf("valid/datetime/milliseconds.toml");
        var (exitCode, stdout, stderr) = await RunDecoder(null, path);

        Assert.True(exitCode == 0, $"exit code {exitCode}, stderr: {stderr}");
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(path, ".json")));
        using var actual = JsonDocument.Parse(stdout);
        Assert.Null(TaggedJsonComparer.Difference(expected.RootElement, actual.RootElement));
    }

    [Fact]
    public async Task Rejects_an_invalid_document_with_exit_code_1_and_a_located_message()
    {
        var (exitCode, stdout, stderr) = await RunDecoder("a = 1\nb = \"\\q\"\n"u8.ToArray());

        Assert.Equal(1, exitCode);
        Assert.Equal("", stdout);
        Assert.StartsWith("<stdin>:2:6: invalid escape sequence '\\q'; expected one of", stderr);
        Assert.DoesNotContain("   at ", stderr); // no stack trace
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunDecoder(byte[]? stdin, params string[] args)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var (program, dll) = DecoderPaths();
        if (File.Exists(program))
        {
            start.FileName = program;
        }
        else
        {
            start.FileName = "dotnet";
            start.ArgumentList.Add(dll);
        }
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(stdin, TestContext.Current.CancellationToken);
        }
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The apphost and the dll in tests/TomlDecoder/bin/&lt;configuration of this test build&gt;/net10.0/.</summary>
    private static (string Program, string Dll) DecoderPaths()
    {
        var configuration = typeof(TomlDecoderProgramTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "LambdaLayers.sln")))
        {
            repository = repository.Parent;
        }
        Assert.NotNull(repository);
        var folder = Path.Combine(repository.FullName, "tests", "TomlDecoder", "bin", configuration, "net10.0");
        var program = Path.Combine(folder, OperatingSystem.IsWindows() ? "toml-decoder.exe" : "toml-decoder");
        var dll = Path.Combine(folder, "toml-decoder.dll");
        Assert.True(File.Exists(program) || File.Exists(dll),
            $"toml-decoder is not built in {folder}; the test project references it so building the tests builds it.");
        return (program, dll);
    }
}
