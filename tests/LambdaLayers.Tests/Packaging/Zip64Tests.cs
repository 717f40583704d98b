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
