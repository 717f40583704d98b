using System.Text.Json;
using System.Text.RegularExpressions;
using LambdaLayers.Tests.Publishing;

namespace LambdaLayers.Tests.Frontends;

/// <summary>
/// The matrix through both front ends run as processes, as a user runs them: <c>./build.sh PublishLayer
/// --architecture x86_64,arm64 …</c> (the reference NUKE build) and <c>lambda-layers PublishLayer …</c>, cross-platform,
/// against the test index, s3rver and the fake Lambda. A native wheel gives one layer per architecture, a pure-Python
/// project one layer for both; a rerun, also on a fresh runner, publishes nothing.
/// </summary>
public sealed partial class NukeBuildTests
{
    private static readonly string LayerArnPrefix = $"arn:aws:lambda:{FakeLambdaServer.Region}:{FakeLambdaServer.Account}:layer:";

    private Task<(int ExitCode, string Output)> RunRoute(string route, MatrixScenario scenario, string[] arguments, Dictionary<string, string> environment) =>
        route == "nuke"
            ? consumer.RunAsync(scenario.Root.Root, arguments, environment)
            : consumer.RunCliAsync(scenario.Root.Root, arguments, environment);

    [Theory]
    [InlineData("nuke")]
    [InlineData("cli")]
    public async Task A_native_layer_publishes_one_layer_per_architecture_and_a_rerun_or_a_fresh_runner_publishes_nothing(string route)
    {
        await using var scenario = await MatrixScenario.CreateAsync();
        var layer = "native-" + route;
        var outputs = scenario.Root.Path("outputs.txt");
        var environment = scenario.Environment();
        environment["GITHUB_ACTIONS"] = "true";
        environment["GITHUB_OUTPUT"] = outputs;
        var arguments = scenario.Arguments("PublishLayer", "native", layer);

        var (exitCode, output) = await RunRoute(route, scenario, arguments, environment);
        TestContext.Current.TestOutputHelper?.WriteLine(output);

        Assert.True(exitCode == 0, output);
        var x86 = Assert.Single(scenario.Lambda.Versions(layer + "-x86_64"));
        var arm = Assert.Single(scenario.Lambda.Versions(layer + "-arm64"));
        Assert.Empty(scenario.Lambda.Versions(layer));
        Assert.Equal(["x86_64"], x86.CompatibleArchitectures);
        Assert.Equal(["arm64"], arm.CompatibleArchitectures);
        Assert.Equal([MatrixScenario.Runtime], arm.CompatibleRuntimes);
        Assert.NotEqual(x86.CodeSha256, arm.CodeSha256);
        Assert.Matches($@"python3\.11\s+x86_64\s+\d+\s+.+published\s+{Regex.Escape(LayerArnPrefix + layer)}-x86_64:1", output);
        Assert.Matches($@"python3\.11\s+arm64\s+\d+\s+.+published\s+{Regex.Escape(LayerArnPrefix + layer)}-arm64:1", output);
        Assert.Contains("[python3.11-arm64] ", output);     // each entry's log lines carry its name
        Assert.Contains("[python3.11-x86_64] ", output);
        var entryZip = scenario.Root.Path("native/build/lambda/layer/python3.11-arm64/layer.zip");
        Assert.True(File.Exists(entryZip), output);
        Assert.False(File.Exists(scenario.Root.Path("native/build/lambda/layer/layer.zip")));
        using (var arns = JsonDocument.Parse(File.ReadAllLines(outputs).Single(l => l.StartsWith("layer-version-arn=", StringComparison.Ordinal))["layer-version-arn=".Length..]))
        {
            Assert.Equal($"{LayerArnPrefix}{layer}-arm64:1", arns.RootElement.GetProperty("python3.11-arm64").GetString());
            Assert.Equal($"{LayerArnPrefix}{layer}-x86_64:1", arns.RootElement.GetProperty("python3.11-x86_64").GetString());
        }
        using (var record = JsonDocument.Parse(File.ReadAllText(scenario.Root.Path("native/build/lambda/layer/publish.json"))))
        {
            Assert.Equal(2, record.RootElement.GetProperty("entries").GetArrayLength());
            Assert.Equal(2, record.RootElement.GetProperty("layers").GetArrayLength());
        }

        // A rerun: the live layers are current for both entries, so nothing is built, packaged or published.
        var journal = scenario.Lambda.Journal.Count;
        var requests = scenario.Index.Requests.Count;
        var (rerunExit, rerun) = await RunRoute(route, scenario, arguments, scenario.Environment());

        Assert.True(rerunExit == 0, rerun);
        Assert.DoesNotContain("PublishLayerVersion", scenario.Operations(journal));
        Assert.Equal(requests, scenario.Index.Requests.Count);
        Assert.Matches($@"python3\.11\s+arm64\s+.+unchanged \(live, nothing built\)\s+{Regex.Escape(LayerArnPrefix + layer)}-arm64:1", rerun);

        // A fresh runner: no build folder at all. The live layers still say which zip each entry has.
        Directory.Delete(scenario.Root.Path("native/build"), recursive: true);
        journal = scenario.Lambda.Journal.Count;
        var (freshExit, fresh) = await RunRoute(route, scenario, arguments, scenario.Environment());

        Assert.True(freshExit == 0, fresh);
        Assert.Equal(["ListLayerVersions", "ListLayerVersions", "GetLayerVersion", "ListLayerVersions", "GetLayerVersion"], scenario.Operations(journal));
        Assert.Equal(requests, scenario.Index.Requests.Count);  // pip never ran
        Assert.False(File.Exists(entryZip));
        Assert.Single(scenario.Lambda.Versions(layer + "-x86_64"));
        Assert.Single(scenario.Lambda.Versions(layer + "-arm64"));
        Assert.Matches($@"python3\.11\s+x86_64\s+—\s+—\s+—\s+—\s+unchanged \(live, nothing built\)\s+{Regex.Escape(LayerArnPrefix + layer)}-x86_64:1", fresh);
    }

    [Theory]
    [InlineData("nuke")]
    [InlineData("cli")]
    public async Task A_pure_python_layer_publishes_one_layer_for_both_architectures_and_a_rerun_publishes_nothing(string route)
    {
        await using var scenario = await MatrixScenario.CreateAsync();
        var layer = "pure-" + route;
        var arguments = scenario.Arguments("PublishLayer", "pure", layer);

        var (exitCode, output) = await RunRoute(route, scenario, arguments, scenario.Environment());
        TestContext.Current.TestOutputHelper?.WriteLine(output);

        Assert.True(exitCode == 0, output);
        var version = Assert.Single(scenario.Lambda.Versions(layer));
        Assert.Equal(["x86_64", "arm64"], version.CompatibleArchitectures);
        Assert.Equal([MatrixScenario.Runtime], version.CompatibleRuntimes);
        Assert.Empty(scenario.Lambda.Versions(layer + "-x86_64"));
        Assert.Empty(scenario.Lambda.Versions(layer + "-arm64"));
        Assert.Equal(
            await File.ReadAllBytesAsync(scenario.Root.Path("pure/build/lambda/layer/python3.11-x86_64/layer.zip"), TestContext.Current.CancellationToken),
            await File.ReadAllBytesAsync(scenario.Root.Path("pure/build/lambda/layer/python3.11-arm64/layer.zip"), TestContext.Current.CancellationToken));
        Assert.Contains("python3.11-x86_64, python3.11-arm64 have a byte-identical layer.zip", output);
        Assert.Matches($@"layer {layer} version 1 \(published\) serves python3\.11-x86_64, python3\.11-arm64", output);
        Assert.Equal(1, scenario.Lambda.Count("PublishLayerVersion"));

        var journal = scenario.Lambda.Journal.Count;
        var (rerunExit, rerun) = await RunRoute(route, scenario, arguments, scenario.Environment());

        Assert.True(rerunExit == 0, rerun);
        // The merged layer answers for both entries: one name asked, nothing published.
        Assert.Equal(["ListLayerVersions", "GetLayerVersion"], scenario.Operations(journal));
        Assert.Matches($@"layer {layer} version 1 \(unchanged\) serves python3\.11-x86_64, python3\.11-arm64", rerun);
    }

    [Fact]
    public async Task A_change_to_one_entry_rebuilds_only_that_entry()
    {
        await using var scenario = await MatrixScenario.CreateAsync();
        var arguments = scenario.Arguments("PackageLayer", "native", "native-change", "--no-cache");
        var (exitCode, output) = await consumer.RunCliAsync(scenario.Root.Root, arguments, scenario.Environment());
        Assert.True(exitCode == 0, output);
        var x86Zip = scenario.Root.Path("native/build/lambda/layer/python3.11-x86_64/layer.zip");
        var x86Written = File.GetLastWriteTimeUtc(x86Zip);

        // One entry's build folder is gone (a new entry, or a damaged one): only that entry installs and packages.
        Directory.Delete(scenario.Root.Path("native/build/lambda/layer/python3.11-arm64"), recursive: true);
        var (againExit, again) = await consumer.RunCliAsync(scenario.Root.Root, arguments, scenario.Environment());

        Assert.True(againExit == 0, again);
        Assert.Matches(@"python3\.11\s+x86_64\s+.+\s+unchanged\s+—", again);
        Assert.Matches(@"python3\.11\s+arm64\s+.+\s+packaged\s+—", again);
        Assert.Matches(@"\[python3\.11-x86_64\] ✔ BuildLayer skipped in \d+\.\d s: ", again);
        Assert.Contains("[python3.11-arm64] Building the python3.11 arm64 layer", again);
        Assert.DoesNotContain("[python3.11-x86_64] Building", again);
        Assert.Equal(x86Written, File.GetLastWriteTimeUtc(x86Zip));
        Assert.True(File.Exists(scenario.Root.Path("native/build/lambda/layer/python3.11-arm64/layer.zip")));
    }

    [Fact]
    public async Task Each_entry_is_shared_through_the_build_cache_under_its_own_fingerprint()
    {
        await using var scenario = await MatrixScenario.CreateAsync();
        var arguments = scenario.Arguments("PackageLayer", "native", "native-cache");
        var (exitCode, output) = await consumer.RunCliAsync(scenario.Root.Root, arguments, scenario.Environment());
        Assert.True(exitCode == 0, output);
        var x86Zip = scenario.Root.Path("native/build/lambda/layer/python3.11-x86_64/layer.zip");
        var armZip = scenario.Root.Path("native/build/lambda/layer/python3.11-arm64/layer.zip");
        var x86Bytes = await File.ReadAllBytesAsync(x86Zip, TestContext.Current.CancellationToken);
        var armBytes = await File.ReadAllBytesAsync(armZip, TestContext.Current.CancellationToken);

        // Another machine: no build folder. Each entry downloads its own zip; pip does not run.
        Directory.Delete(scenario.Root.Path("native/build"), recursive: true);
        var requests = scenario.Index.Requests.Count;
        var (againExit, again) = await consumer.RunCliAsync(scenario.Root.Root, arguments, scenario.Environment());

        Assert.True(againExit == 0, again);
        Assert.Equal(requests, scenario.Index.Requests.Count);
        Assert.Matches(@"python3\.11\s+x86_64\s+.+\s+from cache\s+—", again);
        Assert.Matches(@"python3\.11\s+arm64\s+.+\s+from cache\s+—", again);
        Assert.Equal(x86Bytes, await File.ReadAllBytesAsync(x86Zip, TestContext.Current.CancellationToken));
        Assert.Equal(armBytes, await File.ReadAllBytesAsync(armZip, TestContext.Current.CancellationToken));
        Assert.NotEqual(x86Bytes, armBytes);
    }
}
