using LambdaLayers.Packaging;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Packaging;

public sealed class Zip64Tests
{
    [Fact]
    public async Task More_than_65535_entries_use_zip64_end_records_that_python_and_unzip_read()
    {
        const int count = 65_600;
        var folder = Path.Combine(Path.GetTempPath(), "ll-zip64-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        try
        {
            var source = Path.Combine(folder, "one.txt");
            await File.WriteAllTextAsync(source, "same small content\n", TestContext.Current.CancellationToken);
            // One source file stored under many names keeps the test fast; the writer reads it per entry.
            var entries = Enumerable.Range(0, count)
                .Select(i => new ZipEntrySource($"python/d{i / 1000:000}/f{i:00000}.txt", source, 19, 0b110_100_100))
                .ToList();
            var zipPath = Path.Combine(folder, "many.zip");
            ZipWriteResult result;
            await using (var output = File.Create(zipPath))
            {
                result = await new DeterministicZipWriter().WriteAsync(entries, output, CancellationToken.None);
            }

            Assert.True(result.UsedZip64);
            Assert.Equal(count, result.Entries.Count);
            Assert.Equal(new FileInfo(zipPath).Length, result.ArchiveBytes);

            var listing = PythonZipReader.Read(zipPath);
            Assert.Null(listing.Bad);
            Assert.Equal(count, listing.Entries.Count);
            Assert.Equal("python/d000/f00000.txt", listing.Entries[0].Name);
            Assert.Equal("python/d065/f65599.txt", listing.Entries[^1].Name);

            var unzip = TestEnvironment.RequireProgram("unzip");
            var unzipList = PythonZipReader.Run(unzip, "-l", zipPath);
            Assert.Contains($"{count} files", unzipList);
            var test = PythonZipReader.Run(unzip, "-tq", zipPath);
            Assert.Contains("No errors detected", test);
            var zipinfo = TestEnvironment.RequireProgram("zipinfo");
            var info = PythonZipReader.Run(zipinfo, "-t", zipPath);
            Assert.Contains($"{count} files", info);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Entries_at_offsets_past_4_GiB_carry_zip64_offsets_that_python_and_unzip_follow()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ll-zip64-offset-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        try
        {
            var source = Path.Combine(folder, "a.py");
            await File.WriteAllTextAsync(source, string.Concat(Enumerable.Repeat("print('offset')\n", 50)), TestContext.Current.CancellationToken);
            var zipPath = Path.Combine(folder, "far.zip");
            ZipWriteResult result;
            await using (var output = new FileStream(zipPath, FileMode.Create, FileAccess.ReadWrite))
            {
                // A sparse 4.5 GiB gap before the zip: its entries and directory lie past 4 GiB without
                // writing gigabytes.
                output.Seek(4_500_000_000, SeekOrigin.Begin);
                result = await new DeterministicZipWriter().WriteAsync(
                    [
                        new ZipEntrySource("python/a.py", source, new FileInfo(source).Length, 0b110_100_100),
                        new ZipEntrySource("python/b.py", source, new FileInfo(source).Length, 0b111_101_101),
                    ], output, CancellationToken.None);
            }

            Assert.True(result.UsedZip64);
            var listing = PythonZipReader.Read(zipPath);
            Assert.Null(listing.Bad);
            Assert.Equal(["python/a.py", "python/b.py"], listing.Entries.Select(e => e.Name));
            var unzip = TestEnvironment.RequireProgram("unzip");
            Assert.Contains("No errors detected", PythonZipReader.Run(unzip, "-tq", zipPath));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task An_entry_of_4_GiB_or_more_gets_zip64_sizes_in_both_headers()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ll-zip64-big-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        try
        {
            // A sparse file of zeros: 4 GiB + 1 MiB that takes no disk space and deflates to a few MB.
            var source = Path.Combine(folder, "huge.bin");
            const long size = (4L << 30) + (1 << 20);
            await using (var file = new FileStream(source, FileMode.Create, FileAccess.Write))
            {
                file.SetLength(size);
            }
            var zipPath = Path.Combine(folder, "huge.zip");
            ZipWriteResult result;
            await using (var output = new FileStream(zipPath, FileMode.Create, FileAccess.ReadWrite))
            {
                result = await new DeterministicZipWriter { CompressionLevel = 1 }.WriteAsync(
                    [new ZipEntrySource("python/huge.bin", source, size, 0b110_100_100)], output, CancellationToken.None);
            }

            Assert.True(result.UsedZip64);
            var entry = Assert.Single(result.Entries);
            Assert.Equal(size, entry.UncompressedSize);
            Assert.True(entry.Deflated);
            // Python checks the sizes and CRC-32 of every byte (testzip) and the ZIP64 extra fields.
            var listing = PythonZipReader.Read(zipPath);
            Assert.Null(listing.Bad);
            Assert.Equal(size, Assert.Single(listing.Entries).Size);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Fewer_entries_keep_the_classic_end_record()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ll-zip32-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        try
        {
            var source = Path.Combine(folder, "a.txt");
            await File.WriteAllTextAsync(source, "a", TestContext.Current.CancellationToken);
            using var output = new MemoryStream();
            var result = await new DeterministicZipWriter().WriteAsync(
                [new ZipEntrySource("python/a.txt", source, 1, 0b110_100_100)], output, CancellationToken.None);
            Assert.False(result.UsedZip64);
            var bytes = output.ToArray();
            Assert.Equal(bytes.Length, result.ArchiveBytes);
            // local header 30+12, stored data 1, central header 46+12, end record 22
            Assert.Equal(30 + 12 + 1 + 46 + 12 + 22, bytes.Length);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Unsafe_entry_paths_are_refused()
    {
        foreach (var path in new[] { "/etc/passwd", "python/../x", "python//x", "python\\x", "./x" })
        {
            var error = await Assert.ThrowsAsync<LayerException>(() => new DeterministicZipWriter().WriteAsync(
                [new ZipEntrySource(path, "/nonexistent", 0, 0b110_100_100)], new MemoryStream(), CancellationToken.None));
            Assert.Contains(path, error.Message);
        }
    }
}
