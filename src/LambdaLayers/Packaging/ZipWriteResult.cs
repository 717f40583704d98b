namespace LambdaLayers.Packaging;

/// <summary>The outcome of writing a zip: every entry in the order written, and how many bytes the writer wrote.</summary>
public sealed record ZipWriteResult(IReadOnlyList<ZipWrittenEntry> Entries, long ArchiveBytes, bool UsedZip64);
