using Serilog;

namespace LambdaLayers.Publishing;

/// <summary>
/// Points a Lambda function's code at a zip in S3 and sees it through: never when the live code already has the
/// zip's CodeSha256; otherwise UpdateFunctionCode (after any update already in progress has finished — Lambda refuses
/// a second one with ResourceConflictException), then GetFunctionConfiguration until LastUpdateStatus leaves
/// InProgress, a Failed update reported with Lambda's reason, and the code's CodeSha256 verified. PublishVersion is
/// its own step (<see cref="PublishVersionAsync"/>), asked for separately.
/// </summary>
public sealed class FunctionCodeDeployer(LambdaLayerClient lambda, AwsRetryPolicy retry, ILogger log)
{
    /// <summary>How long to wait between two looks at an update in progress.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long an update may stay in progress before the deployment fails saying so (Lambda's own updates take seconds).</summary>
    public TimeSpan UpdateTimeLimit { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The function's configuration after the deployment, and whether its code was changed.</summary>
    public async Task<(FunctionConfiguration Current, bool Updated)> DeployAsync(string functionName, string bucket, string key, string? objectVersion,
        string codeSha256, CancellationToken ct)
    {
        var live = await WaitWhileUpdatingAsync(functionName, await lambda.GetFunctionConfigurationAsync(functionName, ct), ct);
        if (live.CodeSha256 == codeSha256)
        {
            log.Information("Function {Function} already runs this code (CodeSha256 {CodeSha256}); not updating it", functionName, codeSha256);
            return (live, false);
        }
        log.Information("Updating the code of {Function} (CodeSha256 {Old} → {New}) from s3://{Bucket}/{Key}",
            functionName, live.CodeSha256 ?? "none", codeSha256, bucket, key);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await lambda.UpdateFunctionCodeAsync(functionName, bucket, key, objectVersion, revisionId: null, ct);
                break;
            }
            catch (AwsRequestException e) when (e.ErrorCode == "ResourceConflictException" && attempt < 5)
            {
                // Someone else's update started between our look and our call: wait for it, then apply ours.
                log.Information("Another update of {Function} is in progress ({Message}); waiting for it", functionName, e.AwsMessage);
                await WaitWhileUpdatingAsync(functionName, await lambda.GetFunctionConfigurationAsync(functionName, ct), ct);
            }
        }
        var done = await WaitWhileUpdatingAsync(functionName, await lambda.GetFunctionConfigurationAsync(functionName, ct), ct);
        if (done.LastUpdateStatus == FunctionConfiguration.Failed)
        {
            throw new LayerException(
                $"Lambda could not apply the new code to {functionName}: the update ended Failed ({done.LastUpdateStatusReasonCode ?? "no code"}: " +
                $"{done.LastUpdateStatusReason ?? "no reason given"}). The function keeps running its previous code; fix the cause and run PublishFunction again.");
        }
        if (done.CodeSha256 != codeSha256)
        {
            throw new LayerException(
                $"After the update, {functionName} reports CodeSha256 {done.CodeSha256}, while function.zip has {codeSha256}: another deployment " +
                "changed its code meanwhile (or the S3 object was replaced). Run PublishFunction again once the other deployment is done.");
        }
        log.Information("Function {Function} now runs CodeSha256 {CodeSha256}", functionName, codeSha256);
        return (done, true);
    }

    /// <summary>Publishes a version of the function's current code, refused by Lambda unless it has <paramref name="codeSha256"/>.</summary>
    public async Task<FunctionConfiguration> PublishVersionAsync(string functionName, string codeSha256, string description, CancellationToken ct)
    {
        var version = await lambda.PublishVersionAsync(functionName, codeSha256, description, ct);
        log.Information("Function {Function} version {Version} ({Arn}) has CodeSha256 {CodeSha256}", functionName, version.Version, version.FunctionArn, version.CodeSha256);
        return version;
    }

    private async Task<FunctionConfiguration> WaitWhileUpdatingAsync(string functionName, FunctionConfiguration current, CancellationToken ct)
    {
        var waited = TimeSpan.Zero;
        while (current.IsUpdating)
        {
            if (waited >= UpdateTimeLimit)
            {
                throw new LayerException(
                    $"{functionName} was still being updated after {UpdateTimeLimit.TotalMinutes:0} minutes (LastUpdateStatus {current.LastUpdateStatus}, " +
                    $"State {current.State}); check it in the Lambda console and run PublishFunction again.");
            }
            await retry.Delay(PollInterval, ct);
            waited += PollInterval;
            current = await lambda.GetFunctionConfigurationAsync(functionName, ct);
        }
        return current;
    }
}
