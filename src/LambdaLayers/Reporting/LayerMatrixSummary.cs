using LambdaLayers.Settings;

namespace LambdaLayers.Reporting;

/// <summary>What a run of every entry of a matrix did: each entry's summary, in the matrix's order, and how long each
/// stage took for all entries together.</summary>
public sealed record LayerMatrixSummary(LayerMatrix Matrix, IReadOnlyList<LayerRunSummary> Entries)
{
    public IReadOnlyDictionary<string, TimeSpan> Durations { get; init; } = new Dictionary<string, TimeSpan>();
}
