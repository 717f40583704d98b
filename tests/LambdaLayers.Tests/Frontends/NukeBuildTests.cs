using System.IO.Compression;
using System.Text.RegularExpressions;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Publishing;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Frontends;

/// <summary>
/// The NUKE components under the real NUKE 10.1.0: the reference consumer in build/ is run as a process against
/// throw-away projects, as <c>./build.sh</c> runs it, and the tests look at its exit code, its output and the
/// files it leaves. The samples/pip project is built with real pip from the sample index.
/// </summary>
public sealed partial class NukeBuildTests(ReferenceConsumer consumer) : IClassFixture<ReferenceConsumer>
{
    /// <summary>NUKE returns -1 from Execute when a build fails, which the process reports as 255.</summary>
    private const int NukeFailedBuild = 255;

    private static readonly string RuntimeList = string.Join(", ", LambdaRuntimes.All.Select(r => r.Name));

    /// <summary>A NUKE root (a folder with .nuke/) holding a copy of samples/pip under samples/pip.</summary>
    private static TempProject SampleRoot(string parametersJson = "{}")
    {
        var root = new TempProject();
        root.Write(".nuke/parameters.json", parametersJson);
        foreach (var file in new[] { "pyproject.toml", "requirements.txt" })
        {
            root.Write(Path.Combine("samples", "pip", file), File.ReadAllText(Path.Combine(RepositoryPaths.Root, "samples", "pip", file)));
        }
        return root;
    }

    private static string LayerZip(TempProject root) => root.Path("samples/pip/build/lambda/layer/layer.zip");

    private static IReadOnlyList<string> ZipEntries(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        return archive.Entries.Select(e => e.FullName).ToArray();
    }

    private static int Count(string text, string what) => Regex.Matches(text, Regex.Escape(what)).Count;

    [Fact]
    public async Task Help_lists_the_layer_targets_with_their_dependencies_and_every_parameter_with_profile_only_once()
    {
        using var root = SampleRoot();

        var (exitCode, output) = await consumer.RunAsync(root.Root, ["--help"]);

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"PublishLayer\s+-> PackageLayer", output);
        Assert.Matches(@"PackageLayer \(default\) -> BuildLayer", output);
        Assert.Matches(@"\n\s+BuildLayer\s*\n", output);
        // NUKE prints each parameter's member name in dashed form, indented by two spaces (wrapped descriptions
        // are indented further); it matches its arguments with dashes ignored.
        var listed = Regex.Matches(output, @"^ {2}--([a-z0-9-]+)", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value.Replace("-", "")).ToList();
        foreach (var parameter in LayerParameters.All.Where(p => !p.FrontEndOnly))
        {
            Assert.Contains(parameter.MemberName.ToLowerInvariant(), listed);
        }
        Assert.Single(listed, "profile");
        Assert.Contains("awsprofile", listed);
        Assert.Equal(listed.Count, listed.Distinct().Count());
    }

    [Fact]
    public async Task PackageLayer_builds_samples_pip_with_real_pip_reports_like_the_cli_and_writes_the_step_summary()
    {
        var python = TestEnvironment.RequireProgram("python3.11");
        await using var index = await PackageIndexServer.StartAsync(consumer.SampleWheels);
        using var root = SampleRoot();
        var stepSummary = root.Path("step-summary.md");
        string[] arguments = ["PackageLayer", "--project", "samples/pip", "--python", python, "--index-url", index.Url.ToString(), "--exclude", "palette-kit"];
        var environment = new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = stepSummary };

        var (exitCode, output) = await consumer.RunAsync(root.Root, arguments, environment);

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"BuildLayer\s+Succeeded", output);
        Assert.Matches(@"PackageLayer\s+Succeeded", output);
        Assert.True(output.IndexOf("▶ BuildLayer", StringComparison.Ordinal) < output.IndexOf("▶ PackageLayer", StringComparison.Ordinal), output);
        Assert.Contains("✔ PackageLayer finished in", output);
        Assert.Equal(1, Count(output, "Lambda layer summary"));
        Assert.Matches(@"runtime\s+python3\.11", output);
        Assert.Matches(@"budget\s+0\.0% of Lambda's 250 MB unzipped limit", output);
        Assert.Matches(@"largest\s+greeting-kit [\d.]+ (B|KiB)", output); // with its pycs since the layer carries bytecode
        Assert.Matches(@"fingerprint\s+[0-9a-f]{64}", output);
        Assert.Matches(@"result\s+packaged layer\.zip", output);
        var entries = ZipEntries(LayerZip(root));
        Assert.Contains("python/greeting_kit/__init__.py", entries);
        Assert.DoesNotContain(entries, e => e.Contains("palette_kit", StringComparison.Ordinal));   // --exclude from the command line
        var markdown = File.ReadAllText(stepSummary);
        Assert.Contains("| runtime | python3.11 |", markdown);
        Assert.Contains("| result | packaged layer.zip |", markdown);

        var (secondExit, second) = await consumer.RunAsync(root.Root, arguments);

        Assert.True(secondExit == 0, second);
        Assert.Matches(@"result\s+skipped as unchanged \(layer\.zip is current\)", second);
    }

    [Fact]
    public async Task PackageLayer_in_local_mode_for_python311_ships_an_unchecked_hash_pyc_beside_every_py_the_same_from_two_folders()
    {
        TestEnvironment.RequireProgram("python3.11");
        await using var index = await PackageIndexServer.StartAsync(consumer.SampleWheels);
        using var first = SampleRoot();
        using var second = SampleRoot();
        string[] arguments = ["PackageLayer", "--project", "samples/pip", "--mode", "local", "--runtime", "python3.11", "--index-url", index.Url.ToString()];

        var (exitCode, output) = await consumer.RunAsync(first.Root, arguments);
        var (secondExit, secondOutput) = await consumer.RunAsync(second.Root, arguments);

        Assert.True(exitCode == 0, output);
        Assert.True(secondExit == 0, secondOutput);
        Assert.Matches(@"bytecode\s+compiled: 3 files to cpython-311 pycs \(unchecked hash\) with Python 3\.11\.", output);
        using (var archive = ZipFile.OpenRead(LayerZip(first)))
        {
            var names = archive.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            var sources = names.Where(n => n.EndsWith(".py", StringComparison.Ordinal)).ToList();
            Assert.Equal(3, sources.Count);
            foreach (var source in sources)
            {
                var pyc = LambdaLayers.Packaging.BytecodeCompiler.PycZipPath(source, "cpython-311");
                Assert.Contains(pyc, names);
                using var stream = archive.GetEntry(pyc)!.Open();
                var header = new byte[LambdaLayers.Packaging.PycHeader.Length];
                stream.ReadExactly(header);
                Assert.Equal([1, 0, 0, 0], header[4..8]); // PEP 552 flags word: hash-based, unchecked
            }
            Assert.Equal(sources.Count, names.Count(n => n.EndsWith(".pyc", StringComparison.Ordinal)));
        }
        Assert.Equal(File.ReadAllBytes(LayerZip(first)), File.ReadAllBytes(LayerZip(second)));

        var (offExit, offOutput) = await consumer.RunAsync(first.Root, [.. arguments, "--no-bytecode"]);

        Assert.True(offExit == 0, offOutput);
        Assert.Matches(@"bytecode\s+off \(turned off with --no-bytecode\)", offOutput);
        Assert.DoesNotContain(ZipEntries(LayerZip(first)), e => e.EndsWith(".pyc", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Parameters_bind_from_nuke_environment_variables_and_parameters_json_with_an_encrypted_secret()
    {
        var python = TestEnvironment.RequireProgram("python3.11");
        var indexPassword = "pw-" + Guid.NewGuid().ToString("N");
        var filePassword = "file-password-" + Guid.NewGuid().ToString("N")[..8];
        await using var index = await PackageIndexServer.StartAsync(consumer.SampleWheels, "layer-user", indexPassword);
        var encrypted = NukeParameterEncryption.Encrypt(indexPassword, filePassword);
        using var root = SampleRoot($$"""
            {
              "IndexUsername": "layer-user",
              "IndexPassword": "{{encrypted}}",
              "Exclude": ["palette-kit"]
            }
            """);
        var environment = new Dictionary<string, string>
        {
            ["PROJECT"] = "samples/pip",
            ["NUKE_PYTHON"] = python,
            ["INDEX_URL"] = index.Url.ToString(),
            ["PARAMS_KEY"] = filePassword,
        };

        var (exitCode, output) = await consumer.RunAsync(root.Root, ["PackageLayer"], environment);

        Assert.True(exitCode == 0, output);
        Assert.Contains(index.DownloadedFiles, f => f.StartsWith("greeting_kit-1.2.0", StringComparison.Ordinal));
        var entries = ZipEntries(LayerZip(root));
        Assert.Contains("python/greeting_kit/__init__.py", entries);
        Assert.DoesNotContain(entries, e => e.Contains("palette_kit", StringComparison.Ordinal));
        Assert.DoesNotContain(indexPassword, output);
        Assert.DoesNotContain(encrypted[3..], output);
    }

    [Fact]
    public async Task PublishLayer_publishes_through_nuke_and_writes_the_github_outputs()
    {
        var python = TestEnvironment.RequireProgram("python3.11");
        await using var index = await PackageIndexServer.StartAsync(consumer.SampleWheels);
        await using var lambda = await FakeLambdaServer.StartAsync(new Dictionary<string, string> { ["AKIDNUKETEST"] = "nuke-test-secret" });
        using var root = SampleRoot();
        var outputs = root.Path("outputs.txt");
        var environment = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "AKIDNUKETEST",
            ["AWS_SECRET_ACCESS_KEY"] = "nuke-test-secret",
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_OUTPUT"] = outputs,
        };

        var (exitCode, output) = await consumer.RunAsync(root.Root,
            ["PublishLayer", "--project", "samples/pip", "--python", python, "--index-url", index.Url.ToString(),
             "--layer-name", "nuke-sample", "--region", FakeLambdaServer.Region, "--lambda-endpoint", lambda.Endpoint.ToString()],
            environment);

        Assert.True(exitCode == 0, output);
        var arn = $"arn:aws:lambda:{FakeLambdaServer.Region}:{FakeLambdaServer.Account}:layer:nuke-sample:1";
        Assert.Matches(@"BuildLayer\s+Succeeded", output);
        Assert.Matches(@"PackageLayer\s+Succeeded", output);
        Assert.Matches(@"PublishLayer\s+Succeeded", output);
        Assert.Equal(1, Count(output, "Lambda layer summary"));
        Assert.Matches($@"result\s+published {Regex.Escape(arn)}", output);
        Assert.Single(lambda.Versions("nuke-sample"));
        Assert.Contains($"layer-version-arn={arn}", File.ReadAllLines(outputs));
        Assert.Contains("layer-result=published", File.ReadAllLines(outputs));
    }

    [Fact]
    public async Task A_fresh_runner_publishes_nothing_and_packages_from_the_build_cache_through_nuke()
    {
        var python = TestEnvironment.RequireProgram("python3.11");
        var s3Endpoint = Environment.GetEnvironmentVariable(Pipeline.PublishScenario.S3EndpointVariable);
        TestEnvironment.Require(!string.IsNullOrEmpty(s3Endpoint), $"the s3rver emulator ({Pipeline.PublishScenario.S3EndpointVariable})");
        await using var index = await PackageIndexServer.StartAsync(consumer.SampleWheels);
        var credentials = new Amazon.Runtime.BasicAWSCredentials(Pipeline.PublishScenario.AccessKey, Pipeline.PublishScenario.SecretKey);
        var s3Connection = new LambdaLayers.Publishing.AwsConnection(credentials, FakeLambdaServer.Region, new Uri("http://unused"), new Uri(s3Endpoint!));
        await using var lambda = await FakeLambdaServer.StartAsync(new Dictionary<string, string> { [Pipeline.PublishScenario.AccessKey] = Pipeline.PublishScenario.SecretKey },
            () => new Amazon.S3.AmazonS3Client(credentials, LambdaLayers.Publishing.LayerS3Store.CreateConfig(s3Connection)));
        var bucket = "nuke-" + Guid.NewGuid().ToString("N")[..12];
        using (var s3 = new Amazon.S3.AmazonS3Client(credentials, LambdaLayers.Publishing.LayerS3Store.CreateConfig(s3Connection)))
        {
            await s3.PutBucketAsync(bucket, TestContext.Current.CancellationToken);
        }
        using var root = SampleRoot();
        var environment = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = Pipeline.PublishScenario.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = Pipeline.PublishScenario.SecretKey,
        };
        string[] Arguments(string target) =>
            [target, "--project", "samples/pip", "--python", python, "--index-url", index.Url.ToString(), "--layer-name", "nuke-fresh",
             "--bucket", bucket, "--region", FakeLambdaServer.Region, "--lambda-endpoint", lambda.Endpoint.ToString(), "--s3-endpoint", s3Endpoint!];
        var build = root.Path("samples/pip/build");

        var first = await consumer.RunAsync(root.Root, Arguments("PublishLayer"), environment);
        Assert.True(first.ExitCode == 0, first.Output);
        var built = await File.ReadAllBytesAsync(LayerZip(root), TestContext.Current.CancellationToken);

        // A fresh runner: no build/, the same inputs. Nothing is installed, zipped, uploaded or published.
        Directory.Delete(build, recursive: true);
        var indexBefore = index.Requests.Count;
        var journalBefore = lambda.Journal.Count;
        var unchanged = await consumer.RunAsync(root.Root, Arguments("PublishLayer"), environment);

        Assert.True(unchanged.ExitCode == 0, unchanged.Output);
        var arn = $"arn:aws:lambda:{FakeLambdaServer.Region}:{FakeLambdaServer.Account}:layer:nuke-fresh:1";
        Assert.Matches($@"result\s+skipped as unchanged, live version {Regex.Escape(arn)} \(checked before building", unchanged.Output);
        Assert.Contains("the live layer version 1 already carries fingerprint", unchanged.Output);
        Assert.Equal(indexBefore, index.Requests.Count); // pip never ran
        Assert.Equal(["ListLayerVersions", "GetLayerVersion"], lambda.Journal.Skip(journalBefore).Select(e => e.Operation));
        Assert.Single(lambda.Versions("nuke-fresh"));
        Assert.False(File.Exists(LayerZip(root)));

        // A fresh runner's PackageLayer with the bucket set: the byte-identical zip, from the build cache.
        Directory.Delete(build, recursive: true);
        var packaged = await consumer.RunAsync(root.Root, Arguments("PackageLayer"), environment);

        Assert.True(packaged.ExitCode == 0, packaged.Output);
        Assert.Contains("layer.zip from cache (s3://" + bucket, packaged.Output);
        Assert.Equal(indexBefore, index.Requests.Count);
        Assert.Equal(built, await File.ReadAllBytesAsync(LayerZip(root), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_failing_stage_fails_the_build_with_its_message_and_no_stack_trace()
    {
        using var root = SampleRoot();

        // As `./build.sh PackageLayer --runtime python2.7` at a root without pyproject.toml: the runtime is the error.
        var (exitCode, output) = await consumer.RunAsync(root.Root, ["PackageLayer", "--runtime", "python2.7"]);

        Assert.Equal(NukeFailedBuild, exitCode);
        Assert.Contains($"Unknown runtime 'python2.7' (from the command line, NUKE parameter Runtime). Accepted values: {RuntimeList}.", output);
        Assert.Matches(@"BuildLayer\s+Failed\s+\S.*// Reason: Unknown runtime 'python2\.7'", output);
        Assert.Matches(@"PackageLayer\s+NotRun", output);
        Assert.DoesNotMatch(@"\n\s+at \S+\(", output);
        Assert.False(File.Exists(LayerZip(root)));
    }

    [Fact]
    public async Task A_stage_that_fails_while_it_runs_fails_its_target_and_leaves_no_layer_zip()
    {
        using var root = SampleRoot();
        var missing = root.Path("no-such-python3.11");

        var (exitCode, output) = await consumer.RunAsync(root.Root, ["PackageLayer", "--project", "samples/pip", "--python", missing, "--index-url", "http://127.0.0.1:9/simple/"]);

        Assert.Equal(NukeFailedBuild, exitCode);
        Assert.Contains("▶ BuildLayer", output);
        Assert.Contains(missing, output);
        Assert.Matches(@"BuildLayer\s+Failed", output);
        Assert.DoesNotMatch(@"\n\s+at \S+\(", output);
        Assert.False(File.Exists(LayerZip(root)));
    }

    public static TheoryData<string[], Dictionary<string, string>, string, string> RejectedValues => new()
    {
        { ["--retain-dry-run", "maybe"], new(), "retain-dry-run 'maybe' could not be read by NUKE (from the command line, NUKE parameter RetainDryRun): write true or false", "" },
        // Runtime and Architecture take lists (a matrix); a layer name is one value.
        { ["--layer-name", "first", "second"], new(), "layer-name 'first second' could not be read by NUKE (from the command line, NUKE parameter LayerName): give exactly one value", "" },
        { ["--runtime", "python3.12,python2.7"], new(), "Unknown runtime 'python2.7' (from the command line, NUKE parameter Runtime). Accepted values:", "" },
        { [], new() { ["RESERVED_MB"] = "lots" }, "reserved-mb 'lots' could not be read by NUKE (from environment variable RESERVED_MB, NUKE parameter ReservedMb): write one whole number", "" },
        { [], new() { ["TOOL"] = "pip", ["NUKE_TOOL"] = "uv" }, "tool is set by environment variables NUKE_TOOL and TOOL, and NUKE reads none of them when several are set (NUKE parameter Tool): keep one.", "" },
        { [], new() { ["ARCHITECTURE"] = "riscv64" }, "Unknown architecture 'riscv64' (from environment variable ARCHITECTURE, NUKE parameter Architecture). Accepted values: x86_64, arm64.", "" },
        { [], new() { ["LAMBDA_LAYERS_TOOL"] = "pipx" }, "Unknown tool 'pipx' (from LAMBDA_LAYERS_TOOL). Accepted values: pip, poetry, uv.", "" },
        { [], new(), "Unknown mode 'docker' (from .nuke/parameters.json, NUKE parameter Mode). Accepted values: local, container, cross-platform.", """{ "Mode": "docker" }""" },
        // NUKE matches the keys of parameters.json exactly by member name: "zip-layout" is somebody else's.
        { [], new(), "Unknown zip-layout 'flat' (from .nuke/parameters.json, NUKE parameter ZipLayout)", """{ "ZipLayout": "flat", "zip-layout": "python" }""" },
        { [], new() { ["PARAMS_KEY"] = "not-the-password" }, "index-password (from .nuke/parameters.json, NUKE parameter IndexPassword) could not be read by NUKE", "encrypted" },
    };

    [Theory]
    [MemberData(nameof(RejectedValues))]
    public async Task Values_that_cannot_be_used_fail_the_build_naming_the_parameter_and_where_the_value_came_from(
        string[] arguments, Dictionary<string, string> environment, string message, string parametersJson)
    {
        if (parametersJson == "encrypted")
        {
            parametersJson = $$"""{ "IndexUrl": "http://127.0.0.1:9/simple/", "IndexPassword": "{{NukeParameterEncryption.Encrypt("secret", "the-password")}}" }""";
        }
        using var root = SampleRoot(parametersJson.Length == 0 ? "{}" : parametersJson);
        environment.TryAdd("PROJECT", "samples/pip");

        var (exitCode, output) = await consumer.RunAsync(root.Root, ["BuildLayer", .. arguments], environment);

        Assert.Equal(NukeFailedBuild, exitCode);
        Assert.Contains(message, output);
        Assert.DoesNotContain("▶ BuildLayer", output);
        Assert.DoesNotMatch(@"\n\s+at \S+\(", output);
    }
}
