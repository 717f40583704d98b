using Amazon.Runtime;
using LambdaLayers.Pipeline;
using LambdaLayers.Publishing;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Publishing;

public sealed class LayerBuildCacheTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly AwsRetryPolicy ShortLimits = new() { AttemptTimeout = TimeSpan.FromMilliseconds(500), MaxAttempts = 2, Delay = (_, _) => Task.CompletedTask };

    private static AwsConnection ConnectionTo(Uri s3) =>
        new(new BasicAWSCredentials("S3RVER", "S3RVER"), "us-east-1", new Uri("http://127.0.0.1:9"), s3);

    [Fact]
    public void Cache_keys_live_under_the_prefix_by_fingerprint()
    {
        Assert.Equal("team/app/cache/abc/layer.zip", LayerBuildCache.ZipKey("team/app/", "abc"));
        Assert.Equal("team/app/cache/abc/layer.json", LayerBuildCache.ReportKey("/team/app", "abc"));
        Assert.Equal("cache/abc/layer.zip", LayerBuildCache.ZipKey("", "abc"));
    }

    [Fact]
    public async Task A_download_that_stops_in_the_middle_fails_after_the_time_limit_naming_the_endpoint()
    {
        await using var server = StalledEndpoint.StartSendingPartOf(100_000, new byte[1000],
            new Dictionary<string, string> { ["x-amz-meta-sha256"] = new string('a', 64), ["Content-Type"] = "application/zip" });
        using var temp = new TemporaryDirectory("ll-cache-stall");
        using var cache = new LayerBuildCache(ConnectionTo(server.Uri), "cache-bucket", "team/app", ShortLimits, new CapturingLogger().Logger);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<LayerException>(() => cache.FetchAsync("f00d", temp.Combine("zip"), temp.Combine("json"), Ct));

        Assert.Equal($"S3 at {server.Uri.GetLeftPart(UriPartial.Authority)} stopped sending s3://cache-bucket/team/app/cache/f00d/layer.zip for 0.5 s after 1,000 bytes.", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_stalled_download_is_a_warning_and_leaves_no_temporary_file_in_the_build_folder()
    {
        await using var server = StalledEndpoint.StartSendingPartOf(100_000, new byte[10],
            new Dictionary<string, string> { ["x-amz-meta-sha256"] = new string('a', 64) });
        using var project = new TempProject("[project]\nname = \"x\"\n").Write("requirements.txt", "six==1.16.0\n");
        var settings = new LayerSettings
        {
            ProjectDirectory = project.Root, PyProjectPath = project.Path("pyproject.toml"), Tool = ToolKind.Pip,
            Runtime = LambdaRuntimes.Find("python3.12")!, Bucket = "cache-bucket", Prefix = "team/app", LayerName = "x",
        };
        var log = new CapturingLogger();

        var restored = await new RestoreFromBuildCache(log.Logger, _ => ConnectionTo(server.Uri), ShortLimits).RunAsync(settings, "f00d", Ct);

        Assert.Null(restored);
        Assert.Contains(log.Lines, l => l.StartsWith("The build cache could not be read (S3 at", StringComparison.Ordinal) && l.Contains("stopped sending", StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(settings.Layout.BuildDirectory));
    }
}
