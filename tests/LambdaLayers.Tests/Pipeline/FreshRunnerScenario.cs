using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using LambdaLayers.Pipeline;
using LambdaLayers.Publishing;
using LambdaLayers.Reporting;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Publishing;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Pipeline;

/// <summary>
/// A pip project built for real from the test index, published to the fake Lambda through a fresh bucket on
/// s3rver. Each call of <see cref="Stages"/> is a new process's worth of state, so deleting build/ and asking for
/// new stages is what a fresh CI runner does.
/// </summary>
public sealed class FreshRunnerScenario : IAsyncDisposable
{
    private readonly TemporaryDirectory temp = new("ll-fresh-runner");

    private FreshRunnerScenario(BuildFixture fixture, FakeLambdaServer lambda, Uri s3Endpoint, string bucket)
    {
        Fixture = fixture;
        Lambda = lambda;
        S3Endpoint = s3Endpoint;
        Bucket = bucket;
        Project = SampleProjects.WritePip(temp.Combine("project"));
        LayerName = "fresh-" + Guid.NewGuid().ToString("N")[..10];
    }

    public BuildFixture Fixture { get; }
    public FakeLambdaServer Lambda { get; }
    public Uri S3Endpoint { get; }
    public string Bucket { get; }
    public string Project { get; }
    public string LayerName { get; }
    public CapturingLogger Log { get; } = new();
    public string BuildFolder => Path.Combine(Project, "build");
    public LayerSettings Settings => Configure(s => s);

    /// <summary>Requests that reached the package index: any pip run shows up here.</summary>
    public int IndexRequests => Fixture.OpenIndex.Requests.Count;

    public static async Task<FreshRunnerScenario> CreateAsync(BuildFixture fixture)
    {
        BuildFixture.Python312();
        var endpoint = Environment.GetEnvironmentVariable(PublishScenario.S3EndpointVariable);
        TestEnvironment.Require(!string.IsNullOrEmpty(endpoint), $"the s3rver emulator ({PublishScenario.S3EndpointVariable})");
        var s3Endpoint = new Uri(endpoint!);
        var bucket = "fresh-" + Guid.NewGuid().ToString("N")[..12];
        var lambda = await FakeLambdaServer.StartAsync(new Dictionary<string, string> { [PublishScenario.AccessKey] = PublishScenario.SecretKey },
            () => new AmazonS3Client(new BasicAWSCredentials(PublishScenario.AccessKey, PublishScenario.SecretKey),
                LayerS3Store.CreateConfig(new AwsConnection(new BasicAWSCredentials(PublishScenario.AccessKey, PublishScenario.SecretKey), FakeLambdaServer.Region, new Uri("http://unused"), s3Endpoint))));
        var scenario = new FreshRunnerScenario(fixture, lambda, s3Endpoint, bucket);
        using var s3 = scenario.S3Client();
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, TestContext.Current.CancellationToken);
        return scenario;
    }

    public LayerSettings Configure(Func<LayerSettings, LayerSettings> change) => change(
        BuildFixture.Settings(Project, ToolKind.Pip, index: Fixture.OpenPackageIndex) with
        {
            LayerName = LayerName,
            Bucket = Bucket,
            Prefix = "ci/deps",
            Region = FakeLambdaServer.Region,
            Description = "Fresh runner test",
        });

    public AwsConnection Connection(Uri? lambdaEndpoint = null, Uri? s3Endpoint = null) =>
        new(new BasicAWSCredentials(PublishScenario.AccessKey, PublishScenario.SecretKey), FakeLambdaServer.Region, lambdaEndpoint ?? Lambda.Endpoint, s3Endpoint ?? S3Endpoint);

    public static AwsRetryPolicy FastRetry { get; } = new() { Delay = (_, _) => Task.CompletedTask, Jitter = new Random(3) };

    /// <summary>New stages, as a new process on a fresh runner would have.</summary>
    public LayerStages Stages(AwsRetryPolicy? retry = null, Uri? s3Endpoint = null) =>
        new(Log.Logger, _ => Connection(s3Endpoint: s3Endpoint), retry ?? FastRetry);

    /// <summary>What the CLI does for a command: prepare for the goal, then run the stages up to it.</summary>
    public Task<LayerRunSummary> RunAsync(PipelineStage goal, LayerSettings? settings = null, ILayerStages? stages = null) =>
        new PipelineRunner(stages ?? Stages(), Log.Logger).RunAsync(goal, settings ?? Settings, TestContext.Current.CancellationToken);

    public void DeleteBuildFolder() => Directory.Delete(BuildFolder, recursive: true);

    public AmazonS3Client S3Client() =>
        new(new BasicAWSCredentials(PublishScenario.AccessKey, PublishScenario.SecretKey), LayerS3Store.CreateConfig(Connection()));

    /// <summary>Every object in the bucket with its ETag and modification time: unchanged means nothing was uploaded.</summary>
    public async Task<IReadOnlyList<string>> ObjectsAsync()
    {
        using var s3 = S3Client();
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket }, TestContext.Current.CancellationToken);
        return (listing.S3Objects ?? []).Select(o => $"{o.Key} {o.ETag} {o.Size} {o.LastModified:O}").Order(StringComparer.Ordinal).ToList();
    }

    public async Task<byte[]> ReadObjectAsync(string key)
    {
        using var s3 = S3Client();
        using var response = await s3.GetObjectAsync(Bucket, key, TestContext.Current.CancellationToken);
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy, TestContext.Current.CancellationToken);
        return copy.ToArray();
    }

    public async Task PutObjectAsync(string key, byte[] bytes, IReadOnlyDictionary<string, string> metadata)
    {
        using var s3 = S3Client();
        using var body = new MemoryStream(bytes);
        var request = new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = body };
        foreach (var (name, value) in metadata)
        {
            request.Metadata.Add(name, value);
        }
        await s3.PutObjectAsync(request, TestContext.Current.CancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, string>> MetadataAsync(string key)
    {
        using var s3 = S3Client();
        var head = await s3.GetObjectMetadataAsync(Bucket, key, TestContext.Current.CancellationToken);
        return head.Metadata.Keys.ToDictionary(k => k.Replace("x-amz-meta-", ""), k => head.Metadata[k]);
    }

    public async ValueTask DisposeAsync()
    {
        await Lambda.DisposeAsync();
        temp.Dispose();
    }
}
