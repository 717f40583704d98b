using System.Text;

namespace LambdaLayers.Benchmarks;

/// <summary>
/// Generates a deterministic site-packages-like tree of mixed content: Python source (text that deflates
/// about 4-5×), already-compressed blobs (random bytes, as in bundled .gz/.png/.whl data) and .so-like
/// native libraries (code-like byte patterns, string tables, zero padding and some random data, which
/// deflate about 2×), spread over 40 distributions with dist-info folders. The native files are valid ELF
/// to the compatibility check: an x86_64 header, and a section table with GNU version needs at the end.
/// </summary>
public static class BenchmarkTree
{
    /// <summary>Bumped when the generator changes, so an old tree on disk is regenerated.</summary>
    private const string GeneratorVersion = "4";

    public sealed record Stats(int Files, long Bytes);

    public static Stats Ensure(string pythonDirectory, int sourceFiles = 13_000, int blobFiles = 2_200, int nativeFiles = 45)
    {
        var marker = Path.Combine(Path.GetDirectoryName(pythonDirectory)!, $".generated-{GeneratorVersion}-{sourceFiles}-{blobFiles}-{nativeFiles}");
        if (!File.Exists(marker))
        {
            if (Directory.Exists(pythonDirectory))
            {
                Directory.Delete(pythonDirectory, recursive: true);
            }
            Generate(pythonDirectory, sourceFiles, blobFiles, nativeFiles);
            File.WriteAllText(marker, "");
        }
        var files = Directory.EnumerateFiles(pythonDirectory, "*", SearchOption.AllDirectories).Select(f => new FileInfo(f)).ToList();
        return new Stats(files.Count, files.Sum(f => f.Length));
    }

    private static void Generate(string root, int sourceFiles, int blobFiles, int nativeFiles)
    {
        const int distributions = 40;
        var random = new Random(20240601);
        var words = Vocabulary(random);
        var owned = Enumerable.Range(0, distributions).Select(_ => new List<(string Path, long Size)>()).ToArray();

        void Write(int dist, string relative, byte[] content)
        {
            var path = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, content);
            owned[dist].Add((relative, content.Length));
        }

        for (var i = 0; i < sourceFiles; i++)
        {
            var dist = i % distributions;
            // Many small modules, a few large ones: 1-8 KB mostly, up to ~40 KB.
            var size = random.Next(10) == 0 ? random.Next(8_000, 40_000) : random.Next(600, 8_000);
            Write(dist, $"pkg{dist:00}/sub{i % 17}/mod_{i}.py", PythonSource(random, words, size));
        }
        for (var i = 0; i < blobFiles; i++)
        {
            var dist = i % distributions;
            var blob = new byte[random.Next(2_000, 34_000)];
            random.NextBytes(blob);
            Write(dist, $"pkg{dist:00}/data/blob_{i}.gz", blob);
        }
        for (var i = 0; i < nativeFiles; i++)
        {
            var dist = i % distributions;
            Write(dist, $"pkg{dist:00}/_native_{i}.cpython-312-x86_64-linux-gnu.so", NativeLibrary(random, words, random.Next(500_000, 1_800_000)));
        }
        for (var dist = 0; dist < distributions; dist++)
        {
            var distInfo = $"pkg{dist:00}-1.{dist}.0.dist-info";
            var metadata = $"Metadata-Version: 2.1\nName: pkg{dist:00}\nVersion: 1.{dist}.0\nRequires-Dist: pkg{(dist + 1) % distributions:00}\n\n";
            Write(dist, $"{distInfo}/METADATA", Encoding.UTF8.GetBytes(metadata));
            var record = string.Concat(owned[dist].Select(f => $"{f.Path},sha256=-,{f.Size}\n")) + $"{distInfo}/RECORD,,\n";
            Write(dist, $"{distInfo}/RECORD", Encoding.UTF8.GetBytes(record));
        }
    }

    private static string[] Vocabulary(Random random)
    {
        string[] common =
        [
            "self", "value", "result", "request", "response", "config", "data", "items", "index", "name", "key",
            "args", "kwargs", "options", "context", "session", "client", "handler", "error", "message", "path",
            "buffer", "stream", "token", "parser", "node", "schema", "field", "record", "cache", "timeout",
        ];
        var generated = Enumerable.Range(0, 600).Select(_ =>
        {
            var length = random.Next(3, 11);
            var chars = new char[length];
            for (var c = 0; c < length; c++)
            {
                chars[c] = (char)('a' + random.Next(26));
            }
            return new string(chars);
        });
        return common.Concat(generated).ToArray();
    }

    private static byte[] PythonSource(Random random, string[] words, int size)
    {
        string W() => words[random.Next(words.Length) % (random.Next(3) == 0 ? 31 : words.Length)];
        var text = new StringBuilder(size + 256);
        text.Append("# -*- coding: utf-8 -*-\n\"\"\"Module ").Append(W()).Append(" — generated for the packaging benchmark.\"\"\"\n\n")
            .Append("import ").Append(W()).Append('\n').Append("from ").Append(W()).Append('.').Append(W()).Append(" import ").Append(W()).Append("\n\n");
        while (text.Length < size)
        {
            switch (random.Next(8))
            {
                case 0:
                    text.Append("\n\nclass ").Append(char.ToUpperInvariant(W()[0])).Append(W()).Append('(').Append(W()).Append("):\n")
                        .Append("    \"\"\"").Append(W()).Append(' ').Append(W()).Append(' ').Append(W()).Append(" of the ").Append(W()).Append(".\"\"\"\n");
                    break;
                case 1:
                    text.Append("\n    def ").Append(W()).Append('_').Append(W()).Append("(self, ").Append(W()).Append(", ").Append(W()).Append("=None):\n");
                    break;
                case 2:
                    text.Append("        if ").Append(W()).Append(" is not None and ").Append(W()).Append(" > ").Append(random.Next(1000)).Append(":\n")
                        .Append("            return self.").Append(W()).Append('.').Append(W()).Append('(').Append(W()).Append(")\n");
                    break;
                case 3:
                    text.Append("        ").Append(W()).Append(" = [").Append(W()).Append(" for ").Append(W()).Append(" in ").Append(W()).Append(" if ").Append(W()).Append("]\n");
                    break;
                case 4:
                    text.Append("        raise ").Append(W()).Append("Error(f\"").Append(W()).Append(' ').Append(W()).Append(" {").Append(W()).Append("!r}\")\n");
                    break;
                case 5:
                    text.Append("        # ").Append(W()).Append(' ').Append(W()).Append(' ').Append(W()).Append(' ').Append(W()).Append('\n');
                    break;
                case 6:
                    text.Append("        ").Append(W()).Append("[\"").Append(W()).Append("\"] = ").Append(random.Next(100_000)).Append('\n');
                    break;
                default:
                    text.Append("        self.").Append(W()).Append(" = ").Append(W()).Append('.').Append(W()).Append("(").Append(W()).Append(", ").Append(W()).Append("=").Append(W()).Append(")\n");
                    break;
            }
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] NativeLibrary(Random random, string[] words, int size)
    {
        var bytes = new byte[size];
        // A small "instruction set" of byte patterns with varying operands, like machine code.
        var patterns = Enumerable.Range(0, 300).Select(_ =>
        {
            var p = new byte[random.Next(2, 8)];
            random.NextBytes(p);
            return p;
        }).ToArray();
        var at = 0;
        bytes[0] = 0x7f; bytes[1] = (byte)'E'; bytes[2] = (byte)'L'; bytes[3] = (byte)'F';
        at = 64;
        while (at < size)
        {
            var section = random.Next(100);
            var length = Math.Min(size - at, random.Next(4_000, 60_000));
            if (section < 55)
            {
                var end = at + length;
                while (at < end)
                {
                    var p = patterns[(int)Math.Pow(random.NextDouble(), 2) * patterns.Length];
                    var n = Math.Min(p.Length, end - at);
                    p.AsSpan(0, n).CopyTo(bytes.AsSpan(at));
                    at += n;
                    if (at < end && random.Next(3) == 0)
                    {
                        bytes[at++] = (byte)random.Next(256); // operand
                    }
                }
            }
            else if (section < 70)
            {
                var end = at + length;
                while (at < end)
                {
                    var s = Encoding.ASCII.GetBytes("_Py" + words[random.Next(words.Length)] + "_" + words[random.Next(words.Length)] + "\0");
                    var n = Math.Min(s.Length, end - at);
                    s.AsSpan(0, n).CopyTo(bytes.AsSpan(at));
                    at += n;
                }
            }
            else if (section < 80)
            {
                at += length; // zero padding between sections
            }
            else
            {
                random.NextBytes(bytes.AsSpan(at, length)); // constant tables, compressed resources
                at += length;
            }
        }
        WriteElfStructure(bytes);
        return bytes;
    }

    // An ELF64 x86_64 header at the start; .dynstr, .gnu.version_r (libc.so.6: GLIBC_2.2.5, GLIBC_2.17)
    // and a three-entry section table at the end, where linkers put the table.
    private static void WriteElfStructure(byte[] bytes)
    {
        static void U16(byte[] b, int at, int v) => System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), (ushort)v);
        static void U32(byte[] b, int at, long v) => System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), (uint)v);
        static void U64(byte[] b, int at, long v) => System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at), (ulong)v);

        var dynstr = Encoding.ASCII.GetBytes("\0libc.so.6\0GLIBC_2.2.5\0GLIBC_2.17\0");
        var tableAt = bytes.Length - 3 * 64;
        var verneedAt = tableAt - 48;
        var dynstrAt = verneedAt - dynstr.Length;
        bytes.AsSpan(0, 64).Clear();
        "\u007fELF"u8.CopyTo(bytes);
        bytes[4] = 2; bytes[5] = 1; bytes[6] = 1;
        U16(bytes, 16, 3); U16(bytes, 18, 62); U32(bytes, 20, 1);
        U64(bytes, 40, tableAt); U16(bytes, 52, 64); U16(bytes, 58, 64); U16(bytes, 60, 3);
        dynstr.CopyTo(bytes, dynstrAt);
        bytes.AsSpan(verneedAt, 48 + 3 * 64).Clear();
        U16(bytes, verneedAt, 1); U16(bytes, verneedAt + 2, 2); U32(bytes, verneedAt + 4, 1); U32(bytes, verneedAt + 8, 16);
        U32(bytes, verneedAt + 16 + 8, 11); U32(bytes, verneedAt + 16 + 12, 16);
        U32(bytes, verneedAt + 32 + 8, 23);
        var dynstrHeader = tableAt + 64;
        U32(bytes, dynstrHeader + 4, 3); U64(bytes, dynstrHeader + 24, dynstrAt); U64(bytes, dynstrHeader + 32, dynstr.Length);
        var verneedHeader = tableAt + 128;
        U32(bytes, verneedHeader + 4, 0x6ffffffe); U64(bytes, verneedHeader + 24, verneedAt); U64(bytes, verneedHeader + 32, 48);
        U32(bytes, verneedHeader + 40, 1); U32(bytes, verneedHeader + 44, 1);
    }
}
