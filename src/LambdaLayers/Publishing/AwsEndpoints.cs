using Amazon;

namespace LambdaLayers.Publishing;

/// <summary>
/// Endpoint overrides in AWS's documented precedence: the explicit setting, then the service-specific
/// variable (<c>AWS_ENDPOINT_URL_LAMBDA</c>, <c>AWS_ENDPOINT_URL_S3</c>), then <c>AWS_ENDPOINT_URL</c>,
/// then the regional default. This is how LocalStack/MinIO users and the tests point the tool elsewhere.
/// </summary>
public static class AwsEndpoints
{
    public static Uri Lambda(Uri? setting, string region, Func<string, string?> environment) =>
        Override(setting, "AWS_ENDPOINT_URL_LAMBDA", environment)
        ?? new Uri($"https://lambda.{region}.{RegionEndpoint.GetBySystemName(region).PartitionDnsSuffix ?? "amazonaws.com"}");

    /// <summary>The S3 endpoint override, or null for the SDK's own regional endpoint.</summary>
    public static Uri? S3(Uri? setting, Func<string, string?> environment) =>
        Override(setting, "AWS_ENDPOINT_URL_S3", environment);

    private static Uri? Override(Uri? setting, string serviceVariable, Func<string, string?> environment)
    {
        if (setting is not null)
        {
            return setting;
        }
        foreach (var variable in new[] { serviceVariable, "AWS_ENDPOINT_URL" })
        {
            var value = environment(variable);
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }
            if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            {
                throw new Settings.LayerSettingsException(variable, $"{variable}='{value}' is not an http(s) URL: set it to an endpoint such as http://localhost:4566 or unset it.");
            }
            return uri;
        }
        return null;
    }
}
