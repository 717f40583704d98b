namespace LambdaLayers.Reporting;

/// <summary>
/// Under GitHub Actions, appends the summary to the job's step summary and the layer ARN and version to the
/// step's outputs (<c>steps.&lt;id&gt;.outputs.layer-version-arn</c>), so later steps can use the layer.
/// </summary>
public static class GitHubActionsOutput
{
    public static void Write(LayerRunReport report, IReadOnlyDictionary<string, string> environment)
    {
        if (!environment.TryGetValue("GITHUB_ACTIONS", out var actions) || actions != "true")
        {
            return;
        }
        if (environment.TryGetValue("GITHUB_STEP_SUMMARY", out var summaryPath) && summaryPath.Length > 0)
        {
            File.AppendAllText(summaryPath, report.ToMarkdown() + "\n");
        }
        if (environment.TryGetValue("GITHUB_OUTPUT", out var outputPath) && outputPath.Length > 0 && report.Summary.Deployment is { } deployment)
        {
            File.AppendAllText(outputPath,
                $"layer-arn={deployment.LayerArn}\nlayer-version-arn={deployment.LayerVersionArn}\n" +
                $"layer-version={deployment.Version}\nlayer-result={deployment.Result}\n");
        }
    }

    /// <summary>
    /// The function's summary, and under <c>steps.&lt;id&gt;.outputs</c> where its code is: <c>function-s3-bucket</c>,
    /// <c>function-s3-key</c>, <c>function-s3-version</c>, <c>function-code-sha256</c> (base64, as Lambda and Terraform
    /// take it), <c>function-result</c> and, when one was published, <c>function-version</c>.
    /// </summary>
    public static void Write(FunctionRunReport report, IReadOnlyDictionary<string, string> environment)
    {
        if (!environment.TryGetValue("GITHUB_ACTIONS", out var actions) || actions != "true")
        {
            return;
        }
        if (environment.TryGetValue("GITHUB_STEP_SUMMARY", out var summaryPath) && summaryPath.Length > 0)
        {
            File.AppendAllText(summaryPath, report.ToMarkdown() + "\n");
        }
        if (environment.TryGetValue("GITHUB_OUTPUT", out var outputPath) && outputPath.Length > 0 && report.Summary.Deployment is { } deployment)
        {
            File.AppendAllText(outputPath,
                $"function-s3-bucket={deployment.S3Bucket}\nfunction-s3-key={deployment.S3Key}\nfunction-s3-version={deployment.S3ObjectVersion ?? ""}\n" +
                $"function-code-sha256={deployment.CodeSha256}\nfunction-result={deployment.Result}\n" +
                (deployment.FunctionVersion is null ? "" : $"function-version={deployment.FunctionVersion}\n"));
        }
    }
}
