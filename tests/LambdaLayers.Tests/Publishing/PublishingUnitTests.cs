using Amazon.Runtime;
using LambdaLayers.Publishing;
using LambdaLayers.Settings;

namespace LambdaLayers.Tests.Publishing;

/// <summary>The publisher's pure parts: description, grants, retention, endpoints, backoff, dates, records.</summary>
public sealed class PublishingUnitTests
{
    private static readonly string Fingerprint = new('a', 64);

    [Fact]
    public void Description_keeps_the_users_text_and_appends_the_marker()
    {
        Assert.Equal($"My deps lambda-layers:{Fingerprint}", LayerDescription.Compose("My deps", Fingerprint));
        Assert.Equal($"lambda-layers:{Fingerprint}", LayerDescription.Compose(null, Fingerprint));
        Assert.Equal($"lambda-layers:{Fingerprint}", LayerDescription.Compose("   ", Fingerprint));
    }

    [Fact]
    public void A_long_description_is_shortened_but_the_marker_never_is()
    {
        var composed = LayerDescription.Compose(new string('x', 400), Fingerprint);

        Assert.Equal(LambdaLimits.DescriptionCharacters, composed.Length);
        Assert.EndsWith($"lambda-layers:{Fingerprint}", composed);
        Assert.Equal(Fingerprint, LayerDescription.FingerprintOf(composed));
    }

    [Theory]
    [InlineData("deps lambda-layers:ABCDEF01", "abcdef01")]
    [InlineData("lambda-layers:0123 trailing words", "0123")]
    [InlineData("no marker here", null)]
    [InlineData("lambda-layers:", null)]
    [InlineData(null, null)]
    public void Fingerprint_is_read_back_from_a_description(string? description, string? expected) =>
        Assert.Equal(expected, LayerDescription.FingerprintOf(description));

    [Theory]
    [InlineData("*", "lambda-layers-everyone", "*", null)]
    [InlineData("123456789012", "lambda-layers-account-123456789012", "123456789012", null)]
    [InlineData(" o-a1b2c3d4e5 ", "lambda-layers-org-o-a1b2c3d4e5", "*", "o-a1b2c3d4e5")]
    public void Share_with_values_become_stable_grants(string value, string statementId, string principal, string? organization) =>
        Assert.Equal(new LayerGrant(statementId, principal, organization), LayerGrant.Parse(value));

    [Theory]
    [InlineData("12345")]
    [InlineData("o-")]
    [InlineData("everyone")]
    public void Bad_share_with_values_name_the_setting(string value) =>
        Assert.Equal("share-with", Assert.Throws<LayerSettingsException>(() => LayerGrant.Parse(value)).Setting);

    private static LayerVersion Version(long number, int ageDays, DateTimeOffset now) => new()
    {
        LayerVersionArn = $"arn:aws:lambda:us-east-1:1:layer:x:{number}",
        Version = number,
        CreatedDate = now.AddDays(-ageDays),
    };

    [Fact]
    public void Retention_keeps_the_newest_by_number_the_young_and_the_current()
    {
        var now = DateTimeOffset.UtcNow;
        // Deliberately not in version order.
        var versions = new[] { Version(3, 20, now), Version(7, 1, now), Version(1, 40, now), Version(5, 10, now), Version(2, 30, now) };

        Assert.Equal([3L, 2L, 1L], Doomed(new RetentionPolicy(2, null, false), current: 7));
        Assert.Equal([5L, 3L, 2L], Doomed(new RetentionPolicy(1, null, false), current: 1));
        Assert.Equal([3L, 2L, 1L], Doomed(new RetentionPolicy(null, 15, false), current: 7));
        Assert.Equal([2L, 1L], Doomed(new RetentionPolicy(3, 15, false), current: 7)); // either limit keeps
        Assert.Equal([7L, 5L, 3L, 2L], Doomed(new RetentionPolicy(0, null, false), current: 1));
        Assert.Empty(Doomed(new RetentionPolicy(null, null, false), current: 7));

        List<long> Doomed(RetentionPolicy policy, long current) =>
            [.. LayerRetention.SelectForDeletion(versions, policy, current, now).Select(v => v.Version)];
    }

    [Fact]
    public void Retention_keeps_a_version_of_unknown_age_when_limited_by_days()
    {
        var undated = new LayerVersion { LayerVersionArn = "arn:x:1", Version = 1 };
        Assert.Empty(LayerRetention.SelectForDeletion([undated], new RetentionPolicy(null, 1, false), 2, DateTimeOffset.UtcNow));
    }

    [Fact]
    public void Endpoint_precedence_is_setting_then_service_variable_then_general_variable_then_regional_default()
    {
        var env = new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL_LAMBDA"] = "http://lambda.local:1",
            ["AWS_ENDPOINT_URL_S3"] = "http://s3.local:2",
            ["AWS_ENDPOINT_URL"] = "http://all.local:3",
        };
        string? Get(string name) => env.GetValueOrDefault(name);

        Assert.Equal(new Uri("http://setting:9"), AwsEndpoints.Lambda(new Uri("http://setting:9"), "eu-west-1", Get));
        Assert.Equal(new Uri("http://lambda.local:1"), AwsEndpoints.Lambda(null, "eu-west-1", Get));
        Assert.Equal(new Uri("http://s3.local:2"), AwsEndpoints.S3(null, Get));
        env.Remove("AWS_ENDPOINT_URL_LAMBDA");
        env.Remove("AWS_ENDPOINT_URL_S3");
        Assert.Equal(new Uri("http://all.local:3"), AwsEndpoints.Lambda(null, "eu-west-1", Get));
        Assert.Equal(new Uri("http://all.local:3"), AwsEndpoints.S3(null, Get));
        env.Clear();
        Assert.Equal(new Uri("https://lambda.eu-west-1.amazonaws.com"), AwsEndpoints.Lambda(null, "eu-west-1", Get));
        Assert.Equal(new Uri("https://lambda.cn-north-1.amazonaws.com.cn"), AwsEndpoints.Lambda(null, "cn-north-1", Get));
        Assert.Null(AwsEndpoints.S3(null, Get));
    }

    [Fact]
    public void A_malformed_endpoint_variable_is_named()
    {
        var error = Assert.Throws<LayerSettingsException>(() => AwsEndpoints.S3(null, n => n == "AWS_ENDPOINT_URL" ? "not a url" : null));
        Assert.Equal("AWS_ENDPOINT_URL", error.Setting);
    }

    [Fact]
    public void Connection_resolver_uses_settings_region_and_endpoints_and_reports_a_missing_profile()
    {
        var settings = new LayerSettings
        {
            ProjectDirectory = "/tmp/p",
            PyProjectPath = "/tmp/p/pyproject.toml",
            Tool = ToolKind.Pip,
            Runtime = LambdaRuntimes.Find("python3.12")!,
            Region = "eu-central-1",
            LambdaEndpoint = new Uri("http://127.0.0.1:9"),
        };
        var env = new Dictionary<string, string?> { ["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:8" };
        // A profile from a credentials file of the test's own, so the resolution runs everywhere, not only
        // where the process happens to have AWS keys.
        var credentialsFile = Path.Combine(Path.GetTempPath(), "ll-aws-credentials-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(credentialsFile, "[layer-test]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = not-a-real-secret\n");
        try
        {
            var resolver = new AwsConnectionResolver(n => env.GetValueOrDefault(n), credentialsFile);

            var missing = Assert.Throws<LayerSettingsException>(() => resolver.Resolve(settings with { AwsProfile = "no-such-profile-" + Guid.NewGuid().ToString("N") }));
            Assert.Equal("aws-profile", missing.Setting);
            Assert.Contains("--aws-profile", missing.Message);

            var connection = resolver.Resolve(settings with { AwsProfile = "layer-test" });
            Assert.Equal("AKIDEXAMPLE", connection.Credentials.GetCredentials().AccessKey);
            Assert.Equal("eu-central-1", connection.Region);
            Assert.Equal(new Uri("http://127.0.0.1:9"), connection.LambdaEndpoint);
            Assert.Equal(new Uri("http://127.0.0.1:8"), connection.S3Endpoint);
        }
        finally
        {
            File.Delete(credentialsFile);
        }
    }

    [Fact]
    public void Backoff_grows_is_capped_and_honours_a_longer_Retry_After()
    {
        var policy = new AwsRetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1), Jitter = new Random(1) };

        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var delay = policy.DelayBefore(attempt, null);
            Assert.InRange(delay, TimeSpan.Zero, TimeSpan.FromMilliseconds(Math.Min(1000, 100 * Math.Pow(2, attempt - 1))));
        }
        Assert.Equal(TimeSpan.FromSeconds(5), policy.DelayBefore(1, TimeSpan.FromSeconds(5)));
        Assert.Equal(policy.MaxRetryAfter, policy.DelayBefore(1, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Lambda_dates_round_trip()
    {
        var date = LambdaLayerClient.ParseDate("2018-11-27T15:10:45.123+0000");
        Assert.Equal(new DateTimeOffset(2018, 11, 27, 15, 10, 45, 123, TimeSpan.Zero), date);
        Assert.Equal("2018-11-27T15:10:45.123+0000", LambdaLayerClient.FormatDate(date!.Value));
        Assert.Null(LambdaLayerClient.ParseDate(null));
    }

    [Fact]
    public void Aws_errors_say_whether_a_retry_may_duplicate()
    {
        Assert.True(new AwsRequestException("PublishLayerVersion", 0, AwsRequestException.TransportError, "reset", null).MayHaveSucceeded);
        Assert.True(new AwsRequestException("PublishLayerVersion", 503, "ServiceException", "x", null).MayHaveSucceeded);
        Assert.False(new AwsRequestException("PublishLayerVersion", 429, "TooManyRequestsException", "x", null).MayHaveSucceeded);
        var error = new AwsRequestException("GetLayerVersion", 404, "ResourceNotFoundException", "The resource you requested does not exist.", "req-1");
        Assert.Equal("AWS Lambda GetLayerVersion failed (HTTP 404, ResourceNotFoundException): The resource you requested does not exist. [request id req-1]", error.Message);
    }

    [Fact]
    public void S3_keys_follow_the_seed_layout()
    {
        Assert.Equal("team/app/layer/abc.zip", LayerS3Store.ZipKey("/team/app/", "abc"));
        Assert.Equal("layer/abc.zip", LayerS3Store.ZipKey("", "abc"));
        Assert.Equal("p/layer/000007/uv.lock", LayerS3Store.VersionManifestKey("p", 7, "uv.lock"));
        Assert.Equal("p/layer/last-poetry.lock", LayerS3Store.LastManifestKey("p", "poetry.lock"));
    }

    [Fact]
    public void S3_config_uses_path_style_and_only_required_checksums_for_overridden_endpoints()
    {
        var config = LayerS3Store.CreateConfig(new AwsConnection(new BasicAWSCredentials("a", "b"), "us-east-1", new Uri("http://x"), new Uri("http://127.0.0.1:4566")));
        Assert.True(config.ForcePathStyle);
        Assert.Equal(RequestChecksumCalculation.WHEN_REQUIRED, config.RequestChecksumCalculation);
        Assert.Equal(ResponseChecksumValidation.WHEN_REQUIRED, config.ResponseChecksumValidation);
    }
}
