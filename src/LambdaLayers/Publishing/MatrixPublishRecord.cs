using System.Text.Json;
using LambdaLayers.FileSystem;
using LambdaLayers.Settings;

namespace LambdaLayers.Publishing;

/// <summary>
/// What PublishLayer did for every entry of a matrix, written to <c>publish.json</c> in the layer build folder (each
/// entry's folder holds the <see cref="PublishRecord"/> of the layer serving it): per entry, the layer version that
/// serves it, and the layers the run published or kept, each with the entries it serves.
/// </summary>
public sealed record MatrixPublishRecord(IReadOnlyList<MatrixPublishRecord.Entry> Entries, IReadOnlyList<MatrixPublishRecord.Layer> Layers)
{
    /// <summary>One entry ("python3.12-arm64") and the record of the layer version serving it.</summary>
    public sealed record Entry(string Name, string Runtime, string Architecture, PublishRecord Deployment);

    /// <summary>One published (or kept) layer version and the entries it serves.</summary>
    public sealed record Layer(string LayerName, string LayerVersionArn, long Version, string Result, IReadOnlyList<string> Entries);

    /// <param name="records">Per entry of <paramref name="matrix"/>, in order, the record of the layer serving it.</param>
    public static MatrixPublishRecord Of(LayerMatrix matrix, IReadOnlyList<PublishRecord> records)
    {
        var entries = matrix.Entries.Select((settings, i) => new Entry(
            settings.MatrixEntry ?? LayerMatrix.EntryName(settings.Runtime, settings.Architecture), settings.Runtime.Name, settings.Architecture.Name, records[i])).ToArray();
        var layers = entries
            .GroupBy(e => e.Deployment.LayerVersionArn, StringComparer.Ordinal)
            .Select(g => new Layer(g.First().Deployment.LayerName, g.Key, g.First().Deployment.Version, g.First().Deployment.Result, g.Select(e => e.Name).ToArray()))
            .ToArray();
        return new MatrixPublishRecord(entries, layers);
    }

    public string ToJson() => JsonSerializer.Serialize(this, PublishRecord.JsonOptions);

    /// <summary>Writes the record whole or not at all (temporary file, then rename).</summary>
    public void Write(string path) => AtomicFile.WriteAllText(path, ToJson());
}
