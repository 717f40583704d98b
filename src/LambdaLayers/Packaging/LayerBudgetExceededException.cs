namespace LambdaLayers.Packaging;

/// <summary>The layer's unzipped size exceeds what Lambda leaves for it; thrown before anything is written.</summary>
public sealed class LayerBudgetExceededException(string message, long unzippedBytes, long limitBytes) : LayerException(message)
{
    public long UnzippedBytes { get; } = unzippedBytes;

    public long LimitBytes { get; } = limitBytes;
}
