using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Frontends;

/// <summary>
/// What a NUKE build's ConfigureLayer returns goes through the same checks as a parameter, under the real NUKE: the
/// target fails with the check's message, naming ConfigureLayer and the property it set, before anything is built.
/// </summary>
public sealed class ConfigureLayerTests(ConfiguringConsumer consumer) : IClassFixture<ConfiguringConsumer>
{
    private const int NukeFailedBuild = 255;
    private const string FromCode = "(from ConfigureLayer in the build's code, which set LayerSettings.";

    private static TempProject Root()
    {
        var root = new TempProject();
        root.Write(".nuke/parameters.json", "{}");
        foreach (var file in new[] { "pyproject.toml", "requirements.txt" })
        {
            root.Write(file, File.ReadAllText(Path.Combine(RepositoryPaths.Root, "samples", "pip", file)));
        }
        return root;
    }

    [Theory]
    [InlineData("empty-layer-name", $"layer-name '' {FromCode}LayerName) may hold only letters, digits, '-' and '_', 1 to 140 characters.")]
    [InlineData("relative-build-folder", $"build-dir 'build/custom' {FromCode}BuildDirectory) must be an absolute path")]
    [InlineData("reserved-300-mb", $"reserved-mb 300 {FromCode}ReservedBytes) must be from 0 to 250")]
    [InlineData("16-runtimes", $"compatible-runtimes {FromCode}CompatibleRuntimes) names 16 runtimes, and a layer version takes at most 15")]
    public async Task A_value_ConfigureLayer_sets_fails_the_target_with_the_checks_message(string configureCase, string message)
    {
        using var root = Root();

        var (exitCode, output) = await consumer.RunAsync(root.Root, configureCase, "BuildLayer");

        Assert.True(exitCode == NukeFailedBuild, output);
        Assert.Contains("// Reason: " + message, output);
        Assert.DoesNotContain("   at ", output);
        Assert.False(Directory.Exists(root.Path("build")), output);
    }

    [Fact]
    public async Task A_build_folder_outside_the_project_from_ConfigureLayer_is_refused_and_nothing_is_deleted()
    {
        using var root = Root();
        using var outside = new TemporaryDirectory();
        File.WriteAllText(Path.Combine(outside.Path, "keep.txt"), "keep");

        var (exitCode, output) = await consumer.RunAsync(root.Root, "build-folder-outside", "BuildLayer");

        Assert.True(exitCode == NukeFailedBuild, output);
        Assert.Contains($"(build-dir, {FromCode[1..]}BuildDirectory): it is wiped before every build, so it must lie inside the project folder", output);
        Assert.True(File.Exists(Path.Combine(outside.Path, "keep.txt")));
    }
}
