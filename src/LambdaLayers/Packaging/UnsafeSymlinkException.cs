namespace LambdaLayers.Packaging;

/// <summary>A symbolic link in the layer tree points outside it, nowhere, or back into its own parents.</summary>
public sealed class UnsafeSymlinkException(string linkPath, string message) : LayerException(message)
{
    /// <summary>The link, relative to <c>artifacts/python</c>.</summary>
    public string LinkPath { get; } = linkPath;
}
