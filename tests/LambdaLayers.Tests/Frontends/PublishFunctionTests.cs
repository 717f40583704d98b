using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;
using LambdaLayers.Publishing;
using LambdaLayers.Tests.Pipeline;
using LambdaLayers.Tests.Publishing;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Frontends;

/// <summary>
/// PublishFunction against the S3 emulator and the fake Lambda: through the CLI (<c>package-function</c>,
/// <c>publish-function</c>, run as its own process like a user runs it) and through the NUKE consumer together with
/// PublishLayer, whose layer version the function's manifest records.
/// </summary>
public sealed class PublishFunctionTests(ReferenceConsumer consumer) : IClassFixture<ReferenceConsumer>
{
    private static readonly BasicAWSCredentials Credentials = new(PublishScenario.AccessKey, PublishScenario.SecretKey);

    private static Dictionary<string, string> AwsEnvironment() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = PublishScenario.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = PublishScenario.SecretKey,
    };

    private static string RequireS3()
    {
        var endpoint = Environment.GetEnvironmentVariable(PublishScenario.S3EndpointVariable);
        TestEnvironment.Require(!string.IsNullOrEmpty(endpoint), $"the s3rver emulator ({PublishScenario.S3EndpointVariable})");
        return endpoint!;
    }

    private static AmazonS3Client S3(string endpoint) =>
        new(Credentials, LayerS3Store.CreateConfig(new AwsConnection(Credentials, FakeLambdaServer.Region, new Uri("http://unused"), new Uri(endpoint))));

    private static async Task<string> NewBucketAsync(string endpoint)
    {
        var bucket = "fn-" + Guid.NewGuid().ToString("N")[..12];
        using var s3 = S3(endpoint);
        await s3.PutBucketAsync(bucket, TestContext.Current.CancellationToken);
        return bucket;
    }

    private static async Task<byte[]> ReadObjectAsync(string endpoint, string bucket, string key)
    {
        using var s3 = S3(endpoint);
        using var response = await s3.GetObjectAsync(bucket, key, TestContext.Current.CancellationToken);
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy, TestContext.Current.CancellationToken);
        return copy.ToArray();
    }

    private static async Task<int> CountObjectsAsync(string endpoint, string bucket)
    {
        using var s3 = S3(endpoint);
        return (await s3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = bucket }, TestContext.Current.CancellationToken)).S3Objects?.Count ?? 0;
    }

    // The CLI as a user runs it: `dotnet lambda-layers.dll ARGS` in its own process.
    private static async Task<(int ExitCode, string Out, string Error)> RunCliAsync(string workingDirectory, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "lambda-layers.dll") }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("PIP_", StringComparison.Ordinal) || k.StartsWith("AWS_", StringComparison.Ordinal) ||
                                                               k.StartsWith("LAMBDA_LAYERS_", StringComparison.Ordinal) || k == "VIRTUAL_ENV").ToList())
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Cli_package_function_and_publish_function_upload_once_update_the_function_once_and_report_code_sha256()
    {
        var s3Endpoint = RequireS3();
        using var backend = SetuptoolsBackend.Require();
        await using var index = await PackageIndexServer.StartAsync(backend.WheelFolder);
        await using var lambda = await FakeLambdaServer.StartAsync(new Dictionary<string, string> { [PublishScenario.AccessKey] = PublishScenario.SecretKey },
            () => S3(s3Endpoint));
        lambda.CreateFunction("billing-fn");
        var bucket = await NewBucketAsync(s3Endpoint);
        using var root = FunctionProjects.Setuptools();
        var project = root.Path(FunctionProjects.SetuptoolsProject);
        string[] common = ["--project", project, "--python", backend.Interpreter, "--index-url", index.Url.ToString(), "--runtime", "python3.11"];
        string[] publish = ["--bucket", bucket, "--prefix", "team/billing", "--region", FakeLambdaServer.Region, "--s3-endpoint", s3Endpoint,
                            "--lambda-endpoint", lambda.Endpoint.ToString(), "--function-name", "billing-fn", "--publish-version", "--json"];

        var packaged = await RunCliAsync(root.Root, ["package-function", .. common, "--json"], AwsEnvironment());

        Assert.True(packaged.ExitCode == 0, packaged.Error);
        using var packageReport = JsonDocument.Parse(packaged.Out);
        var zip = Path.Combine(project, "build", "lambda", "function", "function.zip");
        var bytes = await File.ReadAllBytesAsync(zip, TestContext.Current.CancellationToken);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var codeSha256 = Convert.ToBase64String(SHA256.HashData(bytes));
        Assert.Equal(codeSha256, packageReport.RootElement.GetProperty("codeSha256").GetString());

        var first = await RunCliAsync(root.Root, ["publish-function", .. common, .. publish], AwsEnvironment());

        Assert.True(first.ExitCode == 0, first.Error);
        using var record = JsonDocument.Parse(first.Out);
        var key = $"team/billing/function/{sha256}.zip";
        Assert.Equal("updated", record.RootElement.GetProperty("result").GetString());
        Assert.Equal(key, record.RootElement.GetProperty("s3Key").GetString());
        Assert.Equal(codeSha256, record.RootElement.GetProperty("codeSha256").GetString());
        Assert.True(record.RootElement.GetProperty("uploaded").GetBoolean());
        Assert.Equal("1", record.RootElement.GetProperty("functionVersion").GetString());
        Assert.Equal(bytes, await ReadObjectAsync(s3Endpoint, bucket, key));
        using var manifest = JsonDocument.Parse(await ReadObjectAsync(s3Endpoint, bucket, $"team/billing/function/{sha256}.json"));
        Assert.Equal(packageReport.RootElement.GetProperty("fingerprint").GetString(), manifest.RootElement.GetProperty("fingerprint").GetString());
        Assert.Equal(codeSha256, manifest.RootElement.GetProperty("codeSha256").GetString());
        Assert.Equal(JsonValueKind.Null, manifest.RootElement.GetProperty("layerVersionArn").ValueKind);   // no layer was published for these inputs
        Assert.Equal(JsonValueKind.Null, manifest.RootElement.GetProperty("sourceCommit").ValueKind);      // not in git
        var function = lambda.Function("billing-fn")!;
        Assert.Equal(codeSha256, function.CodeSha256);
        Assert.Equal(key, function.S3Key);
        Assert.Single(function.Versions);
        Assert.Equal(1, lambda.Count("UpdateFunctionCode"));
        // The update is applied asynchronously (InProgress on the next read): the version is published only after it finished.
        Assert.Equal(["GetFunctionConfiguration", "UpdateFunctionCode", "GetFunctionConfiguration", "GetFunctionConfiguration", "PublishVersion"],
            lambda.Journal.Select(e => e.Operation));

        // The same zip again: the key holds it (no upload), the function already runs it (no update), no new version.
        var objects = await CountObjectsAsync(s3Endpoint, bucket);
        var second = await RunCliAsync(root.Root, ["publish-function", .. common, .. publish], AwsEnvironment());

        Assert.True(second.ExitCode == 0, second.Error);
        using var again = JsonDocument.Parse(second.Out);
        Assert.Equal("unchanged", again.RootElement.GetProperty("result").GetString());
        Assert.False(again.RootElement.GetProperty("uploaded").GetBoolean());
        Assert.Equal(1, lambda.Count("UpdateFunctionCode"));
        Assert.Single(function.Versions);
        Assert.Equal(objects, await CountObjectsAsync(s3Endpoint, bucket));
    }

    [Fact]
    public async Task Cli_publish_function_without_a_bucket_stops_before_building_and_says_what_to_do()
    {
        using var root = FunctionProjects.Setuptools();
        var project = root.Path(FunctionProjects.SetuptoolsProject);

        var noBucket = await RunCliAsync(root.Root, ["PublishFunction", "--project", project], AwsEnvironment());

        Assert.NotEqual(0, noBucket.ExitCode);
        Assert.Contains("pass --bucket NAME", noBucket.Error);
        Assert.DoesNotContain("   at ", noBucket.Error);
        Assert.DoesNotContain("PackageFunction", noBucket.Error);   // refused before the build started
        Assert.False(Directory.Exists(Path.Combine(project, "build")));
    }

    [Fact]
    public async Task PublishLayer_and_PublishFunction_in_one_nuke_run_record_the_layer_version_and_the_commit_in_the_manifest()
    {
        var s3Endpoint = RequireS3();
        TestEnvironment.RequireProgram("git");
        using var backend = SetuptoolsBackend.Require();
        foreach (var wheel in Directory.GetFiles(consumer.SampleWheels, "*.whl"))
        {
            File.Copy(wheel, Path.Combine(backend.WheelFolder, Path.GetFileName(wheel)));
        }
        await using var index = await PackageIndexServer.StartAsync(backend.WheelFolder);
        await using var lambda = await FakeLambdaServer.StartAsync(new Dictionary<string, string> { [PublishScenario.AccessKey] = PublishScenario.SecretKey },
            () => S3(s3Endpoint));
        var bucket = await NewBucketAsync(s3Endpoint);
        using var root = FunctionProjects.Setuptools();
        var gitEnvironment = new Dictionary<string, string?>
        {
            ["GIT_AUTHOR_NAME"] = "Test", ["GIT_AUTHOR_EMAIL"] = "test@example.com",
            ["GIT_COMMITTER_NAME"] = "Test", ["GIT_COMMITTER_EMAIL"] = "test@example.com",
        };
        foreach (var command in new[] { new[] { "init", "-q" }, ["add", "-A"], ["commit", "-q", "-m", "billing"] })
        {
            var (gitExit, gitOutput) = ToolProcess.Run("git", command, root.Root, gitEnvironment);
            Assert.True(gitExit == 0, gitOutput);
        }
        var commit = ToolProcess.Run("git", ["rev-parse", "HEAD"], root.Root).Output.Trim();
        var outputs = root.Path("outputs.txt");
        var environment = AwsEnvironment();
        environment["GITHUB_ACTIONS"] = "true";
        environment["GITHUB_OUTPUT"] = outputs;

        var (exitCode, output) = await consumer.RunAsync(root.Root,
            ["PublishLayer", "PublishFunction", "--project", FunctionProjects.SetuptoolsProject, "--python", backend.Interpreter,
             "--index-url", index.Url.ToString(), "--runtime", "python3.11", "--layer-name", "billing-deps", "--bucket", bucket,
             "--region", FakeLambdaServer.Region, "--lambda-endpoint", lambda.Endpoint.ToString(), "--s3-endpoint", s3Endpoint],
            environment);

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"PublishLayer\s+Succeeded", output);
        Assert.Matches(@"PublishFunction\s+Succeeded", output);
        var layerArn = $"arn:aws:lambda:{FakeLambdaServer.Region}:{FakeLambdaServer.Account}:layer:billing-deps:1";
        var zip = root.Path($"{FunctionProjects.SetuptoolsProject}/build/lambda/function/function.zip");
        var bytes = await File.ReadAllBytesAsync(zip, TestContext.Current.CancellationToken);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var lines = File.ReadAllLines(outputs);
        // The default prefix is the layer's: lambda-layers/<layer name>.
        var key = $"lambda-layers/billing-deps/function/{sha256}.zip";
        Assert.Contains($"function-s3-key={key}", lines);
        Assert.Equal(bytes, await ReadObjectAsync(s3Endpoint, bucket, key));
        using var manifest = JsonDocument.Parse(await ReadObjectAsync(s3Endpoint, bucket, $"lambda-layers/billing-deps/function/{sha256}.json"));
        Assert.Equal(layerArn, manifest.RootElement.GetProperty("layerVersionArn").GetString());
        Assert.Equal(commit, manifest.RootElement.GetProperty("sourceCommit").GetString());
        Assert.Contains($"function-code-sha256={Convert.ToBase64String(SHA256.HashData(bytes))}", lines);
        Assert.Contains("function-result=stored", lines);
        Assert.Contains($"layer-version-arn={layerArn}", lines);
        // The function's size budget counted the layer packaged beside it.
        Assert.Matches(new Regex(@"beside the layer's \d+"), output);
    }
}
