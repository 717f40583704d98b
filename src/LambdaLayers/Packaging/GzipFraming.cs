using System.Buffers.Binary;
using System.IO.Compression;

namespace LambdaLayers.Packaging;

/// <summary>
/// Compresses through <see cref="GZipStream"/> and splits its output into the raw deflate body a zip entry
/// stores and the CRC-32 of the input from the gzip trailer (RFC 1952). This gets the zip's CRC-32 from
/// zlib-ng's vectorised implementation, in the same pass as the compression, without a CRC package
/// (System.IO.Hashing is not served here) or a second pass over the bytes.
/// </summary>
internal static class GzipFraming
{
    /// <summary>A header with no optional fields (FLG = 0), which is what zlib writes: 10 bytes.</summary>
    public const int HeaderLength = 10;

    /// <summary>CRC-32 and ISIZE, little-endian.</summary>
    public const int TrailerLength = 8;

    public static GZipStream Compressor(Stream output, int level) =>
        new(output, new ZLibCompressionOptions { CompressionLevel = level, CompressionStrategy = ZLibCompressionStrategy.Default }, leaveOpen: true);

    public static void CheckHeader(ReadOnlySpan<byte> header)
    {
        if (header.Length < HeaderLength || header[0] != 0x1f || header[1] != 0x8b || header[2] != 8 || header[3] != 0)
        {
            throw new InvalidOperationException("zlib wrote a gzip header with optional fields; the packager expects a bare 10-byte header.");
        }
    }

    public static uint TrailerCrc(ReadOnlySpan<byte> trailer) => BinaryPrimitives.ReadUInt32LittleEndian(trailer);

    /// <summary>ISIZE: the input length modulo 2^32, a cross-check that the whole file was compressed.</summary>
    public static uint TrailerSize(ReadOnlySpan<byte> trailer) => BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
}
