using Amazon.Runtime;
using Amazon.S3;
using LambdaLayers.Publishing;
using LambdaLayers.Tests.Pipeline;
using LambdaLayers.Tests.Publishing;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Frontends;

/// <summary>
/// A matrix publish as a user runs it: a NUKE root with two projects (one whose dependency has a wheel per
/// architecture, one that is pure Python), a package index serving the test's wheels, a fresh bucket on s3rver and
/// the fake Lambda. The tests run the real front ends as processes against it.
/// </summary>
public sealed class MatrixScenario : IAsyncDisposable
{
    public const string Runtime = "python3.11";

    /// <summary>One wheel per architecture (the content differs: each module names its tag), as a compiled package has.</summary>
    public static readonly IReadOnlyList<WheelSpec> NativeWheels =
    [
        new("nativecalc", "1.0", "cp311-cp311-manylinux2014_x86_64"),
        new("nativecalc", "1.0", "cp311-cp311-manylinux2014_aarch64"),
    ];

    public static readonly WheelSpec PureWheel = new("purelib", "2.1") { RequiresDist = ["leafdep>=1.0"] };

    private readonly TemporaryDirectory wheels;

    private MatrixScenario(TemporaryDirectory wheels, PackageIndexServer index, FakeLambdaServer lambda, Uri s3Endpoint, string bucket, string python)
    {
        this.wheels = wheels;
        Index = index;
        Lambda = lambda;
        S3Endpoint = s3Endpoint;
        Bucket = bucket;
        Python = python;
        Root.Write(".nuke/parameters.json", "{}");
        Root.Write("native/pyproject.toml", "[project]\nname = \"native-deps\"\nversion = \"1.0\"\nrequires-python = \">=3.10\"\n");
        Root.Write("native/requirements.txt", "nativecalc==1.0\n");
        Root.Write("pure/pyproject.toml", "[project]\nname = \"pure-deps\"\nversion = \"1.0\"\nrequires-python = \">=3.10\"\n");
        Root.Write("pure/requirements.txt", "purelib==2.1\nleafdep==2.0\n");
    }

    /// <summary>A NUKE root (it has .nuke/) holding the projects native/ and pure/.</summary>
    public TempProject Root { get; } = new();
    public PackageIndexServer Index { get; }
    public FakeLambdaServer Lambda { get; }
    public Uri S3Endpoint { get; }
    public string Bucket { get; }
    public string Python { get; }

    public static async Task<MatrixScenario> CreateAsync()
    {
        var python = TestEnvironment.RequireProgram("python3.11");
        var endpoint = System.Environment.GetEnvironmentVariable(PublishScenario.S3EndpointVariable);
        TestEnvironment.Require(!string.IsNullOrEmpty(endpoint), $"the s3rver emulator ({PublishScenario.S3EndpointVariable})");
        var s3Endpoint = new Uri(endpoint!);
        var credentials = new BasicAWSCredentials(PublishScenario.AccessKey, PublishScenario.SecretKey);
        var connection = new AwsConnection(credentials, FakeLambdaServer.Region, new Uri("http://unused"), s3Endpoint);
        var lambda = await FakeLambdaServer.StartAsync(new Dictionary<string, string> { [PublishScenario.AccessKey] = PublishScenario.SecretKey },
            () => new AmazonS3Client(credentials, LayerS3Store.CreateConfig(connection)));
        var bucket = "matrix-" + Guid.NewGuid().ToString("N")[..12];
        using (var s3 = new AmazonS3Client(credentials, LayerS3Store.CreateConfig(connection)))
        {
            await s3.PutBucketAsync(bucket, TestContext.Current.CancellationToken);
        }
        var wheels = new TemporaryDirectory("ll-matrix-wheels");
        foreach (var spec in NativeWheels.Append(PureWheel).Append(TestWheels.LeafDep))
        {
            WheelBuilder.Write(wheels.Path, spec);
        }
        var index = await PackageIndexServer.StartAsync(wheels.Path);
        return new MatrixScenario(wheels, index, lambda, s3Endpoint, bucket, python);
    }

    /// <summary>The arguments of <paramref name="target"/> for one of the projects, both architectures, cross-platform.</summary>
    /// Only PublishLayer takes the Lambda endpoint: the CLI's package command refuses options its stages never read.
    public string[] Arguments(string target, string project, string layerName, params string[] more) =>
    [
        target, "--project", project, "--runtime", Runtime, "--architecture", "x86_64,arm64", "--mode", "cross-platform",
        "--python", Python, "--index-url", Index.Url.ToString(), "--layer-name", layerName, "--bucket", Bucket,
        "--region", FakeLambdaServer.Region, "--s3-endpoint", S3Endpoint.ToString(),
        .. target == "PublishLayer" ? new[] { "--lambda-endpoint", Lambda.Endpoint.ToString() } : [],
        .. more,
    ];

    /// <summary>The AWS credentials the fake Lambda and s3rver accept, as the front end's process environment.</summary>
    public Dictionary<string, string> Environment() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = PublishScenario.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = PublishScenario.SecretKey,
    };

    public IReadOnlyList<string> Operations(int since) => Lambda.Journal.Skip(since).Select(e => e.Operation).ToArray();

    public async ValueTask DisposeAsync()
    {
        await Index.DisposeAsync();
        await Lambda.DisposeAsync();
        Root.Dispose();
        wheels.Dispose();
    }
}
