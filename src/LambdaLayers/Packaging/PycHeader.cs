using System.Buffers.Binary;

namespace LambdaLayers.Packaging;

/// <summary>
/// The 16-byte header of a <c>.pyc</c> file (PEP 552): a two-byte magic number for the Python version followed
/// by <c>\r\n</c>, a 32-bit little-endian flags word, then either the source's mtime and size (flags 0) or
/// a SipHash of the source (flags 1: hash-based, unchecked; 3: hash-based, checked against the source on
/// import). Only flags 1 never looks at the source or at file times, which is what a reproducible layer needs.
/// </summary>
public sealed record PycHeader(ushort Magic, uint Flags)
{
    public const int Length = 16;

    /// <summary>Flags word of a hash-based pyc that the import system uses without checking the source.</summary>
    public const uint UncheckedHash = 1;

    public bool IsUncheckedHash => Flags == UncheckedHash;

    /// <summary>The header of a pyc file, or null when the file is shorter than a header or lacks the <c>\r\n</c> marker.</summary>
    public static PycHeader? Read(string path)
    {
        Span<byte> header = stackalloc byte[Length];
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var read = 0;
        while (read < Length)
        {
            var n = RandomAccess.Read(file, header[read..], read);
            if (n == 0)
            {
                return null;
            }
            read += n;
        }
        return Parse(header);
    }

    public static PycHeader? Parse(ReadOnlySpan<byte> header)
    {
        if (header.Length < Length || header[2] != (byte)'\r' || header[3] != (byte)'\n')
        {
            return null;
        }
        return new PycHeader(BinaryPrimitives.ReadUInt16LittleEndian(header), BinaryPrimitives.ReadUInt32LittleEndian(header[4..]));
    }
}
