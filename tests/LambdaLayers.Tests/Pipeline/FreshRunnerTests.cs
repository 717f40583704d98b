using System.Security.Cryptography;
using System.Text.Json;
using LambdaLayers.Cli;
using LambdaLayers.Pipeline;
using LambdaLayers.Publishing;
using LambdaLayers.Reporting;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Pipeline;

/// <summary>
/// A fresh CI runner (no build/ folder, new process) against a layer that was published or packaged before:
/// real pip from the test index, the fake Lambda (SigV4-verified, journaled) and s3rver. "Installs nothing" is
/// proven by the package index: every pip run asks it for the requirements, so its request count must not move.
/// </summary>
public sealed class FreshRunnerTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string[] LambdaCallsSince(FreshRunnerScenario scenario, int journalBefore) =>
        scenario.Lambda.Journal.Skip(journalBefore).Select(e => e.Operation).ToArray();

    private async Task<(int ExitCode, string Out, string Error)> CliAsync(FreshRunnerScenario scenario, IReadOnlyDictionary<string, string> environment, string command, params string[] options)
    {
        string[] args =
        [
            command, "--project", scenario.Project, "--runtime", "python3.12", "--python", BuildFixture.Python312(),
            "--index-url", fixture.OpenIndex.Url.ToString(), "--layer-name", scenario.LayerName,
            "--bucket", scenario.Bucket, "--prefix", "ci/deps", "--region", "us-east-1", .. options,
        ];
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        // A new LayerStages per run: what a new process on a fresh runner has.
        var exitCode = await CliApplication.RunAsync(args, stdout, stderr, environment, scenario.Stages(), Ct);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task After_one_publish_a_fresh_runner_publish_installs_nothing_uploads_nothing_and_reports_version_1()
    {
        await using var scenario = await FreshRunnerScenario.CreateAsync(fixture);
        var noGitHub = new Dictionary<string, string>();

        var first = await CliAsync(scenario, noGitHub, "PublishLayer");
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains($"published arn:aws:lambda:us-east-1:123456789012:layer:{scenario.LayerName}:1", first.Out);

        scenario.DeleteBuildFolder();
        var indexBefore = scenario.IndexRequests;
        var journalBefore = scenario.Lambda.Journal.Count;
        var objectsBefore = await scenario.ObjectsAsync();
        var outputs = Path.Combine(scenario.Project, "github-output.txt");
        var stepSummary = Path.Combine(scenario.Project, "step-summary.md");
        var gitHub = new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_OUTPUT"] = outputs, ["GITHUB_STEP_SUMMARY"] = stepSummary };

        var second = await CliAsync(scenario, gitHub, "PublishLayer", "--json");

        Assert.True(second.ExitCode == 0, second.Error);
        var arn = $"arn:aws:lambda:us-east-1:123456789012:layer:{scenario.LayerName}:1";
        using (var json = JsonDocument.Parse(second.Out))
        {
            Assert.Equal(arn, json.RootElement.GetProperty("layerVersionArn").GetString());
            Assert.Equal("skipped", json.RootElement.GetProperty("result").GetString());
            Assert.False(json.RootElement.GetProperty("uploaded").GetBoolean());
        }
        Assert.Contains($"layer-version-arn={arn}", File.ReadAllLines(outputs));
        Assert.Contains("layer-result=skipped", File.ReadAllLines(outputs));
        Assert.Contains($"live version {arn} (checked before building: nothing built or uploaded)", File.ReadAllText(stepSummary));
        Assert.Equal(arn, PublishRecord.Read(scenario.Settings.Layout.PublishRecordPath).LayerVersionArn);

        Assert.Equal(indexBefore, scenario.IndexRequests); // pip never ran
        Assert.DoesNotContain("Successfully installed", second.Error);
        Assert.False(Directory.Exists(scenario.Settings.Layout.ArtifactsDirectory));
        Assert.False(File.Exists(scenario.Settings.Layout.ZipPath));
        Assert.Equal(["ListLayerVersions", "GetLayerVersion"], LambdaCallsSince(scenario, journalBefore));
        Assert.Equal(1, scenario.Lambda.Count("PublishLayerVersion"));
        Assert.Equal(objectsBefore, await scenario.ObjectsAsync()); // nothing uploaded, nothing rewritten
    }

    [Fact]
    public async Task On_the_NUKE_route_each_target_calls_its_stage_and_the_prepared_decision_carries_across_them()
    {
        await using var scenario = await FreshRunnerScenario.CreateAsync(fixture);
        var published = await scenario.RunAsync(PipelineStage.Publish);
        Assert.Equal(PublishRecord.PublishedResult, published.Deployment!.Result);
        // PackageLayer stored the zip in the build cache, and Lambda took it from there: one upload, not two.
        Assert.Equal(LayerBuildCache.ZipKey("ci/deps", published.Deployment.Fingerprint), published.Deployment.S3Key);
        Assert.False(published.Deployment.Uploaded);
        Assert.DoesNotContain(await scenario.ObjectsAsync(), o => o.StartsWith($"ci/deps/layer/{published.Deployment.Sha256}.zip", StringComparison.Ordinal));
        scenario.DeleteBuildFolder();
        var indexBefore = scenario.IndexRequests;
        var journalBefore = scenario.Lambda.Journal.Count;
        var settings = scenario.Settings;

        // One stages instance for the build; PrepareAsync once with the last layer target in the plan, then one call per target.
        var stages = scenario.Stages();
        await stages.PrepareAsync(settings, PipelineStage.Publish, Ct);
        var build = await stages.BuildAsync(settings, Ct);
        var package = await stages.PackageAsync(settings, Ct);
        var record = await stages.PublishAsync(settings, Ct);

        Assert.Equal(StageOutcome.LiveLayerCurrent, build.Outcome);
        Assert.True(build.Skipped);
        Assert.Equal(StageOutcome.LiveLayerCurrent, package.Outcome);
        Assert.Null(package.Report);
        Assert.Equal(PublishRecord.SkippedResult, record.Result);
        Assert.Equal(1, record.Version);
        Assert.Equal(published.Deployment.CodeSha256, record.CodeSha256);
        Assert.Equal(published.Deployment.Sha256, record.Sha256);
        Assert.Equal(indexBefore, scenario.IndexRequests);
        Assert.Equal(["ListLayerVersions", "GetLayerVersion"], LambdaCallsSince(scenario, journalBefore));

        // A front end that does not prepare still never publishes twice, but BuildLayer cannot know the goal and installs.
        scenario.DeleteBuildFolder();
        var unprepared = scenario.Stages();
        var installed = await unprepared.BuildAsync(settings, Ct);
        await unprepared.PackageAsync(settings, Ct);
        var again = await unprepared.PublishAsync(settings, Ct);
        Assert.Equal(StageOutcome.Ran, installed.Outcome);
        Assert.True(scenario.IndexRequests > indexBefore);
        Assert.Equal(PublishRecord.SkippedResult, again.Result);
        Assert.Equal(1, scenario.Lambda.Count("PublishLayerVersion"));
    }

    [Fact]
    public async Task A_fresh_runner_package_with_the_bucket_downloads_a_byte_identical_zip_and_installs_nothing()
    {
        await using var scenario = await FreshRunnerScenario.CreateAsync(fixture);
        var first = await scenario.RunAsync(PipelineStage.Package);
        Assert.Equal(StageOutcome.Ran, first.Package!.Outcome);
        var fingerprint = first.Package.Report!.Fingerprint;
        Assert.Equal($"s3://{scenario.Bucket}/ci/deps/cache/{fingerprint}/", first.Package.CacheLocation);
        var zipKey = LayerBuildCache.ZipKey("ci/deps", fingerprint);
        var reportKey = LayerBuildCache.ReportKey("ci/deps", fingerprint);
        var built = await File.ReadAllBytesAsync(scenario.Settings.Layout.ZipPath, Ct);
        Assert.Equal(built, await scenario.ReadObjectAsync(zipKey));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(built)), (await scenario.MetadataAsync(zipKey))["sha256"]);
        var storedReport = await scenario.ReadObjectAsync(reportKey);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(storedReport)), (await scenario.MetadataAsync(reportKey))["sha256"]);

        scenario.DeleteBuildFolder();
        var indexBefore = scenario.IndexRequests;
        var objectsBefore = await scenario.ObjectsAsync();

        var second = await scenario.RunAsync(PipelineStage.Package);

        Assert.Equal(StageOutcome.FromCache, second.Build!.Outcome);
        Assert.Equal(StageOutcome.FromCache, second.Package!.Outcome);
        Assert.Equal(built, await File.ReadAllBytesAsync(scenario.Settings.Layout.ZipPath, Ct));
        Assert.Equal(indexBefore, scenario.IndexRequests);
        Assert.False(Directory.Exists(scenario.Settings.Layout.ArtifactsDirectory));
        Assert.Equal(objectsBefore, await scenario.ObjectsAsync());
        var text = new LayerRunReport(second).ToText();
        Assert.Contains($"layer.zip from cache (s3://{scenario.Bucket}/ci/deps/cache/{fingerprint}/)", text);
        Assert.Contains("from cache s3://", text);
        Assert.Contains(first.Package.Report.FileCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), text);

        // The same machine again: current locally, no download, no install.
        var leftover = Path.Combine(scenario.Settings.Layout.BuildDirectory, ".layer.zip.0123456789abcdef.tmp");
        await File.WriteAllTextAsync(leftover, "left by a killed run", Ct);
        var third = await scenario.RunAsync(PipelineStage.Package);
        Assert.Equal(StageOutcome.Unchanged, third.Build!.Outcome);
        Assert.Equal(StageOutcome.Unchanged, third.Package!.Outcome);
        Assert.False(File.Exists(leftover));
        Assert.Equal(indexBefore, scenario.IndexRequests);

        // The restored zip is what gets published.
        var publish = await scenario.RunAsync(PipelineStage.Publish);
        Assert.Equal(PublishRecord.PublishedResult, publish.Deployment!.Result);
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(built)), Assert.Single(scenario.Lambda.Versions(scenario.LayerName)).CodeSha256);

        // --no-cache builds for real.
        scenario.DeleteBuildFolder();
        var uncached = await scenario.RunAsync(PipelineStage.Package, scenario.Configure(s => s with { BuildCache = false }));
        Assert.Equal(StageOutcome.Ran, uncached.Build!.Outcome);
        Assert.True(scenario.IndexRequests > indexBefore);
        Assert.Equal(built, await File.ReadAllBytesAsync(scenario.Settings.Layout.ZipPath, Ct));
    }

    public enum CacheDamage { CorruptZip, TruncatedZip, MissingReport, CorruptReport, ReportOfAnotherZip }

    [Theory]
    [InlineData(CacheDamage.CorruptZip, "is corrupt or incomplete")]
    [InlineData(CacheDamage.TruncatedZip, "is corrupt or incomplete")]
    [InlineData(CacheDamage.MissingReport, "is missing next to the zip")]
    [InlineData(CacheDamage.CorruptReport, "is corrupt: its SHA-256")]
    [InlineData(CacheDamage.ReportOfAnotherZip, "describes another zip")]
    public async Task A_damaged_cache_entry_is_ignored_with_a_warning_the_layer_is_built_and_the_entry_replaced(CacheDamage damage, string warning)
    {
        await using var scenario = await FreshRunnerScenario.CreateAsync(fixture);
        var first = await scenario.RunAsync(PipelineStage.Package);
        var fingerprint = first.Package!.Report!.Fingerprint;
        var zipKey = LayerBuildCache.ZipKey("ci/deps", fingerprint);
        var reportKey = LayerBuildCache.ReportKey("ci/deps", fingerprint);
        var built = await File.ReadAllBytesAsync(scenario.Settings.Layout.ZipPath, Ct);
        var zipMetadata = await scenario.MetadataAsync(zipKey);
        switch (damage)
        {
            case CacheDamage.CorruptZip:
                var flipped = built.ToArray();
                flipped[flipped.Length / 2] ^= 0xFF;
                await scenario.PutObjectAsync(zipKey, flipped, zipMetadata);
                break;
            case CacheDamage.TruncatedZip:
                await scenario.PutObjectAsync(zipKey, built[..(built.Length / 2)], zipMetadata);
                break;
            case CacheDamage.MissingReport:
                using (var s3 = scenario.S3Client())
                {
                    await s3.DeleteObjectAsync(scenario.Bucket, reportKey, Ct);
                }
                break;
            case CacheDamage.CorruptReport:
                var report = await scenario.ReadObjectAsync(reportKey);
                var metadata = await scenario.MetadataAsync(reportKey);
                report[^3] = (byte)' '; // same length, other bytes: no longer the SHA-256 in its metadata
                await scenario.PutObjectAsync(reportKey, report, metadata);
                break;
            case CacheDamage.ReportOfAnotherZip:
                // Intact as an object (its metadata hash fits), but it describes a zip that is not the one beside it.
                var other = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(await scenario.ReadObjectAsync(reportKey))
                    .Replace(first.Package.Report.ZipSha256, new string('0', 64), StringComparison.Ordinal));
                var otherMetadata = new Dictionary<string, string>(await scenario.MetadataAsync(reportKey))
                {
                    ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(other)),
                };
                await scenario.PutObjectAsync(reportKey, other, otherMetadata);
                break;
        }
        scenario.DeleteBuildFolder();
        var indexBefore = scenario.IndexRequests;

        var rebuilt = await scenario.RunAsync(PipelineStage.Package);

        Assert.Equal(StageOutcome.Ran, rebuilt.Build!.Outcome);
        Assert.Equal(StageOutcome.Ran, rebuilt.Package!.Outcome);
        Assert.True(scenario.IndexRequests > indexBefore, "the layer must be installed again");
        Assert.Contains(scenario.Log.Lines, l => l.StartsWith("Ignoring the build cache entry", StringComparison.Ordinal) && l.Contains(warning, StringComparison.Ordinal));
        Assert.Equal(built, await File.ReadAllBytesAsync(scenario.Settings.Layout.ZipPath, Ct));
        Assert.Equal(built, await scenario.ReadObjectAsync(zipKey));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(built)), (await scenario.MetadataAsync(reportKey))["zip-sha256"]);

        // Replaced: the next fresh runner takes it from the cache again.
        scenario.DeleteBuildFolder();
        var fromCache = await scenario.RunAsync(PipelineStage.Package);
        Assert.Equal(StageOutcome.FromCache, fromCache.Package!.Outcome);
        Assert.Equal(built, await File.ReadAllBytesAsync(scenario.Settings.Layout.ZipPath, Ct));
    }

    [Fact]
    public async Task Force_rebuilds_and_publishes_a_new_version_although_the_live_layer_is_current()
    {
        await using var scenario = await FreshRunnerScenario.CreateAsync(fixture);
        await scenario.RunAsync(PipelineStage.Publish);
        var indexBefore = scenario.IndexRequests;

        var forced = await scenario.RunAsync(PipelineStage.Publish, scenario.Configure(s => s with { Force = true }));

        Assert.Equal(StageOutcome.Ran, forced.Build!.Outcome);
        Assert.Equal(StageOutcome.Ran, forced.Package!.Outcome);
        Assert.True(scenario.IndexRequests > indexBefore);
        Assert.Equal(PublishRecord.PublishedResult, forced.Deployment!.Result);
        Assert.Equal(2, forced.Deployment.Version);
        Assert.StartsWith("forced (--force)", forced.Deployment.Reason);
        Assert.Equal(2, scenario.Lambda.Versions(scenario.LayerName).Count);
    }

    [Fact]
    public async Task A_stalled_build_cache_is_a_warning_naming_the_endpoint_and_the_layer_is_built()
    {
        await using var scenario = await FreshRunnerScenario.CreateAsync(fixture);
        await using var stalled = StalledEndpoint.Start();
        var retry = new AwsRetryPolicy { AttemptTimeout = TimeSpan.FromMilliseconds(500), MaxAttempts = 2, Delay = (_, _) => Task.CompletedTask };
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var summary = await scenario.RunAsync(PipelineStage.Package, stages: scenario.Stages(retry, stalled.Uri));

        Assert.Equal(StageOutcome.Ran, summary.Build!.Outcome);
        Assert.Equal(StageOutcome.Ran, summary.Package!.Outcome);
        Assert.Null(summary.Package.CacheLocation);
        var endpoint = stalled.Uri.GetLeftPart(UriPartial.Authority);
        Assert.Contains(scenario.Log.Lines, l => l.StartsWith("The build cache could not be read", StringComparison.Ordinal) && l.Contains($"S3 at {endpoint} did not answer within 0.5 s", StringComparison.Ordinal));
        Assert.Contains(scenario.Log.Lines, l => l.StartsWith("The layer could not be stored in the build cache", StringComparison.Ordinal) && l.Contains(endpoint, StringComparison.Ordinal));
        Assert.True(stalled.AcceptedConnections >= 2, $"{stalled.AcceptedConnections} connection(s): the stalled request must be retried");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }
}
