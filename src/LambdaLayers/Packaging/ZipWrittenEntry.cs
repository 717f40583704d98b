namespace LambdaLayers.Packaging;

/// <summary>What was stored for one entry: its sizes, CRC-32 and whether it was deflated or stored.</summary>
public sealed record ZipWrittenEntry(string ZipPath, long UncompressedSize, long CompressedSize, uint Crc32, bool Deflated);
