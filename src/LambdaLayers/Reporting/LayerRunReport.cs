using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LambdaLayers.Settings;

namespace LambdaLayers.Reporting;

/// <summary>
/// The end-of-run summary as people and scripts read it: plain text for a terminal, Markdown for a CI step
/// summary, JSON (the deployment record, or the package report when nothing was published) for --json.
/// </summary>
public sealed class LayerRunReport(LayerRunSummary summary)
{
    public LayerRunSummary Summary { get; } = summary;

    /// <summary>"published arn:…:3", "unchanged arn:…:2", "packaged", "built", "unchanged".</summary>
    public string Result
    {
        get
        {
            if (Summary.Deployment is { } deployment)
            {
                if (deployment.Result != Publishing.PublishRecord.SkippedResult)
                {
                    return $"published {deployment.LayerVersionArn}";
                }
                return Summary.Build?.Outcome == Pipeline.StageOutcome.LiveLayerCurrent
                    ? $"skipped as unchanged, live version {deployment.LayerVersionArn} (checked before building: nothing built or uploaded)"
                    : $"skipped as unchanged, live version {deployment.LayerVersionArn}";
            }
            if (Summary.Package is { } package)
            {
                return package.Outcome switch
                {
                    Pipeline.StageOutcome.FromCache => $"layer.zip from cache ({package.CacheLocation})",
                    _ when package.Skipped => "skipped as unchanged (layer.zip is current)",
                    _ => "packaged layer.zip",
                };
            }
            return Summary.Build switch
            {
                { Outcome: Pipeline.StageOutcome.FromCache } build => $"layer.zip from cache ({build.CacheLocation}), nothing installed",
                { Skipped: true } => "skipped as unchanged (artifacts are current)",
                _ => "built",
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
            ("mode", settings.Mode.Name()),
        };
        if (Summary.Package?.Report is { } report)
        {
            rows.Add(("files", report.FileCount.ToString("N0", CultureInfo.InvariantCulture)));
            rows.Add(("unzipped", Size(report.UnzippedBytes)));
            rows.Add(("zipped", Size(report.ZipBytes)));
            rows.Add(("budget", $"{100.0 * report.UnzippedBytes / LambdaLimits.UnzippedBytes:0.0}% of Lambda's {LambdaLimits.UnzippedBytes / LambdaLimits.BytesPerMegabyte} MB unzipped limit"));
            rows.Add(("largest", string.Join(", ", report.Distributions.Take(5).Select(d => $"{d.Name} {Size(d.UnzippedBytes)}"))));
            rows.AddRange(LayerCheckRows.For(report));
            rows.Add(("fingerprint", report.Fingerprint));
        }
        else if (Summary.Build is { } build)
        {
            rows.Add(("fingerprint", build.Fingerprint));
        }
        if (Summary.Package?.CacheLocation is { } cache)
        {
            rows.Add(("build cache", Summary.Package.Outcome == Pipeline.StageOutcome.FromCache ? $"from cache {cache}" : $"stored at {cache}"));
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
        text.AppendLine("Lambda layer summary");
        var width = Rows().Max(r => r.Name.Length);
        foreach (var (name, value) in Rows())
        {
            text.Append("  ").Append(name.PadRight(width)).Append("  ").AppendLine(value);
        }
        return text.ToString();
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("### Lambda layer").AppendLine().AppendLine("| | |").AppendLine("|---|---|");
        foreach (var (name, value) in Rows())
        {
            text.Append("| ").Append(name).Append(" | ").Append(value.Replace("|", "\\|")).AppendLine(" |");
        }
        return text.ToString();
    }

    /// <summary>The deployment record when the run published (or found the live layer unchanged); otherwise the package report.</summary>
    public string ToJson()
    {
        object record = (object?)Summary.Deployment ?? (object?)Summary.Package?.Report ?? new { result = Result, fingerprint = Summary.Build?.Fingerprint };
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        if (Summary.Deployment is not null && Summary.Package?.Report is { } package)
        {
            // The deployment record says what went live; the checks of the zip it carries come from PackageLayer.
            var node = JsonSerializer.SerializeToNode(record, record.GetType(), options)!.AsObject();
            node["compatibility"] = JsonSerializer.SerializeToNode(package.Compatibility, options);
            node["smokeTest"] = JsonSerializer.SerializeToNode(package.SmokeTest, options);
            node["bytecode"] = JsonSerializer.SerializeToNode(package.Bytecode, options);
            return node.ToJsonString(options);
        }
        return JsonSerializer.Serialize(record, record.GetType(), options);
    }

    public static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 => $"{bytes / 1048576.0:0.0} MiB",
        >= 1024 => $"{bytes / 1024.0:0.0} KiB",
        _ => $"{bytes} B",
    };
}
