namespace LambdaLayers.Packaging;

/// <summary>
/// One file to store in a zip: its path inside the zip ('/' separators, relative), the file its bytes
/// come from, its size when the tree was scanned, and the Unix permission bits to record (0644 or 0755).
/// </summary>
public sealed record ZipEntrySource(string ZipPath, string SourcePath, long Size, int UnixMode);
