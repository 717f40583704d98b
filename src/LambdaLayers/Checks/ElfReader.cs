using System.Buffers.Binary;
using System.Text;

namespace LambdaLayers.Checks;

/// <summary>
/// A small streaming ELF reader: the file header, the section header table and the GNU version needs
/// (<c>SHT_GNU_verneed</c>, the <c>.gnu.version_r</c> section) with the strings they name. It seeks to
/// each structure and reads only that, so a 500 MB shared library costs a few kilobytes of reading and
/// never sits in memory whole. ELF32 and ELF64 in either byte order are read (System V gABI; the GNU
/// version structures are the same 16 bytes in both classes).
/// <para>
/// Written here because the served ELF libraries do not decode version needs (ELFSharp) or load whole
/// files (LibObjectFile); see DESIGN §3. <c>readelf -h</c> and <c>readelf -V</c> print the same facts and
/// the tests compare against them.
/// </para>
/// </summary>
public static class ElfReader
{
    /// <summary><c>sh_type</c> of the GNU version needs section.</summary>
    public const uint VersionNeedSectionType = 0x6ffffffe;

    private const int IdentLength = 16;
    private const int Elf32HeaderLength = 52;
    private const int Elf64HeaderLength = 64;
    private const int Elf32SectionHeaderLength = 40;
    private const int Elf64SectionHeaderLength = 64;
    private const int VersionRecordLength = 16; // Elf{32,64}_Verneed and Elf{32,64}_Vernaux alike

    // Bounds that no real object comes near; they turn a corrupt count or size into an error instead of
    // a long loop or a large allocation.
    private const long MaxVersionSectionBytes = 1 << 20;
    private const int MaxStringBytes = 4096;
    private const int SectionTableChunkBytes = 64 * 1024;

    /// <summary>True when <paramref name="bytes"/> begins with the ELF magic <c>0x7f 'E' 'L' 'F'</c>.</summary>
    public static bool StartsWithMagic(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 4 && bytes[0] == 0x7f && bytes[1] == (byte)'E' && bytes[2] == (byte)'L' && bytes[3] == (byte)'F';

    /// <summary>
    /// Reads an ELF file from a seekable stream. Returns null when the stream does not start with the ELF
    /// magic; throws <see cref="InvalidElfException"/> when it does but the file is cut short or malformed.
    /// I/O errors of the stream pass through.
    /// </summary>
    public static ElfFile? TryRead(Stream stream)
    {
        if (!stream.CanSeek || !stream.CanRead)
        {
            throw new ArgumentException("The ELF reader needs a readable, seekable stream.", nameof(stream));
        }
        Span<byte> header = stackalloc byte[Elf64HeaderLength];
        var read = ReadAt(stream, 0, header);
        if (!StartsWithMagic(header[..read]))
        {
            return null;
        }
        if (read < IdentLength)
        {
            throw new InvalidElfException($"the file ends after {read} bytes, inside the 16-byte ELF identification");
        }
        var elfClass = header[4] switch
        {
            1 => ElfClass.Elf32,
            2 => ElfClass.Elf64,
            var other => throw new InvalidElfException($"the ELF class byte is {other}, neither 1 (32-bit) nor 2 (64-bit)"),
        };
        var littleEndian = header[5] switch
        {
            1 => true,
            2 => false,
            var other => throw new InvalidElfException($"the ELF data byte is {other}, neither 1 (little-endian) nor 2 (big-endian)"),
        };
        var is64 = elfClass == ElfClass.Elf64;
        var headerLength = is64 ? Elf64HeaderLength : Elf32HeaderLength;
        if (read < headerLength)
        {
            throw new InvalidElfException($"the file ends after {read} bytes, inside the {headerLength}-byte ELF header");
        }
        var fields = new Fields(littleEndian);
        var type = fields.U16(header, 16);
        var machine = fields.U16(header, 18);
        var sectionTableOffset = is64 ? fields.U64(header, 40) : fields.U32(header, 32);
        var sectionHeaderLength = fields.U16(header, is64 ? 58 : 46);
        ulong sectionCount = fields.U16(header, is64 ? 60 : 48);

        if (sectionTableOffset == 0)
        {
            return new ElfFile(elfClass, littleEndian, type, machine, HasSectionHeaders: false, []);
        }
        var minimumSectionHeader = is64 ? Elf64SectionHeaderLength : Elf32SectionHeaderLength;
        if (sectionHeaderLength < minimumSectionHeader)
        {
            throw new InvalidElfException($"its section headers are {sectionHeaderLength} bytes long, less than the {minimumSectionHeader} an ELF{(is64 ? 64 : 32)} section header has");
        }
        var length = stream.Length;
        if (sectionTableOffset > (ulong)length)
        {
            throw new InvalidElfException($"its section header table starts at byte {sectionTableOffset}, beyond the end of the {length}-byte file");
        }
        var tableStart = (long)sectionTableOffset;
        if (sectionCount == 0)
        {
            // Extended numbering (gABI): with 0xff00 or more sections, e_shnum is 0 and section 0's sh_size holds the count.
            sectionCount = ReadSection(stream, fields, is64, tableStart, sectionHeaderLength, length).Size;
        }
        if (sectionCount > (ulong)((length - tableStart) / sectionHeaderLength))
        {
            throw new InvalidElfException($"its section header table ({sectionCount} headers of {sectionHeaderLength} bytes from byte {tableStart}) runs past the end of the {length}-byte file");
        }

        var sections = ReadSectionTable(stream, fields, is64, tableStart, sectionHeaderLength, (long)sectionCount);
        var needs = new List<ElfVersionNeed>();
        foreach (var section in sections.Where(s => s.Type == VersionNeedSectionType))
        {
            if (section.Link >= sections.Count)
            {
                throw new InvalidElfException($"its version needs section links to string table section {section.Link}, but there are only {sections.Count} sections");
            }
            needs.AddRange(ReadVersionNeeds(stream, fields, section, sections[(int)section.Link], length));
        }
        return new ElfFile(elfClass, littleEndian, type, machine, HasSectionHeaders: true, needs);
    }

    private static List<Section> ReadSectionTable(Stream stream, Fields fields, bool is64, long start, int entryLength, long count)
    {
        var sections = new List<Section>((int)Math.Min(count, 4096));
        var perChunk = Math.Max(1, SectionTableChunkBytes / entryLength);
        var chunk = new byte[(int)Math.Min(count, perChunk) * entryLength];
        for (long first = 0; first < count; first += perChunk)
        {
            var entries = (int)Math.Min(perChunk, count - first);
            var span = chunk.AsSpan(0, entries * entryLength);
            ReadExactlyAt(stream, start + first * entryLength, span, "the section header table");
            for (var i = 0; i < entries; i++)
            {
                sections.Add(ParseSection(span.Slice(i * entryLength, entryLength), fields, is64));
            }
        }
        return sections;
    }

    private static Section ReadSection(Stream stream, Fields fields, bool is64, long offset, int entryLength, long fileLength)
    {
        if (offset + entryLength > fileLength)
        {
            throw new InvalidElfException($"its first section header (at byte {offset}) runs past the end of the {fileLength}-byte file");
        }
        Span<byte> entry = stackalloc byte[entryLength];
        ReadExactlyAt(stream, offset, entry, "the first section header");
        return ParseSection(entry, fields, is64);
    }

    private static Section ParseSection(ReadOnlySpan<byte> entry, Fields fields, bool is64) => is64
        ? new Section(fields.U32(entry, 4), fields.U64(entry, 24), fields.U64(entry, 32), fields.U32(entry, 40), fields.U32(entry, 44))
        : new Section(fields.U32(entry, 4), fields.U32(entry, 16), fields.U32(entry, 20), fields.U32(entry, 24), fields.U32(entry, 28));

    /// <summary>
    /// Walks the Elf_Verneed chain (<c>vn_next</c>) and each entry's Elf_Vernaux chain (<c>vna_next</c>).
    /// The walk stays inside the section and stops after <c>sh_info</c> entries (or at a zero link), so a
    /// corrupt link cannot make it loop.
    /// </summary>
    private static List<ElfVersionNeed> ReadVersionNeeds(Stream stream, Fields fields, Section section, Section strings, long fileLength)
    {
        if (section.Size > MaxVersionSectionBytes)
        {
            throw new InvalidElfException($"its version needs section is {section.Size} bytes long, far more than any real object needs");
        }
        RequireInside(section, fileLength, "version needs section");
        RequireInside(strings, fileLength, "string table of the version needs");
        var data = new byte[section.Size];
        ReadExactlyAt(stream, (long)section.Offset, data, "the version needs section");

        var needs = new List<ElfVersionNeed>();
        var maxEntries = section.Info == 0 ? data.Length / VersionRecordLength : (int)Math.Min(section.Info, (uint)(data.Length / VersionRecordLength));
        long at = 0;
        for (var entry = 0; entry < maxEntries; entry++)
        {
            RequireRecord(at, data.Length, "a version need entry");
            var record = data.AsSpan((int)at, VersionRecordLength);
            var count = fields.U16(record, 2);
            var file = ReadString(stream, strings, fields.U32(record, 4));
            var versions = new List<string>(count);
            var auxAt = at + fields.U32(record, 8);
            for (var aux = 0; aux < count; aux++)
            {
                RequireRecord(auxAt, data.Length, "a version need's auxiliary entry");
                var auxRecord = data.AsSpan((int)auxAt, VersionRecordLength);
                versions.Add(ReadString(stream, strings, fields.U32(auxRecord, 8)));
                var nextAux = fields.U32(auxRecord, 12);
                if (nextAux == 0)
                {
                    break;
                }
                auxAt += nextAux;
            }
            needs.Add(new ElfVersionNeed(file, versions));
            var next = fields.U32(record, 12);
            if (next == 0)
            {
                break;
            }
            at += next;
        }
        return needs;
    }

    private static string ReadString(Stream stream, Section strings, uint index)
    {
        if (index >= strings.Size)
        {
            throw new InvalidElfException($"a version name points to byte {index} of a {strings.Size}-byte string table");
        }
        var available = (int)Math.Min((ulong)MaxStringBytes, strings.Size - index);
        Span<byte> buffer = stackalloc byte[available];
        var read = ReadAt(stream, (long)(strings.Offset + index), buffer);
        var end = buffer[..read].IndexOf((byte)0);
        if (end < 0)
        {
            throw new InvalidElfException($"a version name at byte {index} of the string table has no terminating zero within {available} bytes");
        }
        return Encoding.UTF8.GetString(buffer[..end]);
    }

    private static void RequireInside(Section section, long fileLength, string what)
    {
        if (section.Offset > (ulong)fileLength || section.Size > (ulong)fileLength - section.Offset)
        {
            throw new InvalidElfException($"its {what} ({section.Size} bytes from byte {section.Offset}) runs past the end of the {fileLength}-byte file");
        }
    }

    private static void RequireRecord(long offset, int sectionLength, string what)
    {
        if (offset < 0 || offset + VersionRecordLength > sectionLength)
        {
            throw new InvalidElfException($"{what} at byte {offset} lies outside the {sectionLength}-byte version needs section");
        }
    }

    private static int ReadAt(Stream stream, long offset, Span<byte> buffer)
    {
        stream.Position = offset;
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer[total..]);
            if (n == 0)
            {
                break;
            }
            total += n;
        }
        return total;
    }

    private static void ReadExactlyAt(Stream stream, long offset, Span<byte> buffer, string what)
    {
        var read = ReadAt(stream, offset, buffer);
        if (read < buffer.Length)
        {
            throw new InvalidElfException($"the file ends inside {what} ({read} of {buffer.Length} bytes from byte {offset})");
        }
    }

    private readonly record struct Section(uint Type, ulong Offset, ulong Size, uint Link, uint Info);

    private readonly struct Fields(bool littleEndian)
    {
        public ushort U16(ReadOnlySpan<byte> bytes, int at) => littleEndian
            ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[at..])
            : BinaryPrimitives.ReadUInt16BigEndian(bytes[at..]);

        public uint U32(ReadOnlySpan<byte> bytes, int at) => littleEndian
            ? BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..])
            : BinaryPrimitives.ReadUInt32BigEndian(bytes[at..]);

        public ulong U64(ReadOnlySpan<byte> bytes, int at) => littleEndian
            ? BinaryPrimitives.ReadUInt64LittleEndian(bytes[at..])
            : BinaryPrimitives.ReadUInt64BigEndian(bytes[at..]);
    }
}
