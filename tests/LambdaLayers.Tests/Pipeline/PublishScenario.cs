using System.IO.Compression;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using LambdaLayers.Pipeline;
using LambdaLayers.Publishing;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Publishing;
using LambdaLayers.Tests.Support;
using Serilog;

namespace LambdaLayers.Tests.Pipeline;

/// <summary>
/// One publishing scenario: a throw-away project with a packaged layer.zip, the fake Lambda, and (when
/// asked for) a fresh bucket on the s3rver emulator that scripts/test.sh starts.
/// </summary>
public sealed class PublishScenario : IAsyncDisposable
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";
    public const string S3EndpointVariable = "LAMBDA_LAYERS_TEST_S3_ENDPOINT";

    private PublishScenario(string directory, FakeLambdaServer lambda, Uri? s3Endpoint, string? bucket)
    {
        Directory = directory;
        Lambda = lambda;
        S3Endpoint = s3Endpoint;
        Bucket = bucket;
        LayerName = "layer-" + Guid.NewGuid().ToString("N")[..10];
    }

    public string Directory { get; }
    public FakeLambdaServer Lambda { get; }
    public Uri? S3Endpoint { get; }
    public string? Bucket { get; }
    public string LayerName { get; }
    public List<TimeSpan> Delays { get; } = [];
    public CollectingSink Log { get; } = new();
    public string ZipPath => Path.Combine(Directory, "build", "lambda", "layer", "layer.zip");
    public string RequirementsPath => Path.Combine(Directory, "requirements.txt");

    /// <param name="withS3">Creates a unique bucket on s3rver; requires LAMBDA_LAYERS_TEST_S3_ENDPOINT.</param>
    public static async Task<PublishScenario> CreateAsync(bool withS3)
    {
        Uri? s3Endpoint = null;
        string? bucket = null;
        if (withS3)
        {
            var endpoint = Environment.GetEnvironmentVariable(S3EndpointVariable);
            TestEnvironment.Require(!string.IsNullOrEmpty(endpoint), $"the s3rver emulator ({S3EndpointVariable})");
            s3Endpoint = new Uri(endpoint!);
            bucket = "bucket-" + Guid.NewGuid().ToString("N")[..12];
        }
        var directory = Path.Combine(Path.GetTempPath(), "lambda-layers-publish-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "pyproject.toml"), "[project]\nname = \"demo\"\nversion = \"1.0\"\n");
        await File.WriteAllTextAsync(Path.Combine(directory, "requirements.txt"), "six==1.16.0\n");
        var connection = s3Endpoint is null ? null : new AwsConnection(new BasicAWSCredentials(AccessKey, SecretKey), FakeLambdaServer.Region, new Uri("http://unused"), s3Endpoint);
        var lambda = await FakeLambdaServer.StartAsync(new Dictionary<string, string> { [AccessKey] = SecretKey },
            connection is null ? null : () => new AmazonS3Client(connection.Credentials, LayerS3Store.CreateConfig(connection)));
        var scenario = new PublishScenario(directory, lambda, s3Endpoint, bucket);
        if (bucket is not null)
        {
            using var s3 = scenario.S3Client();
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, TestContext.Current.CancellationToken);
        }
        scenario.WriteZip("six.py", "print('six')\n");
        return scenario;
    }

    /// <summary>Writes layer.zip holding python/&lt;name&gt; with the given text.</summary>
    public void WriteZip(string name, string text)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(ZipPath)!);
        using var file = File.Create(ZipPath);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        var entry = zip.CreateEntry("python/" + name);
        entry.LastWriteTime = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var stream = entry.Open();
        stream.Write(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Writes a layer.zip of <paramref name="bytes"/> random (incompressible) bytes.</summary>
    public void WriteRandomZip(int bytes)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(ZipPath)!);
        using var file = File.Create(ZipPath);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        var entry = zip.CreateEntry("python/blob.bin", CompressionLevel.NoCompression);
        using var stream = entry.Open();
        var data = new byte[bytes];
        new Random(42).NextBytes(data);
        stream.Write(data);
    }

    public LayerSettings Settings(Func<LayerSettings, LayerSettings>? change = null)
    {
        var settings = new LayerSettings
        {
            ProjectDirectory = Directory,
            PyProjectPath = Path.Combine(Directory, "pyproject.toml"),
            Tool = ToolKind.Pip,
            Runtime = LambdaRuntimes.Find("python3.12")!,
            LayerName = LayerName,
            Bucket = Bucket,
            Prefix = "team/app",
            Description = "Demo dependencies",
            License = "MIT",
            Region = FakeLambdaServer.Region,
        };
        return change is null ? settings : change(settings);
    }

    public AmazonS3Client S3Client()
    {
        var connection = new AwsConnection(new BasicAWSCredentials(AccessKey, SecretKey), FakeLambdaServer.Region, Lambda.Endpoint, S3Endpoint);
        return new AmazonS3Client(connection.Credentials, LayerS3Store.CreateConfig(connection));
    }

    public PublishLayerStage Stage(string secretKey = SecretKey, string accessKey = AccessKey, long multipartThreshold = LayerS3Store.DefaultMultipartThreshold) =>
        new(new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(Log).CreateLogger(),
            _ => new AwsConnection(new BasicAWSCredentials(accessKey, secretKey), FakeLambdaServer.Region, Lambda.Endpoint, S3Endpoint),
            new AwsRetryPolicy
            {
                Delay = (delay, _) => { lock (Delays) Delays.Add(delay); return Task.CompletedTask; },
                Jitter = new Random(7),
            },
            multipartThreshold: multipartThreshold);

    public Task<PublishRecord> PublishAsync(LayerSettings? settings = null, PublishLayerStage? stage = null) =>
        (stage ?? Stage()).RunAsync(settings ?? Settings(), TestContext.Current.CancellationToken);

    public async Task<string> ReadS3TextAsync(string key)
    {
        using var s3 = S3Client();
        using var response = await s3.GetObjectAsync(Bucket, key, TestContext.Current.CancellationToken);
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Lambda.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
