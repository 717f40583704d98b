using System.Buffers.Binary;
using System.Text;

namespace LambdaLayers.Packaging;

/// <summary>
/// The byte layout of the zip records this packager writes (PKWARE APPNOTE 6.3.x §4.3), with every field
/// that could carry local state fixed: one DOS timestamp, Unix "made by", no extra fields but ZIP64, no
/// data descriptors, no comments.
/// </summary>
internal static class ZipFormat
{
    public const uint LocalHeaderSignature = 0x04034b50;
    public const uint CentralHeaderSignature = 0x02014b50;
    public const uint EndOfCentralDirectorySignature = 0x06054b50;
    public const uint Zip64EndOfCentralDirectorySignature = 0x06064b50;
    public const uint Zip64LocatorSignature = 0x07064b50;

    public const ushort MethodStored = 0;
    public const ushort MethodDeflated = 8;

    // 1980-01-01 00:00:00, the earliest DOS date: a timestamp that says nothing about when or where the
    // zip was built. Date = (year-1980)<<9 | month<<5 | day; time = 0.
    public const ushort DosTime = 0;
    public const ushort DosDate = (0 << 9) | (1 << 5) | 1;

    // "Version made by": high byte 3 = Unix, so extractors read the external attributes as st_mode even
    // when the zip was built on Windows; low byte 45 = APPNOTE 4.5 (ZIP64-aware).
    public const ushort VersionMadeBy = (3 << 8) | 45;

    public const ushort VersionNeededStored = 10;
    public const ushort VersionNeededDeflated = 20;
    public const ushort VersionNeededZip64 = 45;

    // Bit 11: file name is UTF-8. Set only for names that are not plain ASCII, as Info-ZIP does.
    public const ushort FlagUtf8 = 1 << 11;

    public const ushort Zip64ExtraTag = 0x0001;

    public const uint Max32 = 0xFFFFFFFF;
    public const ushort Max16 = 0xFFFF;

    public const int LocalHeaderFixedLength = 30;
    public const int CentralHeaderFixedLength = 46;

    /// <summary>S_IFREG: the file-type bits of st_mode for a regular file.</summary>
    public const int UnixRegularFile = 0x8000;

    public static ushort Flags(string name) => name.All(c => c < 0x80) ? (ushort)0 : FlagUtf8;

    public static byte[] NameBytes(string name) => Encoding.UTF8.GetBytes(name);

    /// <summary>
    /// A local file header. When <paramref name="zip64Sizes"/> is set the sizes are 0xFFFFFFFF and a
    /// ZIP64 extra field carries both (APPNOTE 4.5.3 requires both in the local header).
    /// </summary>
    public static byte[] LocalHeader(byte[] name, ushort flags, ushort versionNeeded, ushort method, uint crc,
        long compressedSize, long uncompressedSize, bool zip64Sizes)
    {
        var extraLength = zip64Sizes ? 20 : 0;
        var header = new byte[LocalHeaderFixedLength + name.Length + extraLength];
        var s = header.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(s[0..], LocalHeaderSignature);
        BinaryPrimitives.WriteUInt16LittleEndian(s[4..], versionNeeded);
        BinaryPrimitives.WriteUInt16LittleEndian(s[6..], flags);
        BinaryPrimitives.WriteUInt16LittleEndian(s[8..], method);
        BinaryPrimitives.WriteUInt16LittleEndian(s[10..], DosTime);
        BinaryPrimitives.WriteUInt16LittleEndian(s[12..], DosDate);
        BinaryPrimitives.WriteUInt32LittleEndian(s[14..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(s[18..], zip64Sizes ? Max32 : (uint)compressedSize);
        BinaryPrimitives.WriteUInt32LittleEndian(s[22..], zip64Sizes ? Max32 : (uint)uncompressedSize);
        BinaryPrimitives.WriteUInt16LittleEndian(s[26..], (ushort)name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(s[28..], (ushort)extraLength);
        name.CopyTo(s[30..]);
        if (zip64Sizes)
        {
            var e = s[(30 + name.Length)..];
            BinaryPrimitives.WriteUInt16LittleEndian(e[0..], Zip64ExtraTag);
            BinaryPrimitives.WriteUInt16LittleEndian(e[2..], 16);
            BinaryPrimitives.WriteUInt64LittleEndian(e[4..], (ulong)uncompressedSize);
            BinaryPrimitives.WriteUInt64LittleEndian(e[12..], (ulong)compressedSize);
        }
        return header;
    }

    /// <summary>
    /// A central directory header. Each of uncompressed size, compressed size and local header offset
    /// that does not fit 32 bits is 0xFFFFFFFF here and stored, in that order, in the ZIP64 extra field.
    /// </summary>
    public static void WriteCentralHeader(Stream output, CentralEntry entry)
    {
        var bigUncompressed = entry.UncompressedSize >= Max32;
        var bigCompressed = entry.CompressedSize >= Max32;
        var bigOffset = entry.LocalHeaderOffset >= Max32;
        var zip64Fields = (bigUncompressed ? 1 : 0) + (bigCompressed ? 1 : 0) + (bigOffset ? 1 : 0);
        var extraLength = zip64Fields == 0 ? 0 : 4 + 8 * zip64Fields;
        var header = new byte[CentralHeaderFixedLength + entry.Name.Length + extraLength];
        var s = header.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(s[0..], CentralHeaderSignature);
        BinaryPrimitives.WriteUInt16LittleEndian(s[4..], VersionMadeBy);
        BinaryPrimitives.WriteUInt16LittleEndian(s[6..], entry.VersionNeeded);
        BinaryPrimitives.WriteUInt16LittleEndian(s[8..], entry.Flags);
        BinaryPrimitives.WriteUInt16LittleEndian(s[10..], entry.Method);
        BinaryPrimitives.WriteUInt16LittleEndian(s[12..], DosTime);
        BinaryPrimitives.WriteUInt16LittleEndian(s[14..], DosDate);
        BinaryPrimitives.WriteUInt32LittleEndian(s[16..], entry.Crc32);
        BinaryPrimitives.WriteUInt32LittleEndian(s[20..], bigCompressed ? Max32 : (uint)entry.CompressedSize);
        BinaryPrimitives.WriteUInt32LittleEndian(s[24..], bigUncompressed ? Max32 : (uint)entry.UncompressedSize);
        BinaryPrimitives.WriteUInt16LittleEndian(s[28..], (ushort)entry.Name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(s[30..], (ushort)extraLength);
        BinaryPrimitives.WriteUInt16LittleEndian(s[32..], 0); // comment length
        BinaryPrimitives.WriteUInt16LittleEndian(s[34..], 0); // disk number start
        BinaryPrimitives.WriteUInt16LittleEndian(s[36..], 0); // internal attributes
        BinaryPrimitives.WriteUInt32LittleEndian(s[38..], (uint)(UnixRegularFile | entry.UnixMode) << 16);
        BinaryPrimitives.WriteUInt32LittleEndian(s[42..], bigOffset ? Max32 : (uint)entry.LocalHeaderOffset);
        entry.Name.CopyTo(s[46..]);
        if (zip64Fields > 0)
        {
            var e = s[(46 + entry.Name.Length)..];
            BinaryPrimitives.WriteUInt16LittleEndian(e[0..], Zip64ExtraTag);
            BinaryPrimitives.WriteUInt16LittleEndian(e[2..], (ushort)(8 * zip64Fields));
            var at = 4;
            if (bigUncompressed) { BinaryPrimitives.WriteUInt64LittleEndian(e[at..], (ulong)entry.UncompressedSize); at += 8; }
            if (bigCompressed) { BinaryPrimitives.WriteUInt64LittleEndian(e[at..], (ulong)entry.CompressedSize); at += 8; }
            if (bigOffset) { BinaryPrimitives.WriteUInt64LittleEndian(e[at..], (ulong)entry.LocalHeaderOffset); }
        }
        output.Write(header);
    }

    /// <summary>
    /// The end records. ZIP64 end record and locator are written only when a count or offset does not fit
    /// the classic record (more than 65,534 entries, or a directory at or past 4 GiB), so small layers
    /// stay readable by the oldest extractors. The records follow the central directory directly.
    /// </summary>
    public static bool WriteEnd(Stream output, long entryCount, long centralDirectoryOffset, long centralDirectorySize)
    {
        var zip64 = entryCount >= Max16 || centralDirectoryOffset >= Max32 || centralDirectorySize >= Max32;
        if (zip64)
        {
            var zip64EndOffset = centralDirectoryOffset + centralDirectorySize;
            var record = new byte[56 + 20];
            var s = record.AsSpan();
            BinaryPrimitives.WriteUInt32LittleEndian(s[0..], Zip64EndOfCentralDirectorySignature);
            BinaryPrimitives.WriteUInt64LittleEndian(s[4..], 44); // size of the rest of this record
            BinaryPrimitives.WriteUInt16LittleEndian(s[12..], VersionMadeBy);
            BinaryPrimitives.WriteUInt16LittleEndian(s[14..], VersionNeededZip64);
            BinaryPrimitives.WriteUInt32LittleEndian(s[16..], 0); // this disk
            BinaryPrimitives.WriteUInt32LittleEndian(s[20..], 0); // disk with the central directory
            BinaryPrimitives.WriteUInt64LittleEndian(s[24..], (ulong)entryCount);
            BinaryPrimitives.WriteUInt64LittleEndian(s[32..], (ulong)entryCount);
            BinaryPrimitives.WriteUInt64LittleEndian(s[40..], (ulong)centralDirectorySize);
            BinaryPrimitives.WriteUInt64LittleEndian(s[48..], (ulong)centralDirectoryOffset);
            var locator = s[56..];
            BinaryPrimitives.WriteUInt32LittleEndian(locator[0..], Zip64LocatorSignature);
            BinaryPrimitives.WriteUInt32LittleEndian(locator[4..], 0);
            BinaryPrimitives.WriteUInt64LittleEndian(locator[8..], (ulong)zip64EndOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(locator[16..], 1); // total disks
            output.Write(record);
        }
        var end = new byte[22];
        var t = end.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(t[0..], EndOfCentralDirectorySignature);
        BinaryPrimitives.WriteUInt16LittleEndian(t[4..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(t[6..], 0);
        var count = entryCount >= Max16 ? Max16 : (ushort)entryCount;
        BinaryPrimitives.WriteUInt16LittleEndian(t[8..], count);
        BinaryPrimitives.WriteUInt16LittleEndian(t[10..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(t[12..], centralDirectorySize >= Max32 ? Max32 : (uint)centralDirectorySize);
        BinaryPrimitives.WriteUInt32LittleEndian(t[16..], centralDirectoryOffset >= Max32 ? Max32 : (uint)centralDirectoryOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(t[20..], 0); // comment length
        output.Write(end);
        return zip64;
    }

    /// <summary>What the central directory needs to remember of an entry written earlier.</summary>
    public sealed record CentralEntry(byte[] Name, ushort Flags, ushort VersionNeeded, ushort Method, uint Crc32,
        long CompressedSize, long UncompressedSize, long LocalHeaderOffset, int UnixMode);
}
