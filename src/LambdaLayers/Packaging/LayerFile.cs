namespace LambdaLayers.Packaging;

/// <summary>
/// A regular file of the layer tree: its path relative to <c>artifacts/python</c> ('/' separators), the
/// file its bytes are read from (the link target for a symbolic link), its size and Unix mode (0644/0755).
/// </summary>
public sealed record LayerFile(string RelativePath, string SourcePath, long Size, int UnixMode);
