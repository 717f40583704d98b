using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using LambdaLayers.Settings;

namespace LambdaLayers.Publishing;

/// <summary>
/// Resolves an <see cref="AwsConnection"/> the way the AWS CLI does: with <c>--aws-profile</c>, that profile's
/// credentials and region; otherwise the SDK's default credential chain (environment, shared files, SSO,
/// web identity, container and instance roles) and region chain (AWS_REGION, profile, instance metadata).
/// </summary>
/// <param name="environment">Reads environment variables (region and endpoint overrides).</param>
/// <param name="profilesLocation">A shared credentials file to read <c>--aws-profile</c> from instead of the
/// default ~/.aws files (tests point it at a file of their own).</param>
public sealed class AwsConnectionResolver(Func<string, string?>? environment = null, string? profilesLocation = null)
{
    private readonly Func<string, string?> environment = environment ?? Environment.GetEnvironmentVariable;

    public AwsConnection Resolve(LayerSettings settings)
    {
        AWSCredentials credentials;
        RegionEndpoint? profileRegion = null;
        if (!string.IsNullOrWhiteSpace(settings.AwsProfile))
        {
            var chain = profilesLocation is null ? new CredentialProfileStoreChain() : new CredentialProfileStoreChain(profilesLocation);
            if (!chain.TryGetProfile(settings.AwsProfile, out var profile) || !chain.TryGetAWSCredentials(settings.AwsProfile, out credentials))
            {
                throw new LayerSettingsException(LayerParameters.AwsProfile.Name,
                    $"The AWS profile '{settings.AwsProfile}' (aws-profile) was not found or has no usable credentials in ~/.aws/credentials or ~/.aws/config: " +
                    "create it (aws configure --profile NAME) or choose another with --aws-profile, LAMBDA_LAYERS_AWS_PROFILE or AWS_PROFILE.");
            }
            profileRegion = profile.Region;
        }
        else
        {
            try
            {
                credentials = new DefaultAWSCredentialsIdentityResolver().ResolveIdentity(null!);
            }
            catch (Exception ex) when (ex is AmazonClientException or AmazonServiceException or InvalidOperationException)
            {
                throw new LayerException(
                    "No AWS credentials were found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or pass --aws-profile, " +
                    "or run where an IAM role is available.", ex);
            }
        }

        var region = settings.Region ?? profileRegion?.SystemName ?? ResolveDefaultRegion();
        if (string.IsNullOrWhiteSpace(region))
        {
            throw new LayerSettingsException("region",
                "No AWS region is set: pass --region (for example --region eu-west-1), set AWS_REGION, or set a region in the AWS profile.");
        }
        LayerSettingsValidation.RequireRegionName(region, settings.Region is not null ? "region" : "from AWS_REGION, AWS_DEFAULT_REGION or the AWS profile");
        return new AwsConnection(credentials, region,
            AwsEndpoints.Lambda(settings.LambdaEndpoint, region, environment),
            AwsEndpoints.S3(settings.S3Endpoint, environment));
    }

    private string? ResolveDefaultRegion()
    {
        foreach (var variable in new[] { "AWS_REGION", "AWS_DEFAULT_REGION" })
        {
            if (environment(variable) is { Length: > 0 } value)
            {
                return value.Trim();
            }
        }
        try
        {
            return FallbackRegionFactory.GetRegionEndpoint()?.SystemName;
        }
        catch (AmazonClientException)
        {
            return null;
        }
    }
}
