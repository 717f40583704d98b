using Serilog;

namespace LambdaLayers.Publishing;

/// <summary>
/// PublishLayerVersion without duplicates. The call is not idempotent: after a transport error or 5xx
/// the version may exist although no answer came back. Before each retry this looks for a version newer
/// than those seen before publishing that carries this run's fingerprint and code hash, and adopts it.
/// </summary>
public sealed class LayerVersionPublisher(LambdaLayerClient client, RetryPolicy retry, ILogger log)
{
    public async Task<LayerVersion> PublishAsync(
        string layerName, PublishLayerVersionRequest request, string fingerprint, string codeSha256, long highestKnownVersion, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await client.PublishLayerVersionAsync(layerName, request, ct);
            }
            catch (AwsRequestException ex) when (ex.MayHaveSucceeded && attempt < retry.MaxAttempts)
            {
                var delay = retry.DelayBefore(attempt, null);
                log.Warning("PublishLayerVersion attempt {Attempt} failed ({Status} {Code}); checking whether the version was created before retrying in {Delay}",
                    attempt, ex.StatusCode, ex.ErrorCode, delay);
                await retry.Delay(delay, ct);
                var created = await FindCreatedAsync(layerName, fingerprint, codeSha256, highestKnownVersion, ct);
                if (created is not null)
                {
                    log.Information("Version {Version} of {Layer} was created by the failed attempt; using it instead of publishing again",
                        created.Version, layerName);
                    return created;
                }
            }
        }
    }

    private async Task<LayerVersion?> FindCreatedAsync(string layerName, string fingerprint, string codeSha256, long highestKnownVersion, CancellationToken ct)
    {
        var candidates = (await client.ListAllLayerVersionsAsync(layerName, ct))
            .Where(v => v.Version > highestKnownVersion && LayerDescription.Carries(v.Description, fingerprint))
            .OrderByDescending(v => v.Version);
        foreach (var candidate in candidates)
        {
            var full = await client.GetLayerVersionAsync(layerName, candidate.Version, ct);
            if (full.CodeSha256 == codeSha256)
            {
                return full;
            }
        }
        return null;
    }
}
