using LambdaLayers.Settings;

namespace LambdaLayers.Pipeline;

/// <summary>
/// A stage of one matrix entry failed: the entry's own error, led by the entry's name
/// (<c>python3.12-arm64: No wheel of fastcalc …</c>), so a run of several entries says which one to look at.
/// </summary>
public sealed class MatrixEntryException : LayerException
{
    public MatrixEntryException(LayerSettings entry, LayerException failure)
        : base($"{entry.MatrixEntry ?? LayerMatrix.EntryName(entry.Runtime, entry.Architecture)}: {failure.Message}", failure)
    {
        Entry = entry.MatrixEntry ?? LayerMatrix.EntryName(entry.Runtime, entry.Architecture);
    }

    /// <summary>The entry's name, "python3.12-arm64".</summary>
    public string Entry { get; }
}
