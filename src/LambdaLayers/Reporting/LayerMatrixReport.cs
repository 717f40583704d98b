using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LambdaLayers.Pipeline;
using LambdaLayers.Publishing;
using LambdaLayers.Settings;

namespace LambdaLayers.Reporting;

/// <summary>
/// The end-of-run report of a whole run, as both front ends print it. A run of one entry is exactly the single
/// layer's <see cref="LayerRunReport"/> (rows, JSON record, GitHub outputs), so nothing changes for a run without a
/// matrix. A run of several entries is a table with one row per entry (runtime, architecture, files, sizes, share of
/// the 250 MB budget, result, layer version ARN), followed by the layers published or kept and which entries each
/// serves; its JSON and GitHub outputs carry every entry, keyed by the entry's name.
/// </summary>
public sealed class LayerMatrixReport(LayerMatrixSummary summary)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public LayerMatrixSummary Summary { get; } = summary;

    /// <summary>The report of the only entry, when the run has one.</summary>
    public LayerRunReport? Single => Summary.Entries.Count == 1 ? new LayerRunReport(Summary.Entries[0]) : null;

    public static readonly IReadOnlyList<string> Columns = ["runtime", "architecture", "files", "unzipped", "zipped", "budget", "result", "layer version"];

    /// <summary>One row per entry, in the order of <see cref="Columns"/>.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Table() => Summary.Entries.Select(entry =>
    {
        var report = entry.Package?.Report;
        return (IReadOnlyList<string>)
        [
            entry.Settings.Runtime.Name,
            entry.Settings.Architecture.Name,
            report is null ? "—" : report.FileCount.ToString("N0", CultureInfo.InvariantCulture),
            report is null ? "—" : LayerRunReport.Size(report.UnzippedBytes),
            report is null ? "—" : LayerRunReport.Size(report.ZipBytes),
            report is null ? "—" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * report.UnzippedBytes / LambdaLimits.UnzippedBytes:0.0}%"),
            ShortResult(entry),
            entry.Deployment?.LayerVersionArn ?? "—",
        ];
    }).ToArray();

    /// <summary>"published", "unchanged (live, nothing built)", "packaged", "from cache", "built", "unchanged".</summary>
    public static string ShortResult(LayerRunSummary entry)
    {
        if (entry.Deployment is { } deployment)
        {
            return deployment.Result != PublishRecord.SkippedResult ? "published"
                : entry.Build?.Outcome == StageOutcome.LiveLayerCurrent ? "unchanged (live, nothing built)"
                : "unchanged";
        }
        if (entry.Package is { } package)
        {
            return package.Outcome switch
            {
                StageOutcome.FromCache => "from cache",
                StageOutcome.LiveLayerCurrent => "live layer current",
                _ when package.Skipped => "unchanged",
                _ => "packaged",
            };
        }
        return entry.Build switch
        {
            { Outcome: StageOutcome.FromCache } => "from cache",
            { Outcome: StageOutcome.LiveLayerCurrent } => "live layer current",
            { Skipped: true } => "unchanged",
            _ => "built",
        };
    }

    /// <summary>The layers the run published or kept, each with the entries it serves, in entry order.</summary>
    public IReadOnlyList<(PublishRecord Deployment, IReadOnlyList<string> Entries)> Layers() => Summary.Entries
        .Where(e => e.Deployment is not null)
        .GroupBy(e => e.Deployment!.LayerVersionArn, StringComparer.Ordinal)
        .Select(g => (g.First().Deployment!, (IReadOnlyList<string>)g.Select(EntryName).ToArray()))
        .ToArray();

    public string ToText()
    {
        if (Single is { } single)
        {
            return single.ToText();
        }
        var table = Table();
        var widths = Columns.Select((column, c) => Math.Max(column.Length, table.Max(row => row[c].Length))).ToArray();
        var text = new StringBuilder().AppendLine();
        text.Append("Lambda layer summary: ").Append(Heading()).AppendLine();
        foreach (var row in table.Prepend(Columns))
        {
            text.Append("  ").AppendJoin("  ", row.Select((cell, c) => c == row.Count - 1 ? cell : cell.PadRight(widths[c])).ToArray()).AppendLine();
        }
        foreach (var (deployment, entries) in Layers())
        {
            text.Append("  layer ").Append(deployment.LayerName).Append(" version ").Append(deployment.Version.ToString(CultureInfo.InvariantCulture))
                .Append(" (").Append(deployment.Result == PublishRecord.SkippedResult ? "unchanged" : "published").Append(") serves ")
                .AppendJoin(", ", entries).AppendLine();
        }
        if (Summary.Durations.Count > 0)
        {
            text.Append("  time: ").AppendJoin(", ", Summary.Durations.Select(d => $"{d.Key} {d.Value.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s")).AppendLine();
        }
        return text.ToString();
    }

    public string ToMarkdown()
    {
        if (Single is { } single)
        {
            return single.ToMarkdown();
        }
        var text = new StringBuilder();
        text.Append("### Lambda layers: ").Append(Heading()).AppendLine().AppendLine();
        text.Append("| ").AppendJoin(" | ", Columns).AppendLine(" |");
        text.Append('|').AppendJoin("", Columns.Select(_ => "---|")).AppendLine();
        foreach (var row in Table())
        {
            text.Append("| ").AppendJoin(" | ", row.Select(cell => cell.Replace("|", "\\|"))).AppendLine(" |");
        }
        var layers = Layers();
        if (layers.Count > 0)
        {
            text.AppendLine();
            foreach (var (deployment, entries) in layers)
            {
                text.Append("- `").Append(deployment.LayerVersionArn).Append("` (").Append(deployment.Result).Append(") serves ").AppendJoin(", ", entries).AppendLine();
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// One entry: the single report's JSON (the deployment record, else the package report). Several: every entry
    /// with its runtime, architecture, result, fingerprint, package report and deployment record, and the layers.
    /// </summary>
    public string ToJson()
    {
        if (Single is { } single)
        {
            return single.ToJson();
        }
        var document = new
        {
            entries = Summary.Entries.Select(entry => new
            {
                entry = EntryName(entry),
                runtime = entry.Settings.Runtime.Name,
                architecture = entry.Settings.Architecture.Name,
                result = ShortResult(entry),
                fingerprint = entry.Package?.Report?.Fingerprint ?? entry.Build?.Fingerprint,
                buildDirectory = entry.Settings.Layout.BuildDirectory,
                package = entry.Package?.Report,
                deployment = entry.Deployment,
            }).ToArray(),
            layers = Layers().Select(l => new { layerName = l.Deployment.LayerName, layerVersionArn = l.Deployment.LayerVersionArn, version = l.Deployment.Version, result = l.Deployment.Result, entries = l.Entries }).ToArray(),
        };
        return JsonSerializer.Serialize(document, JsonOptions);
    }

    /// <summary>
    /// The GitHub step outputs: <c>layer-arn</c>, <c>layer-version-arn</c>, <c>layer-version</c> and <c>layer-result</c>.
    /// One entry: the values themselves. Several: each a one-line JSON object keyed by entry name
    /// (<c>{"python3.12-x86_64":"arn:…:1","python3.12-arm64":"arn:…:1"}</c>), which <c>fromJSON()</c> reads.
    /// </summary>
    public IReadOnlyList<(string Name, string Value)> Outputs()
    {
        if (Single is { } single)
        {
            return single.Summary.Deployment is { } deployment
                ? [("layer-arn", deployment.LayerArn), ("layer-version-arn", deployment.LayerVersionArn),
                   ("layer-version", deployment.Version.ToString(CultureInfo.InvariantCulture)), ("layer-result", deployment.Result)]
                : [];
        }
        var published = Summary.Entries.Where(e => e.Deployment is not null).ToArray();
        if (published.Length == 0)
        {
            return [];
        }
        string Map(Func<PublishRecord, object> value) =>
            JsonSerializer.Serialize(published.ToDictionary(EntryName, e => value(e.Deployment!)));
        return
        [
            ("layer-arn", Map(d => d.LayerArn)),
            ("layer-version-arn", Map(d => d.LayerVersionArn)),
            ("layer-version", Map(d => d.Version)),
            ("layer-result", Map(d => d.Result)),
        ];
    }

    // "2 entries (pip, cross-platform)"
    private string Heading()
    {
        var settings = Summary.Matrix.Settings;
        return $"{Summary.Entries.Count} entries ({settings.Tool.ToString().ToLowerInvariant()}, {settings.Mode.Name()})";
    }

    private static string EntryName(LayerRunSummary entry) =>
        entry.Settings.MatrixEntry ?? Settings.LayerMatrix.EntryName(entry.Settings.Runtime, entry.Settings.Architecture);
}
