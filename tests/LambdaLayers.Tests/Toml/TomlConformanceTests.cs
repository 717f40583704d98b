using System.Text.Json;
using LambdaLayers.Toml;

namespace LambdaLayers.Tests.Toml;

/// <summary>
/// Runs every TOML 1.0 case of the toml-test suite through <see cref="TomlReader"/> and <see cref="TomlTaggedJson"/>,
/// the same code the toml-decoder program uses: valid documents must decode to the expected tagged JSON, invalid
/// ones must be rejected with a <see cref="TomlParseException"/>.
/// </summary>
public sealed class TomlConformanceTests
{
    [Fact]
    public void Every_toml_1_0_case_of_toml_test_passes()
    {
        var cases = TomlTestSuite.Cases;
        var failures = new List<string>();
        var valid = 0;
        var invalid = 0;
        foreach (var name in cases)
        {
            var failure = name switch
            {
                _ when name.StartsWith("valid/", StringComparison.Ordinal) => CheckValid(name, ref valid),
                _ when name.StartsWith("invalid/", StringComparison.Ordinal) => CheckInvalid(name, ref invalid),
                _ => "neither under valid/ nor under invalid/",
            };
            if (failure is not null)
            {
                failures.Add($"{name}: {failure}");
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"toml-test: {valid} valid and {invalid} invalid cases checked, {failures.Count} failures");
        Assert.True(failures.Count == 0, $"{failures.Count} toml-test cases failed:\n{string.Join("\n", failures)}");
        Assert.Equal(cases.Count, valid + invalid);
        // The suite's own list: a different count means cases were lost, not that the reader improved.
        Assert.Equal(File.ReadAllLines(Path.Combine(TomlTestSuite.TestsDirectory, "files-toml-1.0.0")).Count(l => l.Trim().EndsWith(".toml", StringComparison.Ordinal)), valid + invalid);
        Assert.True(valid > 0 && invalid > 0, "the suite list holds both valid and invalid cases");
    }

    private static string? CheckValid(string name, ref int count)
    {
        count++;
        var expectedPath = Path.ChangeExtension(TomlTestSuite.PathOf(name), ".json");
        if (!File.Exists(expectedPath))
        {
            return $"expected output {expectedPath} is missing";
        }
        string actualJson;
        try
        {
            actualJson = TomlTaggedJson.Encode(TomlReader.ParseUtf8(File.ReadAllBytes(TomlTestSuite.PathOf(name)), name));
        }
        catch (TomlParseException e)
        {
            return $"rejected valid TOML: {e.Message}";
        }
        using var expected = JsonDocument.Parse(File.ReadAllText(expectedPath));
        using var actual = JsonDocument.Parse(actualJson);
        return TaggedJsonComparer.Difference(expected.RootElement, actual.RootElement);
    }

    private static string? CheckInvalid(string name, ref int count)
    {
        count++;
        try
        {
            var document = TomlReader.ParseUtf8(File.ReadAllBytes(TomlTestSuite.PathOf(name)), name);
            return $"accepted invalid TOML as {TomlTaggedJson.Encode(document, indented: false)}";
        }
        catch (TomlParseException e)
        {
            // A rejection must still say where: the location is part of every parse error.
            return e.Line >= 1 && e.Column >= 1 && e.Message.StartsWith(name + ":", StringComparison.Ordinal)
                ? null
                : $"rejected without a usable location: {e.Message}";
        }
    }
}
