namespace LambdaLayers.Packaging;

/// <summary>
/// A file of <c>artifacts/python</c> that stays out of the zip: its tree-relative path, its size, and the
/// excluded distribution it belongs to (null when an exclude pattern removed it).
/// </summary>
public sealed record LeftOutFile(string RelativePath, long Size, string? Distribution);
