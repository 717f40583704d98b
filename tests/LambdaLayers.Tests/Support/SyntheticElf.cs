using System.Buffers.Binary;
using System.Text;

namespace LambdaLayers.Tests.Support;

/// <summary>
/// Writes small ELF images of any class and byte order, with a <c>.dynstr</c>, a <c>.gnu.version_r</c>
/// (SHT_GNU_verneed) section and a <c>.shstrtab</c>, laid out as the System V gABI and the GNU symbol
/// versioning spec describe. gcc here only targets x86_64, so these are how the ELF32 and big-endian
/// paths of the reader are compared with readelf.
/// </summary>
public static class SyntheticElf
{
    public sealed record Need(string File, params string[] Versions);

    public static byte[] Build(bool is64, bool littleEndian, ushort machine, IReadOnlyList<Need> needs, bool withSections = true)
    {
        var headerLength = is64 ? 64 : 52;
        var sectionHeaderLength = is64 ? 64 : 40;

        // .dynstr: every file and version name once.
        var dynstr = new List<byte> { 0 };
        var stringOffsets = new Dictionary<string, int>();
        int StringOffset(string text)
        {
            if (!stringOffsets.TryGetValue(text, out var offset))
            {
                offset = stringOffsets[text] = dynstr.Count;
                dynstr.AddRange(Encoding.ASCII.GetBytes(text));
                dynstr.Add(0);
            }
            return offset;
        }

        // .gnu.version_r: Elf_Verneed entries, each followed by its Elf_Vernaux entries (16 bytes each).
        var verneed = new List<byte>();
        var versionIndex = (ushort)2;
        for (var i = 0; i < needs.Count; i++)
        {
            var need = needs[i];
            var entry = new byte[16];
            U16(entry, 0, 1, littleEndian);
            U16(entry, 2, (ushort)need.Versions.Length, littleEndian);
            U32(entry, 4, (uint)StringOffset(need.File), littleEndian);
            U32(entry, 8, 16, littleEndian);
            U32(entry, 12, i == needs.Count - 1 ? 0u : (uint)(16 + 16 * need.Versions.Length), littleEndian);
            verneed.AddRange(entry);
            for (var j = 0; j < need.Versions.Length; j++)
            {
                var aux = new byte[16];
                U32(aux, 0, ElfHash(need.Versions[j]), littleEndian);
                U16(aux, 4, 0, littleEndian);
                U16(aux, 6, versionIndex++, littleEndian);
                U32(aux, 8, (uint)StringOffset(need.Versions[j]), littleEndian);
                U32(aux, 12, j == need.Versions.Length - 1 ? 0u : 16u, littleEndian);
                verneed.AddRange(aux);
            }
        }
        var shstrtab = Encoding.ASCII.GetBytes("\0.dynstr\0.gnu.version_r\0.shstrtab\0");

        var image = new List<byte>(new byte[headerLength]);
        Align(image, 8);
        var dynstrOffset = image.Count;
        image.AddRange(dynstr);
        Align(image, 8);
        var verneedOffset = image.Count;
        image.AddRange(verneed);
        Align(image, 8);
        var shstrtabOffset = image.Count;
        image.AddRange(shstrtab);
        Align(image, 8);
        var sectionTableOffset = image.Count;
        var sections = new (uint Name, uint Type, long Offset, long Size, uint Link, uint Info, long Align)[]
        {
            (0, 0, 0, 0, 0, 0, 0),
            (1, 3, dynstrOffset, dynstr.Count, 0, 0, 1),
            (9, 0x6ffffffe, verneedOffset, verneed.Count, 1, (uint)needs.Count, is64 ? 8 : 4),
            (24, 3, shstrtabOffset, shstrtab.Length, 0, 0, 1),
        };
        if (withSections)
        {
            foreach (var section in sections)
            {
                var header = new byte[sectionHeaderLength];
                U32(header, 0, section.Name, littleEndian);
                U32(header, 4, section.Type, littleEndian);
                if (is64)
                {
                    U64(header, 24, (ulong)section.Offset, littleEndian);
                    U64(header, 32, (ulong)section.Size, littleEndian);
                    U32(header, 40, section.Link, littleEndian);
                    U32(header, 44, section.Info, littleEndian);
                    U64(header, 48, (ulong)section.Align, littleEndian);
                }
                else
                {
                    U32(header, 16, (uint)section.Offset, littleEndian);
                    U32(header, 20, (uint)section.Size, littleEndian);
                    U32(header, 24, section.Link, littleEndian);
                    U32(header, 28, section.Info, littleEndian);
                    U32(header, 32, (uint)section.Align, littleEndian);
                }
                image.AddRange(header);
            }
        }

        var bytes = image.ToArray();
        bytes[0] = 0x7f;
        bytes[1] = (byte)'E';
        bytes[2] = (byte)'L';
        bytes[3] = (byte)'F';
        bytes[4] = (byte)(is64 ? 2 : 1);
        bytes[5] = (byte)(littleEndian ? 1 : 2);
        bytes[6] = 1; // EI_VERSION
        U16(bytes, 16, 3, littleEndian); // ET_DYN
        U16(bytes, 18, machine, littleEndian);
        U32(bytes, 20, 1, littleEndian); // e_version
        if (is64)
        {
            U64(bytes, 40, withSections ? (ulong)sectionTableOffset : 0, littleEndian);
            U16(bytes, 52, (ushort)headerLength, littleEndian);
            U16(bytes, 58, (ushort)sectionHeaderLength, littleEndian);
            U16(bytes, 60, (ushort)(withSections ? sections.Length : 0), littleEndian);
            U16(bytes, 62, (ushort)(withSections ? 3 : 0), littleEndian);
        }
        else
        {
            U32(bytes, 32, withSections ? (uint)sectionTableOffset : 0, littleEndian);
            U16(bytes, 40, (ushort)headerLength, littleEndian);
            U16(bytes, 46, (ushort)sectionHeaderLength, littleEndian);
            U16(bytes, 48, (ushort)(withSections ? sections.Length : 0), littleEndian);
            U16(bytes, 50, (ushort)(withSections ? 3 : 0), littleEndian);
        }
        return bytes;
    }

    /// <summary>The System V ELF hash of a name, as vna_hash holds it.</summary>
    public static uint ElfHash(string name)
    {
        uint h = 0;
        foreach (var c in Encoding.ASCII.GetBytes(name))
        {
            h = (h << 4) + c;
            var g = h & 0xf0000000;
            if (g != 0)
            {
                h ^= g >> 24;
            }
            h &= ~g;
        }
        return h;
    }

    private static void Align(List<byte> bytes, int alignment)
    {
        while (bytes.Count % alignment != 0)
        {
            bytes.Add(0);
        }
    }

    private static void U16(byte[] bytes, int at, ushort value, bool littleEndian)
    {
        if (littleEndian) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), value);
        else BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at), value);
    }

    private static void U32(byte[] bytes, int at, uint value, bool littleEndian)
    {
        if (littleEndian) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), value);
        else BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at), value);
    }

    private static void U64(byte[] bytes, int at, ulong value, bool littleEndian)
    {
        if (littleEndian) BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at), value);
        else BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(at), value);
    }
}
