using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3.Model;
using LambdaLayers.Pipeline;
using LambdaLayers.Publishing;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Publishing;
using LambdaLayers.Tests.Support;
using Serilog;

namespace LambdaLayers.Tests.Pipeline;

/// <summary>
/// PublishLayer end to end against the fake Lambda (real state, SigV4-verified) and, where S3 is
/// involved, the real s3rver emulator.
/// </summary>
public sealed class PublishLayerStageTests
{
    private static string Marker(PublishRecord record) => LayerFingerprint.DescriptionMarker + record.Fingerprint;

    [Fact]
    public async Task First_publish_inline_makes_version_1_with_fingerprint_runtimes_and_record()
    {
        await using var scenario = await PublishScenario.CreateAsync(withS3: false);

        var record = await scenario.PublishAsync();

        Assert.Equal(PublishRecord.PublishedResult, record.Result);
        Assert.Equal(1, record.Version);
        Assert.Equal($"arn:aws:lambda:us-east-1:123456789012:layer:{scenario.LayerName}:1", record.LayerVersionArn);
        Assert.Equal($"arn:aws:lambda:us-east-1:123456789012:layer:{scenario.LayerName}", record.LayerArn);
        Assert.Null(record.S3Bucket);
        Assert.Null(record.S3Key);
        var live = Assert.Single(scenario.Lambda.Versions(scenario.LayerName));
        Assert.Equal(live.CodeSha256, record.CodeSha256);
        Assert.Equal(Convert.ToBase64String(Convert.FromHexString(record.Sha256)), record.CodeSha256);
        Assert.Equal($"Demo dependencies {Marker(record)}", live.Description);
        Assert.Equal(["python3.12"], live.CompatibleRuntimes);
        Assert.Equal(["x86_64"], live.CompatibleArchitectures);
        Assert.Equal("MIT", live.LicenseInfo);

        var written = PublishRecord.Read(scenario.Settings().Layout.PublishRecordPath);
        Assert.Equal(record.LayerVersionArn, written.LayerVersionArn);
        using var json = JsonDocument.Parse(File.ReadAllText(scenario.Settings().Layout.PublishRecordPath));
        Assert.Equal("published", json.RootElement.GetProperty("result").GetString());
        Assert.Equal(record.Fingerprint, json.RootElement.GetProperty("fingerprint").GetString());
        Assert.True(json.RootElement.TryGetProperty("layerVersionArn", out _));
        Assert.True(json.RootElement.TryGetProperty("codeSha256", out _));
    }

    [Fact]
    public async Task Compatible_runtimes_and_architectures_can_be_overridden()
    {
        await using var scenario = await PublishScenario.CreateAsync(withS3: false);

        await scenario.PublishAsync(scenario.Settings(s => s with { CompatibleRuntimes = ["python3.12", "python3.13"], CompatibleArchitectures = ["x86_64", "arm64"] }));

        var live = Assert.Single(scenario.Lambda.Versions(scenario.LayerName));
        Assert.Equal(["python3.12", "python3.13"], live.CompatibleRuntimes);
        Assert.Equal(["x86_64", "arm64"], live.CompatibleArchitectures);
    }

    [Fact]
    public async Task Through_S3_first_publish_uploads_by_content_then_an_unchanged_run_skips_without_upload_or_publish()
    {
        await using var scenario = await PublishScenario.CreateAsync(withS3: true);

        var first = await scenario.PublishAsync();

        Assert.Equal("published", first.Result);
        Assert.True(first.Uploaded);
        Assert.Equal(scenario.Bucket, first.S3Bucket);
        Assert.Equal($"team/app/layer/{first.Sha256}.zip", first.S3Key);
        using (var s3 = scenario.S3Client())
        {
            var head = await s3.GetObjectMetadataAsync(scenario.Bucket, first.S3Key, TestContext.Current.CancellationToken);
            Assert.Equal(first.Sha256, head.Metadata["sha256"]);
            Assert.Equal(first.Fingerprint, head.Metadata["fingerprint"]);
        }
        Assert.Equal(["team/app/layer/000001/requirements.txt", "team/app/layer/last-requirements.txt"], first.ManifestKeys);
        Assert.Equal("six==1.16.0\n", await scenario.ReadS3TextAsync("team/app/layer/000001/requirements.txt"));
        Assert.Equal("six==1.16.0\n", await scenario.ReadS3TextAsync("team/app/layer/last-requirements.txt"));
        Assert.Equal(first.CodeSha256, Assert.Single(scenario.Lambda.Versions(scenario.LayerName)).CodeSha256);

        var journalBefore = scenario.Lambda.Journal.Count;
        var logBefore = scenario.Log.Lines.Count;
        var second = await scenario.PublishAsync();

        Assert.Equal("skipped", second.Result);
        Assert.Equal(first.LayerVersionArn, second.LayerVersionArn);
        Assert.False(second.Uploaded);
        Assert.Contains("unchanged", second.Reason);
        Assert.Empty(second.ManifestKeys);
        var secondRun = scenario.Lambda.Journal.Skip(journalBefore).Select(e => e.Operation).ToList();
        Assert.Equal(["ListLayerVersions", "GetLayerVersion"], secondRun);
        Assert.Equal(1, scenario.Lambda.Count("PublishLayerVersion"));
        Assert.DoesNotContain(scenario.Log.Lines.Skip(logBefore), l => l.StartsWith("Uploading", StringComparison.Ordinal));
        Assert.Single(scenario.Lambda.Versions(scenario.LayerName));
    }

    [Fact]
    public async Task A_changed_lock_publishes_a_new_version_and_versioned_manifests_while_the_same_zip_is_not_uploaded_again()
    {
        await using var scenario = await PublishScenario.CreateAsync(withS3: true);
        var first = await scenario.PublishAsync();

        await File.WriteAllTextAsync(scenario.RequirementsPath, "six==1.17.0\n", TestContext.Current.CancellationToken);
        var second = await scenario.PublishAsync();

        Assert.Equal("published", second.Result);
        Assert.Equal(2, second.Version);
        Assert.NotEqual(first.Fingerprint, second.Fingerprint);
        Assert.Contains("other inputs", second.Reason);
        Assert.False(second.Uploaded); // same zip bytes: the content-addressed object is already there
        Assert.Equal(first.S3Key, second.S3Key);
        Assert.Equal("six==1.16.0\n", await scenario.ReadS3TextAsync("team/app/layer/000001/requirements.txt"));
        Assert.Equal("six==1.17.0\n", await scenario.ReadS3TextAsync("team/app/layer/000002/requirements.txt"));
        Assert.Equal("six==1.17.0\n", await scenario.ReadS3TextAsync("team/app/layer/last-requirements.txt"));
        Assert.Equal(2, scenario.Lambda.Versions(scenario.LayerName).Count);

        scenario.WriteZip("six.py", "print('six 1.17')\n");
        var third = await scenario.PublishAsync();
        Assert.Equal(3, third.Version);
        Assert.True(third.Uploaded);
        Assert.NotEqual(first.S3Key, third.S3Key);
        Assert.Contains("code differs", third.Reason);
    }

    [Fact]
    public async Task Manifests_a_crash_left_missing_are_written_when_the_live_layer_is_current()
    {
        await using var scenario = await PublishScenario.CreateAsync(withS3: true);
        var first = await scenario.PublishAsync();
        Assert.Equal(1, first.Version);
        // A run killed after PublishLayerVersion: no versioned manifest, and the last manifest of an older version.
        using (var s3 = scenario.S3Client())
        {
            await s3.DeleteObjectAsync(scenario.Bucket, "team/app/layer/000001/requirements.txt", TestContext.Current.CancellationToken);
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = scenario.Bucket, Key = "team/app/layer/last-requirements.txt", ContentBody = "six==1.15.0\n" },
                TestContext.Current.CancellationToken);
        }
        File.Delete(scenario.ZipPath); // and a fresh runner: nothing built

        var repaired = await scenario.PublishAsync();

        Assert.Equal("skipped", repaired.Result);
        Assert.Equal(1, repaired.Version);
        Assert.Equal(first.CodeSha256, repaired.CodeSha256);
        Assert.Equal(first.Sha256, repaired.Sha256);
        Assert.Contains("nothing was built", repaired.Reason);
        Assert.Equal(["team/app/layer/000001/requirements.txt", "team/app/layer/last-requirements.txt"], repaired.ManifestKeys);
        Assert.Equal("six==1.16.0\n", await scenario.ReadS3TextAsync("team/app/layer/000001/requirements.txt"));
        Assert.Equal("six==1.16.0\n", await scenario.ReadS3TextAsync("team/app/layer/last-requirements.txt"));
        Assert.Contains(scenario.Log.Lines, l => l.StartsWith("The manifest of version 1 was missing", StringComparison.Ordinal));
        Assert.Equal(1, scenario.Lambda.Count("PublishLayerVersion"));

        var again = await scenario.PublishAsync();
        Assert.Empty(again.ManifestKeys);
    }

    [Fact]
    public async Task A_stalled_Lambda_endpoint_fails_each_attempt_in_time_naming_the_endpoint_and_is_retried()
    {
        await using var scenario = await PublishScenario.CreateAsync(withS3: false);
        await using var stalled = StalledEndpoint.Start();
        var stage = new PublishLayerStage(new LoggerConfiguration().WriteTo.Sink(scenario.Log).CreateLogger(),
            _ => new AwsConnection(new BasicAWSCredentials(PublishScenario.AccessKey, PublishScenario.SecretKey), FakeLambdaServer.Region, stalled.Uri, null),
            new AwsRetryPolicy { AttemptTimeout = TimeSpan.FromMilliseconds(500), MaxAttempts = 3, Delay = (_, _) => Task.CompletedTask });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<AwsRequestException>(() => scenario.PublishAsync(stage: stage));

        var endpoint = stalled.Uri.GetLeftPart(UriPartial.Authority);
        Assert.Equal(0, error.StatusCode);
        Assert.Equal("ListLayerVersions", error.Operation);
        Assert.Contains($"no answer from {endpoint} within 0.5 s", error.Message);
        Assert.Contains("--lambda-endpoint", error.Message);
        Assert.Equal(3, stalled.AcceptedConnections);
        Assert.Equal(2, scenario.Log.Lines.Count(l => l.Contains("ListLayerVersions", StringComparison.Ordinal) && l.Contains("retrying", StringComparison.Ordinal) && l.Contains($"no answer from {endpoint}", StringComparison.Ordinal)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_stalled_S3_endpoint_fails_in_time_naming_the_endpoint_after_the_SDK_retried()
    {
        await using var scenario = await PublishScenario.CreateAsync(withS3: true);
        await using var stalled = StalledEndpoint.Start();
        var stage = new PublishLayerStage(new LoggerConfiguration().WriteTo.Sink(scenario.Log).CreateLogger(),
            _ => new AwsConnection(new BasicAWSCredentials(PublishScenario.AccessKey, PublishScenario.SecretKey), FakeLambdaServer.Region, scenario.Lambda.Endpoint, stalled.Uri),
            new AwsRetryPolicy { AttemptTimeout = TimeSpan.FromMilliseconds(500), MaxAttempts = 2, Delay = (_, _) => Task.CompletedTask });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<LayerException>(() => scenario.PublishAsync(stage: stage));

        var endpoint = stalled.Uri.GetLeftPart(UriPartial.Authority);
        Assert.Contains($"S3 at {endpoint} did not answer within 0.5 s for s3://{scenario.Bucket}/team/app/", error.Message);
        Assert.Contains("--s3-endpoint", error.Message);
        Assert.True(stalled.AcceptedConnections >= 2, $"{stalled.AcceptedConnections} connection(s): the SDK must retry");
        Assert.Equal(0, scenario.Lambda.Count("PublishLayerVersion"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_large_zip_goes_to_S3_in_parts_and_Lambda_sees_the_same_bytes()
    {
        await using var scenario = await PublishScenario.CreateAsync(withS3: true);
        scenario.WriteRandomZip(11 * 1024 * 1024);

        var record = await scenario.PublishAsync(stage: scenario.Stage(multipartThreshold: 6 * 1024 * 1024));

        Assert.True(record.Uploaded);
        var live = Assert.Single(scenario.Lambda.Versions(scenario.LayerName));
        Assert.Equal(record.CodeSha256, live.CodeSha256);
        using var s3 = scenario.S3Client();
        var head = await s3.GetObjectMetadataAsync(scenario.Bucket, record.S3Key, TestContext.Current.CancellationToken);
        Assert.Equal(record.Sha256, head.Metadata["sha256"]);
        Assert.Equal(new FileInfo(scenario.ZipPath).Length, head.ContentLength);
        // s3rver answers a multipart upload with a plain MD5 ETag (no "-N" part count), so the parts are
        // seen in the store's log; the bytes are proven by Lambda's CodeSha256 above.
        Assert.Contains(scenario.Log.Lines, l => l.Contains("in 2 part(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_bucket_is_reported_by_name()
    {
        await using var scenario = await PublishScenario.CreateAsync(withS3: true);

        var error = await Assert.ThrowsAsync<LayerException>(() => scenario.PublishAsync(scenario.Settings(s => s with { Bucket = "no-such-bucket-" + Guid.NewGuid().ToString("N")[..8] })));

        Assert.Contains("does not exist", error.Message);
        Assert.Contains("--bucket", error.Message);
        Assert.Equal(0, scenario.Lambda.Count("PublishLayerVersion"));
    }

    [Fact]
    public async Task Throttling_is_retried_honouring_Retry_After_then_succeeds()
    {
        await using var scenario = await PublishScenario.CreateAsync(withS3: false);
        scenario.Lambda.Script(FakeLambdaFault.Throttle("ListLayerVersions", 3));
        scenario.Lambda.Script(FakeLambdaFault.Throttle("ListLayerVersions", 4));

        var record = await scenario.PublishAsync();

        Assert.Equal("published", record.Result);
        Assert.Equal(2, scenario.Lambda.Journal.Count(e => e.Status == 429));
        Assert.True(scenario.Delays.Count >= 2);
        Assert.True(scenario.Delays[0] >= TimeSpan.FromSeconds(3), $"first wait {scenario.Delays[0]}");
        Assert.True(scenario.Delays[1] >= TimeSpan.FromSeconds(4), $"second wait {scenario.Delays[1]}");
        Assert.Single(scenario.Lambda.Versions(scenario.LayerName));
    }

    [Fact]
    public async Task A_throttled_publish_is_retried_since_a_429_created_nothing()
    {
        await using var scenario = await PublishScenario.CreateAsync(withS3: false);
        // Faults fire on the next request of their operation: the list before publishing passes.
        scenario.Lambda.Script(FakeLambdaFault.Throttle("PublishLayerVersion", 2));

        var record = await scenario.PublishAsync();

        Assert.Equal(1, record.Version);
        Assert.Equal(2, scenario.Lambda.Count("PublishLayerVersion"));
        Assert.Single(scenario.Lambda.Versions(scenario.LayerName));
        Assert.True(scenario.Delays.Single() >= TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task A_5xx_after_the_version_was_created_does_not_make_a_duplicate()
    {
        await using var scenario = await PublishScenario.CreateAsync(withS3: false);
        scenario.Lambda.Script(FakeLambdaFault.ServerErrorAfter("PublishLayerVersion"));

        var record = await scenario.PublishAsync();

        Assert.Equal("published", record.Result);
        Assert.Equal(1, record.Version);
        Assert.Single(scenario.Lambda.Versions(scenario.LayerName));
        Assert.Equal(1, scenario.Lambda.Count("PublishLayerVersion"));
        Assert.Equal(2, scenario.Lambda.Count("ListLayerVersions")); // before publishing, and the look-up after the 500
    }

    [Fact]
    public async Task A_connection_lost_after_the_version_was_created_does_not_make_a_duplicate()
    {
        await using var scenario = await PublishScenario.CreateAsync(withS3: false);
        scenario.Lambda.Script(FakeLambdaFault.ConnectionDroppedAfter("PublishLayerVersion"));

        var record = await scenario.PublishAsync();

        Assert.Equal(1, record.Version);
        Assert.Single(scenario.Lambda.Versions(scenario.LayerName));
        Assert.Equal(1, scenario.Lambda.Count("PublishLayerVersion"));
        Assert.Contains(scenario.Log.Lines, l => l.Contains("created by the failed attempt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_5xx_before_anything_happened_is_retried()
    {
        await using var scenario = await PublishScenario.CreateAsync(withS3: false);
        scenario.Lambda.Script(FakeLambdaFault.ServerErrorBefore("PublishLayerVersion"));

        var record = await scenario.PublishAsync();

        Assert.Equal(1, record.Version);
        Assert.Single(scenario.Lambda.Versions(scenario.LayerName));
        Assert.Equal(2, scenario.Lambda.Count("PublishLayerVersion"));
    }

    [Fact]
    public async Task Change_detection_reads_every_page_and_takes_the_highest_version_not_list_order()
    {
        await using var scenario = await PublishScenario.CreateAsync(withS3: false);
        var first = await scenario.PublishAsync();
        var code = first.CodeSha256;
        for (var i = 0; i < 55; i++)
        {
            scenario.Lambda.Seed(scenario.LayerName, LayerFingerprint.DescriptionMarker + new string('0', 63) + (i % 10), code);
        }
        var newest = scenario.Lambda.Seed(scenario.LayerName, $"again {Marker(first)}", code);
        scenario.Lambda.ListOldestFirst = true; // the newest version is on the second page

        var record = await scenario.PublishAsync();

        Assert.Equal("skipped", record.Result);
        Assert.Equal(newest.Version, record.Version);
        Assert.Equal(57, record.Version);
        var lists = scenario.Lambda.Journal.Where(e => e.Operation == "ListLayerVersions").Skip(1).ToList();
        Assert.Equal(2, lists.Count);
        Assert.Contains("MaxItems=50", lists[0].PathAndQuery);
        Assert.Contains("Marker=50", lists[1].PathAndQuery);
    }

    [Fact]
    public async Task An_older_version_with_the_fingerprint_does_not_count_when_a_newer_one_differs()
    {
        await using var scenario = await PublishScenario.CreateAsync(withS3: false);
        var first = await scenario.PublishAsync();
        scenario.Lambda.Seed(scenario.LayerName, "built elsewhere", "c29tZXRoaW5nIGVsc2U=");

        var record = await scenario.PublishAsync();

        Assert.Equal("published", record.Result);
        Assert.Equal(3, record.Version);
        Assert.Equal(first.Fingerprint, record.Fingerprint);
    }

    [Fact]
    public async Task Grants_go_to_accounts_an_organization_and_everyone_and_repeating_them_is_fine()
    {
        await using var scenario = await PublishScenario.CreateAsync(withS3: false);
        var settings = scenario.Settings(s => s with { ShareWith = ["111122223333", "o-abcdefghij", "*", "111122223333"] });

        var record = await scenario.PublishAsync(settings);

        Assert.Equal(["lambda-layers-account-111122223333", "lambda-layers-org-o-abcdefghij", "lambda-layers-everyone"], record.Grants);
        var statements = Assert.Single(scenario.Lambda.Versions(scenario.LayerName)).Statements;
        Assert.Equal(("111122223333", (string?)null), statements["lambda-layers-account-111122223333"]);
        Assert.Equal(("*", (string?)"o-abcdefghij"), statements["lambda-layers-org-o-abcdefghij"]);
        Assert.Equal(("*", (string?)null), statements["lambda-layers-everyone"]);

        var again = await scenario.PublishAsync(settings);

        Assert.Equal("skipped", again.Result);
        Assert.Equal(record.Grants, again.Grants);
        Assert.Equal(3, scenario.Lambda.Journal.Count(e => e.Operation == "AddLayerVersionPermission" && e.ErrorCode == "ResourceConflictException"));
    }

    [Fact]
    public async Task A_bad_share_with_value_is_a_settings_error()
    {
        await using var scenario = await PublishScenario.CreateAsync(withS3: false);

        var error = await Assert.ThrowsAsync<LayerSettingsException>(() => scenario.PublishAsync(scenario.Settings(s => s with { ShareWith = ["12345"] })));

        Assert.Equal("share-with", error.Setting);
        Assert.Empty(scenario.Lambda.Journal);
    }

    [Fact]
    public async Task Retention_dry_run_lists_and_real_run_deletes_but_never_the_current_version()
    {
        await using var scenario = await PublishScenario.CreateAsync(withS3: false);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 5; i++)
        {
            scenario.Lambda.Seed(scenario.LayerName, "old build", "b2xk", now.AddDays(-30 + i));
        }
        scenario.Lambda.Now = now;

        var dryRun = await scenario.PublishAsync(scenario.Settings(s => s with { Retain = new RetentionPolicy(KeepNewest: 2, KeepDays: null, DryRun: true) }));

        Assert.Equal(6, dryRun.Version);
        Assert.Equal([4L, 3L, 2L, 1L], dryRun.WouldDeleteVersions);
        Assert.Empty(dryRun.DeletedVersions);
        Assert.Equal(6, scenario.Lambda.Versions(scenario.LayerName).Count);
        Assert.Equal(0, scenario.Lambda.Count("DeleteLayerVersion"));

        var real = await scenario.PublishAsync(scenario.Settings(s => s with { Retain = new RetentionPolicy(KeepNewest: 0, KeepDays: 29, DryRun: false) }));

        Assert.Equal("skipped", real.Result);
        Assert.Equal([2L, 1L], real.DeletedVersions); // versions 3..5 (26–28 days old) are younger than 29 days; 6 is the current one
        Assert.Equal([3L, 4L, 5L, 6L], scenario.Lambda.Versions(scenario.LayerName).Select(v => v.Version).Order().ToList());
    }

    [Fact]
    public async Task A_zip_over_50_MB_without_a_bucket_asks_for_one_before_any_request()
    {
        await using var scenario = await PublishScenario.CreateAsync(withS3: false);
        await using (var file = File.Create(scenario.ZipPath))
        {
            file.SetLength(LambdaLimits.DirectUploadZipBytes + 1);
        }

        var error = await Assert.ThrowsAsync<LayerSettingsException>(() => scenario.PublishAsync());

        Assert.Equal("bucket", error.Setting);
        Assert.Contains("--bucket", error.Message);
        Assert.Empty(scenario.Lambda.Journal);
    }

    [Fact]
    public async Task Wrong_secret_key_surfaces_AWS_403_clearly_without_the_secret()
    {
        await using var scenario = await PublishScenario.CreateAsync(withS3: false);
        const string secret = "Wrong/Secret+Key0123456789abcdefghijKLMN";

        var error = await Assert.ThrowsAsync<AwsRequestException>(() => scenario.PublishAsync(stage: scenario.Stage(secretKey: secret)));

        Assert.Equal(403, error.StatusCode);
        Assert.Equal("InvalidSignatureException", error.ErrorCode);
        Assert.Contains("The request signature we calculated does not match the signature you provided", error.Message);
        Assert.Contains("AWS_SECRET_ACCESS_KEY", error.Message);
        Assert.NotNull(error.RequestId);
        Assert.DoesNotContain(secret, error.ToString());
        Assert.DoesNotContain(scenario.Log.Lines, l => l.Contains(secret, StringComparison.Ordinal));
        Assert.Empty(scenario.Lambda.Versions(scenario.LayerName));
        Assert.False(File.Exists(scenario.Settings().Layout.PublishRecordPath));
    }

    [Fact]
    public async Task Unknown_access_key_is_reported_as_invalid_credentials()
    {
        await using var scenario = await PublishScenario.CreateAsync(withS3: false);

        var error = await Assert.ThrowsAsync<AwsRequestException>(() => scenario.PublishAsync(stage: scenario.Stage(accessKey: "AKIAUNKNOWNKEY000000")));

        Assert.Equal(403, error.StatusCode);
        Assert.Equal("UnrecognizedClientException", error.ErrorCode);
        Assert.Contains("security token included in the request is invalid", error.Message);
    }

    [Fact]
    public async Task Code_storage_exceeded_hints_at_retention()
    {
        await using var scenario = await PublishScenario.CreateAsync(withS3: false);
        scenario.Lambda.Script(new FakeLambdaFault("PublishLayerVersion", 400, "CodeStorageExceededException", "Code storage limit exceeded."));
        // The fake only fires a fault when it is next in line; the list and get calls come first.
        var error = await Assert.ThrowsAsync<AwsRequestException>(() => scenario.PublishAsync());

        Assert.Equal("CodeStorageExceededException", error.ErrorCode);
        Assert.Contains("Code storage limit exceeded.", error.Message);
        Assert.Contains("--retain", error.Message);
    }

    [Fact]
    public async Task Lambda_4xx_carries_AWS_message_and_is_not_retried()
    {
        await using var scenario = await PublishScenario.CreateAsync(withS3: false);
        scenario.Lambda.Script(new FakeLambdaFault("ListLayerVersions", 400, "InvalidParameterValueException", "Layer name is malformed."));

        var error = await Assert.ThrowsAsync<AwsRequestException>(() => scenario.PublishAsync());

        Assert.Equal(400, error.StatusCode);
        Assert.Contains("Layer name is malformed.", error.Message);
        Assert.Equal(1, scenario.Lambda.Count("ListLayerVersions"));
        Assert.Empty(scenario.Delays);
    }

    [Fact]
    public async Task Missing_zip_and_missing_layer_name_are_clear_errors()
    {
        await using var scenario = await PublishScenario.CreateAsync(withS3: false);

        var noName = await Assert.ThrowsAsync<LayerSettingsException>(() => scenario.PublishAsync(scenario.Settings(s => s with { LayerName = null })));
        Assert.Equal("layer-name", noName.Setting);

        File.Delete(scenario.ZipPath);
        var noZip = await Assert.ThrowsAsync<LayerException>(() => scenario.PublishAsync());
        Assert.Contains("PackageLayer", noZip.Message);
        Assert.Contains("has no version yet", noZip.Message);
        // Without a zip the live layer is still asked first (it may already be current); nothing is published.
        Assert.Equal(["ListLayerVersions"], scenario.Lambda.Journal.Select(e => e.Operation));
    }

    [Theory]
    [InlineData("<html><body>502 Bad Gateway</body></html>", "not JSON", "it starts: <html><body>502 Bad Gateway")]
    [InlineData("", "an empty body", "")]
    [InlineData("[1, 2]", "JSON, but not an object", "it starts: [1, 2]")]
    [InlineData("{\"LayerVersions\": [", "not JSON", "it starts: {\"LayerVersions\": [")]
    public async Task A_malformed_answer_is_retried_then_named_with_what_to_check(string body, string what, string start)
    {
        await using var scenario = await PublishScenario.CreateAsync(withS3: false);
        for (var i = 0; i < AwsRetryPolicy.Default.MaxAttempts; i++)
        {
            scenario.Lambda.Script(FakeLambdaFault.MalformedAnswer("ListLayerVersions", body));
        }

        var error = await Assert.ThrowsAsync<AwsRequestException>(() => scenario.PublishAsync());

        Assert.StartsWith($"AWS Lambda ListLayerVersions failed (HTTP 200, UnreadableAnswer): the answer is {what}, not the JSON object Lambda sends", error.Message);
        Assert.Contains(start, error.Message);
        Assert.Contains("Check that the Lambda endpoint (--lambda-endpoint, AWS_ENDPOINT_URL_LAMBDA) is AWS Lambda", error.Message);
        Assert.Equal(AwsRetryPolicy.Default.MaxAttempts, scenario.Lambda.Count("ListLayerVersions"));
        Assert.Equal(0, scenario.Lambda.Count("PublishLayerVersion"));
    }

    [Fact]
    public async Task A_malformed_answer_after_the_version_was_created_does_not_make_a_duplicate()
    {
        await using var scenario = await PublishScenario.CreateAsync(withS3: false);
        scenario.Lambda.Script(FakeLambdaFault.MalformedAnswerAfter("PublishLayerVersion", "{\"LayerVersionArn\": \"arn:aws:lambda:us-"));

        var record = await scenario.PublishAsync();

        Assert.Equal("published", record.Result);
        Assert.Equal(1, record.Version);
        Assert.Single(scenario.Lambda.Versions(scenario.LayerName));
        Assert.Equal(1, scenario.Lambda.Count("PublishLayerVersion"));
        Assert.Contains(scenario.Log.Lines, l => l.Contains("created by the failed attempt", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{\"Version\": 1}", "answered without a LayerVersionArn")]
    [InlineData("{\"LayerVersionArn\": 7, \"Version\": 1.5}", "answered without a LayerVersionArn")]
    public async Task A_layer_version_of_the_wrong_shape_is_named(string body, string message)
    {
        await using var scenario = await PublishScenario.CreateAsync(withS3: false);
        scenario.Lambda.Script(FakeLambdaFault.MalformedAnswer("PublishLayerVersion", body, status: 201));

        var error = await Assert.ThrowsAsync<LayerException>(() => scenario.PublishAsync());

        Assert.Contains(message, error.Message);
        Assert.Contains("Check that the Lambda endpoint", error.Message);
    }
}
