using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LambdaLayers.Packaging;
using LambdaLayers.Publishing;
using LambdaLayers.Settings;

namespace LambdaLayers.Reporting;

/// <summary>
/// The end-of-run summary of the function stages, as <see cref="LayerRunReport"/> is for the layer's: plain text for
/// a terminal, Markdown for a CI step summary, JSON (the deployment record, or the package report when nothing was
/// published) for --json.
/// </summary>
public sealed class FunctionRunReport(FunctionRunSummary summary)
{
    public FunctionRunSummary Summary { get; } = summary;

    /// <summary>"updated arn:…", "stored s3://…", "packaged function.zip", "skipped as unchanged (function.zip is current)".</summary>
    public string Result
    {
        get
        {
            if (Summary.Deployment is { } deployment)
            {
                var location = $"s3://{deployment.S3Bucket}/{deployment.S3Key}";
                var version = deployment.FunctionVersion is null ? "" : $", version {deployment.FunctionVersion}";
                return deployment.Result switch
                {
                    FunctionPublishRecord.UpdatedResult => $"updated {deployment.FunctionName} to {location}{version}",
                    FunctionPublishRecord.UnchangedResult => $"unchanged: {deployment.FunctionName} already runs {location}{version}",
                    _ => deployment.Uploaded ? $"uploaded {location}" : $"stored {location} (already there)",
                };
            }
            return Summary.Package switch
            {
                { Skipped: true } => "skipped as unchanged (function.zip is current)",
                not null => "packaged function.zip",
                _ => "nothing ran",
            };
        }
    }

    public IReadOnlyList<(string Name, string Value)> Rows()
    {
        var settings = Summary.Settings;
        var rows = new List<(string, string)>
        {
            ("runtime", settings.Runtime.Name),
            ("architecture", settings.Architecture.Name),
            ("tool", settings.Tool.ToString().ToLowerInvariant()),
            ("mode", settings.Mode switch { Settings.BuildMode.CrossPlatform => "cross-platform", var m => m.ToString().ToLowerInvariant() }),
        };
        if (Summary.Package is { } package)
        {
            var report = package.Report;
            rows.Add(("backend", package.Backend));
            rows.Add(("modules", string.Join(", ", package.Modules.Select(m => $"{string.Join(" ", m.Value)} ({m.Key})"))));
            if (package.PathDependencies.Count > 0)
            {
                rows.Add(("path dependencies", string.Join(", ", package.PathDependencies)));
            }
            rows.Add(("dependencies", settings.BundleDependencies ? "bundled in function.zip" : "not in function.zip (from the layer)"));
            rows.Add(("files", report.FileCount.ToString("N0", CultureInfo.InvariantCulture)));
            rows.Add(("unzipped", LayerRunReport.Size(report.UnzippedBytes)));
            rows.Add(("zipped", LayerRunReport.Size(report.ZipBytes)));
            rows.Add(("budget", package.LayerSource is null
                ? $"{100.0 * report.UnzippedBytes / LambdaLimits.UnzippedBytes:0.0}% of Lambda's 250 MB unzipped limit"
                : $"{100.0 * (report.UnzippedBytes + package.LayerBytes) / LambdaLimits.UnzippedBytes:0.0}% of Lambda's 250 MB unzipped limit with the layer ({LayerRunReport.Size(package.LayerBytes)})"));
            rows.AddRange(LayerCheckRows.For(report));
            rows.Add(("CodeSha256", report.CodeSha256));
            rows.Add(("fingerprint", report.Fingerprint));
        }
        if (Summary.Deployment is { } deployment)
        {
            rows.Add(("s3", $"s3://{deployment.S3Bucket}/{deployment.S3Key}" + (deployment.S3ObjectVersion is null ? "" : $" (version {deployment.S3ObjectVersion})")));
            if (deployment.LayerVersionArn is not null)
            {
                rows.Add(("layer", deployment.LayerVersionArn));
            }
            if (deployment.SourceCommit is not null)
            {
                rows.Add(("commit", deployment.SourceCommit));
            }
        }
        foreach (var (stage, duration) in Summary.Durations)
        {
            rows.Add(($"{stage} time", $"{duration.TotalSeconds:0.0} s"));
        }
        rows.Add(("result", Result));
        return rows;
    }

    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine("Lambda function summary");
        var rows = Rows();
        var width = rows.Max(r => r.Name.Length);
        foreach (var (name, value) in rows)
        {
            text.Append("  ").Append(name.PadRight(width)).Append("  ").AppendLine(value);
        }
        return text.ToString();
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("### Lambda function").AppendLine().AppendLine("| | |").AppendLine("|---|---|");
        foreach (var (name, value) in Rows())
        {
            text.Append("| ").Append(name).Append(" | ").Append(value.Replace("|", "\\|")).AppendLine(" |");
        }
        return text.ToString();
    }

    /// <summary>The deployment record when the run published; otherwise the package report.</summary>
    public string ToJson()
    {
        object record = (object?)Summary.Deployment ?? (object?)Summary.Package?.Report ?? new { result = Result };
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        return JsonSerializer.Serialize(record, record.GetType(), options);
    }
}
