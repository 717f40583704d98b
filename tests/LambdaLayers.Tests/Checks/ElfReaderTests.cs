using System.Buffers.Binary;
using LambdaLayers.Execution;
using LambdaLayers.Planning;
using LambdaLayers.Checks;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Support;
using LambdaLayers.FileSystem;
using LambdaLayers.Pipeline;
using LambdaLayers.Reporting;
using LambdaLayers.Execution.Containers;
using LambdaLayers.Packaging;

namespace LambdaLayers.Tests.Checks;

/// <summary>
/// The ELF reader against binutils' readelf on objects gcc compiles here, on synthetic ELF32 and
/// big-endian images, and on the native files of Python packages installed on this machine.
/// </summary>
public sealed class ElfReaderTests
{
    private static ElfFile Read(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return ElfReader.TryRead(stream) ?? throw new Xunit.Sdk.XunitException("not read as ELF");
    }

    private static ElfFile ReadFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        return ElfReader.TryRead(stream) ?? throw new Xunit.Sdk.XunitException($"{path} not read as ELF");
    }

    private static void AssertSameAsReadelf(string path, ElfFile elf)
    {
        var header = Readelf.ReadHeader(path);
        Assert.Equal(header.Class, elf.Class == ElfClass.Elf64 ? 64 : 32);
        Assert.Equal(header.LittleEndian, elf.IsLittleEndian);
        Assert.Equal(header.Machine, elf.Machine);
        Assert.Equal(header.Type, elf.Type);
        var expected = Readelf.ReadVersionNeeds(path).Select(n => $"{n.File}: {string.Join(' ', n.Versions)}").ToList();
        var actual = elf.VersionNeeds.Select(n => $"{n.File}: {string.Join(' ', n.Versions)}").ToList();
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("close_range", "GLIBC_2.34")]
    [InlineData("arc4random", "GLIBC_2.36")]
    [InlineData("strlen", "GLIBC_2.2.5")]
    public void Objects_compiled_by_gcc_read_as_readelf_shows_them(string symbol, string expectedVersion)
    {
        var bytes = symbol switch
        {
            "close_range" => NativeObjects.NeedsGlibc234(),
            "arc4random" => NativeObjects.NeedsGlibc236(),
            _ => NativeObjects.Plain(),
        };
        var path = NativeObjects.Save($"reader-{symbol}.so", bytes);

        var elf = ReadFile(path);

        AssertSameAsReadelf(path, elf);
        Assert.Equal(ElfMachines.X86_64, elf.Machine);
        Assert.Contains(elf.VersionNeeds, n => n.File == "libc.so.6" && n.Versions.Contains(expectedVersion));
    }

    [Fact]
    public void An_object_patched_to_aarch64_reads_as_aarch64_like_readelf_says()
    {
        var path = NativeObjects.Save("reader-aarch64.so", NativeObjects.WithMachine(NativeObjects.NeedsGlibc234(), ElfMachines.AArch64));

        var elf = ReadFile(path);

        AssertSameAsReadelf(path, elf);
        Assert.Equal(ElfMachines.AArch64, elf.Machine);
        Assert.Equal("aarch64 (arm64)", ElfMachines.Describe(elf.Machine));
    }

    [Theory]
    [InlineData(false, true, (ushort)40)]   // ELF32 little-endian ARM
    [InlineData(false, false, (ushort)20)]  // ELF32 big-endian PowerPC
    [InlineData(true, false, (ushort)21)]   // ELF64 big-endian PowerPC64
    [InlineData(true, false, (ushort)22)]   // ELF64 big-endian s390x
    [InlineData(true, true, (ushort)183)]   // ELF64 little-endian AArch64
    public void Elf32_and_big_endian_images_read_as_readelf_shows_them(bool is64, bool littleEndian, ushort machine)
    {
        var bytes = SyntheticElf.Build(is64, littleEndian, machine,
        [
            new("libc.so.6", "GLIBC_2.17", "GLIBC_2.34"),
            new("libm.so.6", "GLIBC_2.29"),
        ]);
        var path = NativeObjects.Save($"reader-synthetic-{is64}-{littleEndian}-{machine}.so", bytes);

        var elf = ReadFile(path);

        AssertSameAsReadelf(path, elf);
        Assert.Equal(is64 ? ElfClass.Elf64 : ElfClass.Elf32, elf.Class);
        Assert.Equal(["libc.so.6", "libm.so.6"], elf.VersionNeeds.Select(n => n.File));
        Assert.Equal(["GLIBC_2.17", "GLIBC_2.34"], elf.VersionNeeds[0].Versions);
    }

    [Fact]
    public void Native_files_of_installed_python_packages_read_as_readelf_shows_them()
    {
        var files = InstalledNativeFiles().Take(40).ToList();
        TestEnvironment.Require(files.Count > 0, "Native files (*.so) of installed Python packages");

        foreach (var file in files)
        {
            AssertSameAsReadelf(file, ReadFile(file));
        }
        Assert.Contains(files, f => ReadFile(f).VersionNeeds.Any(n => n.Versions.Any(v => v.StartsWith("GLIBC_", StringComparison.Ordinal))));
    }

    [Fact]
    public void A_large_library_is_read_by_seeking_not_whole()
    {
        // A real object followed by 200 MB of (sparse) space, with its section table moved to the very end.
        var original = SyntheticElf.Build(true, true, ElfMachines.X86_64, [new("libc.so.6", "GLIBC_2.2.5", "GLIBC_2.28")]);
        var tableOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(original.AsSpan(40));
        const long movedTable = 200L * 1024 * 1024;
        var path = NativeObjects.Save("reader-large.so", []);
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write))
        {
            var head = original[..(int)tableOffset];
            BinaryPrimitives.WriteUInt64LittleEndian(head.AsSpan(40), movedTable);
            file.Write(head);
            file.Position = movedTable;
            file.Write(original.AsSpan((int)tableOffset));
        }

        using var counting = new CountingStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0));
        var elf = ElfReader.TryRead(counting)!;

        Assert.Equal(["GLIBC_2.2.5", "GLIBC_2.28"], elf.VersionNeeds.Single().Versions);
        Assert.True(counting.BytesRead < 64 * 1024, $"read {counting.BytesRead} bytes of a {new FileInfo(path).Length}-byte file");
        AssertSameAsReadelf(path, elf);
    }

    [Fact]
    public void Files_without_the_elf_magic_are_not_elf()
    {
        Assert.Null(ElfReader.TryRead(new MemoryStream("print('hello')\n"u8.ToArray())));
        Assert.Null(ElfReader.TryRead(new MemoryStream([])));
        Assert.Null(ElfReader.TryRead(new MemoryStream([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1])));
    }

    [Fact]
    public void A_stripped_section_table_leaves_the_machine_readable_and_no_version_needs()
    {
        var elf = Read(SyntheticElf.Build(true, true, ElfMachines.AArch64, [new("libc.so.6", "GLIBC_2.34")], withSections: false));

        Assert.False(elf.HasSectionHeaders);
        Assert.Equal(ElfMachines.AArch64, elf.Machine);
        Assert.Empty(elf.VersionNeeds);
    }

    public static TheoryData<string> MalformedCases => ["cut in the header", "bad class", "bad byte order", "table past the end", "short section headers", "links outside the section", "string without end", "string table link out of range"];

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public void Malformed_elf_files_are_an_error_saying_what_is_wrong(string damage)
    {
        var good = SyntheticElf.Build(true, true, ElfMachines.X86_64, [new("libc.so.6", "GLIBC_2.17", "GLIBC_2.34")]);
        var bytes = (byte[])good.Clone();
        var tableOffset = (int)BinaryPrimitives.ReadUInt64LittleEndian(good.AsSpan(40));
        var verneedHeader = tableOffset + 2 * 64;
        var verneedOffset = (int)BinaryPrimitives.ReadUInt64LittleEndian(good.AsSpan(verneedHeader + 24));
        var dynstrHeader = tableOffset + 64;
        switch (damage)
        {
            case "cut in the header":
                bytes = good[..30];
                break;
            case "bad class":
                bytes[4] = 7;
                break;
            case "bad byte order":
                bytes[5] = 0;
                break;
            case "table past the end":
                bytes = good[..(tableOffset + 100)];
                break;
            case "short section headers":
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(58), 16);
                break;
            case "links outside the section":
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(verneedOffset + 8), 4000); // vn_aux far outside
                break;
            case "string without end":
                // The string table ends right after "libc.so.6" without its terminating zero.
                BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(dynstrHeader + 32), 10);
                break;
            case "string table link out of range":
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(verneedHeader + 40), 99);
                break;
        }

        var error = Assert.Throws<InvalidElfException>(() => Read(bytes));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void A_version_chain_that_would_loop_stops_at_the_section_bounds()
    {
        // sh_info claims 1000 entries and vn_next keeps pointing forward: the walk must end at the section's end.
        var bytes = SyntheticElf.Build(true, true, ElfMachines.X86_64, [new("libc.so.6", "GLIBC_2.17")]);
        var tableOffset = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(40));
        var verneedHeader = tableOffset + 2 * 64;
        var verneedOffset = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(verneedHeader + 24));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(verneedHeader + 44), 1000);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(verneedOffset + 12), 32); // just past the section

        Assert.Throws<InvalidElfException>(() => Read(bytes));
    }

    /// <summary>Native files of the Python packages installed here, found through the interpreters themselves.</summary>
    private static IEnumerable<string> InstalledNativeFiles()
    {
        var interpreters = new List<string>();
        if (ProgramLocator.FindOnPath("python3") is { } python3)
        {
            interpreters.Add(python3);
        }
        foreach (var runtime in LambdaRuntimes.All)
        {
            var settings = new LayerSettings { ProjectDirectory = Path.GetTempPath(), PyProjectPath = "", Tool = ToolKind.Pip, Runtime = runtime };
            if (PythonInterpreterLocator.FindExact(settings) is { } python)
            {
                interpreters.Add(python);
            }
        }
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var python in interpreters)
        {
            var result = ToolProcess.Run(python, ["-c",
                "import site, sysconfig; p = sysconfig.get_paths(); print(p['platlib']); print(p['purelib']); print(p['platstdlib'] + '/lib-dynload'); print('\\n'.join(site.getsitepackages()))"],
                Path.GetTempPath());
            if (result.ExitCode == 0)
            {
                foreach (var line in result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (Directory.Exists(line))
                    {
                        folders.Add(line);
                    }
                }
            }
        }
        return folders
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.so", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }).Order(StringComparer.Ordinal).Take(8))
            .Distinct(StringComparer.Ordinal);
    }

    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => inner.CanRead;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            BytesRead += n;
            return n;
        }

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            BytesRead += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
