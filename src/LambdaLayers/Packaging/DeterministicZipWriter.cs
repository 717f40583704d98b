using System.Buffers;
using System.Threading.Channels;
using LambdaLayers.FileSystem;

namespace LambdaLayers.Packaging;

/// <summary>
/// Writes a zip whose bytes depend only on the entries' paths, contents and modes: entries in ordinal
/// order of their zip path, one fixed timestamp (1980-01-01 00:00), Unix "made by" with st_mode in the
/// external attributes, no extra fields except ZIP64 where a value does not fit, no directory entries
/// (Lambda extracts parents of every file itself, and leaving them out means an empty folder can never
/// make two trees zip differently), one compression level, and "stored" wherever deflate does not shrink
/// an entry.
/// <para>
/// Entries are compressed in parallel on all cores and written in order. A byte window bounds how much
/// compressed data waits for the writer; entries above <see cref="InMemoryEntryLimit"/> are streamed
/// straight into the output by the writer (with their local header patched afterwards), so memory stays
/// bounded whatever the tree holds.
/// </para>
/// <para>
/// Byte-for-byte reproducibility assumes the same deflate implementation: .NET ships zlib-ng inside the
/// runtime on every OS, so the same .NET runtime gives the same bytes on Linux, macOS and Windows; a
/// different zlib-ng may compress differently (the packager format version covers our own choices).
/// </para>
/// </summary>
public sealed class DeterministicZipWriter
{
    /// <summary>
    /// zlib level 6, the level Info-ZIP's <c>zip</c> uses by default. Measured on the mixed benchmark tree
    /// (docs/package.md): zlib-ng's level 6 is within 2% of <c>zip -r -X</c>'s size at a fraction of its time.
    /// </summary>
    public const int DefaultCompressionLevel = 6;

    public int CompressionLevel { get; init; } = DefaultCompressionLevel;

    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Entries up to this size (at most 1 GiB) are read and compressed whole in memory by the parallel
    /// workers; larger ones are streamed by the writer.
    /// </summary>
    public long InMemoryEntryLimit
    {
        get => _inMemoryEntryLimit;
        init => _inMemoryEntryLimit = Math.Clamp(value, 0, 1L << 30);
    }

    private readonly long _inMemoryEntryLimit = 16L * 1024 * 1024;

    /// <summary>Most bytes of entries in flight between the workers and the writer.</summary>
    public long WindowBytes { get; init; } = 96L * 1024 * 1024;

    public async Task<ZipWriteResult> WriteAsync(IEnumerable<ZipEntrySource> entries, Stream output, CancellationToken ct)
    {
        var ordered = entries.OrderBy(e => e.ZipPath, StringComparer.Ordinal).ToList();
        Validate(ordered);

        using var failure = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var token = failure.Token;
        var window = new ByteWindow(WindowBytes);
        var workers = new SemaphoreSlim(Math.Max(1, MaxParallelism));
        var queue = Channel.CreateBounded<Task<PreparedEntry>>(new BoundedChannelOptions(Math.Max(16, MaxParallelism * 8))
        {
            SingleReader = true,
            SingleWriter = true,
        });

        var producer = Task.Run(async () =>
        {
            try
            {
                foreach (var source in ordered)
                {
                    token.ThrowIfCancellationRequested();
                    if (source.Size > InMemoryEntryLimit)
                    {
                        await queue.Writer.WriteAsync(Task.FromResult(PreparedEntry.ToStream(source)), token).ConfigureAwait(false);
                        continue;
                    }
                    await window.AcquireAsync(source.Size, token).ConfigureAwait(false);
                    var prepared = Task.Run(async () =>
                    {
                        await workers.WaitAsync(token).ConfigureAwait(false);
                        try
                        {
                            return Prepare(source, CompressionLevel);
                        }
                        finally
                        {
                            workers.Release();
                        }
                    }, token);
                    await queue.Writer.WriteAsync(prepared, token).ConfigureAwait(false);
                }
                queue.Writer.Complete();
            }
            catch (Exception e)
            {
                queue.Writer.Complete(e);
            }
        }, token);

        var central = new List<ZipFormat.CentralEntry>(ordered.Count);
        var written = new List<ZipWrittenEntry>(ordered.Count);
        // Offsets are from the start of the file: a zip written after other data (a seekable stream not at
        // 0) records where its entries really are.
        var start = output.CanSeek ? output.Position : 0;
        var position = start;
        try
        {
            await foreach (var pending in queue.Reader.ReadAllAsync(token).ConfigureAwait(false))
            {
                using var entry = await pending.ConfigureAwait(false);
                var (record, length) = entry.IsStreamed
                    ? WriteStreamed(entry.Source, output, position, CompressionLevel)
                    : await WriteInMemoryAsync(entry, output, position, token).ConfigureAwait(false);
                if (!entry.IsStreamed)
                {
                    window.Release(entry.Source.Size);
                }
                central.Add(record);
                written.Add(new ZipWrittenEntry(entry.Source.ZipPath, record.UncompressedSize, record.CompressedSize,
                    record.Crc32, record.Method == ZipFormat.MethodDeflated));
                position += length;
            }
            await producer.ConfigureAwait(false);
        }
        catch
        {
            await failure.CancelAsync().ConfigureAwait(false);
            try { await producer.ConfigureAwait(false); } catch { /* the writer's error is the one to report */ }
            throw;
        }

        // The central directory (about 100 bytes an entry) is assembled in memory and written in one go.
        var directory = new MemoryStream();
        foreach (var record in central)
        {
            ZipFormat.WriteCentralHeader(directory, record);
        }
        var centralSize = directory.Length;
        var zip64 = ZipFormat.WriteEnd(directory, central.Count, position, centralSize);
        directory.Position = 0;
        await directory.CopyToAsync(output, token).ConfigureAwait(false);
        await output.FlushAsync(token).ConfigureAwait(false);
        return new ZipWriteResult(written, position + directory.Length - start,
            zip64 || central.Any(c => c.VersionNeeded == ZipFormat.VersionNeededZip64));
    }

    private static void Validate(IReadOnlyList<ZipEntrySource> ordered)
    {
        for (var i = 0; i < ordered.Count; i++)
        {
            var path = ordered[i].ZipPath;
            if (!ZipPaths.IsSafe(path))
            {
                throw new LayerException(
                    $"Refusing to write the zip entry '{path}': entry paths must be relative, use '/' separators and contain no '..', '.' or empty parts.");
            }
            if (i > 0 && string.Equals(ordered[i - 1].ZipPath, path, StringComparison.Ordinal))
            {
                throw new LayerException($"Two files map to the same zip entry '{path}' ('{ordered[i - 1].SourcePath}' and '{ordered[i].SourcePath}').");
            }
            if (ordered[i].UnixMode is < 0 or > 0xFFF)
            {
                throw new ArgumentOutOfRangeException(nameof(ordered), $"Unix mode {ordered[i].UnixMode} of '{path}' is not a permission value.");
            }
        }
    }

    // The planner has checked every entry's kind; what can still fail here is permission, or a file removed meanwhile.
    private static T Opened<T>(ZipEntrySource source, Func<string, T> open)
    {
        try
        {
            return open(source.SourcePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw RegularFile.Unreadable(source.SourcePath, e,
                "Make sure this user may read every file under the build folder and that no other process changes it, then run PackageLayer again.");
        }
    }

    private static PreparedEntry Prepare(ZipEntrySource source, int level)
    {
        using var handle = Opened(source, path => File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan));
        var length = RandomAccess.GetLength(handle);
        if (length != source.Size)
        {
            throw ChangedWhilePackaging(source);
        }
        if (length == 0)
        {
            // GZipStream writes nothing at all for no input; an empty file is stored, CRC-32 0.
            return new PreparedEntry(source, 0, null, 0, 0, null);
        }
        var raw = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            var read = 0;
            while (read < length)
            {
                var n = RandomAccess.Read(handle, raw.AsSpan(read, (int)length - read), read);
                if (n == 0)
                {
                    throw ChangedWhilePackaging(source);
                }
                read += n;
            }

            var compressed = new PooledBufferStream((int)(length / 2) + 64);
            using (var gzip = GzipFraming.Compressor(compressed, level))
            {
                gzip.Write(raw, 0, (int)length);
            }
            var all = compressed.WrittenSpan;
            GzipFraming.CheckHeader(all);
            var trailer = all[^GzipFraming.TrailerLength..];
            var crc = GzipFraming.TrailerCrc(trailer);
            if (GzipFraming.TrailerSize(trailer) != (uint)length)
            {
                throw new InvalidOperationException($"zlib compressed a different number of bytes than '{source.SourcePath}' holds.");
            }
            var bodyLength = all.Length - GzipFraming.HeaderLength - GzipFraming.TrailerLength;
            if (bodyLength < length)
            {
                ArrayPool<byte>.Shared.Return(raw);
                return new PreparedEntry(source, crc, compressed, GzipFraming.HeaderLength, bodyLength, null);
            }
            compressed.Dispose();
            return new PreparedEntry(source, crc, null, 0, (int)length, raw);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(raw);
            throw;
        }
    }

    private static async Task<(ZipFormat.CentralEntry Record, long Length)> WriteInMemoryAsync(
        PreparedEntry entry, Stream output, long offset, CancellationToken ct)
    {
        var name = ZipFormat.NameBytes(entry.Source.ZipPath);
        var flags = ZipFormat.Flags(entry.Source.ZipPath);
        var method = entry.Deflated ? ZipFormat.MethodDeflated : ZipFormat.MethodStored;
        var versionNeeded = offset >= ZipFormat.Max32 ? ZipFormat.VersionNeededZip64
            : entry.Deflated ? ZipFormat.VersionNeededDeflated : ZipFormat.VersionNeededStored;
        var header = ZipFormat.LocalHeader(name, flags, versionNeeded, method, entry.Crc32, entry.DataLength, entry.Source.Size, zip64Sizes: false);
        await output.WriteAsync(header, ct).ConfigureAwait(false);
        await output.WriteAsync(entry.Data, ct).ConfigureAwait(false);
        var record = new ZipFormat.CentralEntry(name, flags, versionNeeded, method, entry.Crc32, entry.DataLength,
            entry.Source.Size, offset, entry.Source.UnixMode);
        return (record, header.Length + entry.DataLength);
    }

    // An entry too large to hold in memory: the local header goes out with placeholder CRC and sizes, the
    // deflate body streams straight into the output, and the header is patched in place (same length).
    // If deflate did not shrink it, the body is truncated away and the file is copied stored instead.
    private static (ZipFormat.CentralEntry Record, long Length) WriteStreamed(ZipEntrySource source, Stream output, long offset, int level)
    {
        if (!output.CanSeek)
        {
            throw new InvalidOperationException("Entries larger than the in-memory limit need a seekable output stream.");
        }
        var name = ZipFormat.NameBytes(source.ZipPath);
        var flags = ZipFormat.Flags(source.ZipPath);
        var zip64Sizes = source.Size >= ZipFormat.Max32;
        var zip64 = zip64Sizes || offset >= ZipFormat.Max32;
        var versionNeeded = zip64 ? ZipFormat.VersionNeededZip64 : ZipFormat.VersionNeededDeflated;
        var placeholder = ZipFormat.LocalHeader(name, flags, versionNeeded, ZipFormat.MethodDeflated, 0, 0, source.Size, zip64Sizes);
        output.Write(placeholder);
        var dataStart = offset + placeholder.Length;

        var body = new GzipBodyStream(output);
        long read;
        using (var file = Opened(source, path => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan)))
        {
            using var gzip = GzipFraming.Compressor(body, level);
            read = CopyCounting(file, gzip);
        }
        if (read != source.Size)
        {
            throw ChangedWhilePackaging(source);
        }
        var crc = GzipFraming.TrailerCrc(body.Trailer);
        var method = ZipFormat.MethodDeflated;
        var compressedSize = body.BodyBytes;
        if (compressedSize >= source.Size)
        {
            output.Seek(dataStart, SeekOrigin.Begin);
            output.SetLength(dataStart);
            using var file = Opened(source, path => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan));
            if (CopyCounting(file, output) != source.Size)
            {
                throw ChangedWhilePackaging(source);
            }
            method = ZipFormat.MethodStored;
            compressedSize = source.Size;
            if (!zip64)
            {
                versionNeeded = ZipFormat.VersionNeededStored;
            }
        }
        var end = dataStart + compressedSize;
        output.Seek(offset, SeekOrigin.Begin);
        output.Write(ZipFormat.LocalHeader(name, flags, versionNeeded, method, crc, compressedSize, source.Size, zip64Sizes));
        output.Seek(end, SeekOrigin.Begin);
        var record = new ZipFormat.CentralEntry(name, flags, versionNeeded, method, crc, compressedSize, source.Size, offset, source.UnixMode);
        return (record, end - offset);
    }

    private static long CopyCounting(Stream from, Stream to)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            long total = 0;
            int n;
            while ((n = from.Read(buffer, 0, buffer.Length)) > 0)
            {
                to.Write(buffer, 0, n);
                total += n;
            }
            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static LayerException ChangedWhilePackaging(ZipEntrySource source) =>
        new($"'{source.SourcePath}' changed while it was being packaged (expected {source.Size} bytes). " +
            "Make sure nothing writes into the artifacts folder during PackageLayer, then run it again.");

    /// <summary>One entry between a worker and the writer: compressed body, or raw bytes to store, or "stream me".</summary>
    private sealed class PreparedEntry(ZipEntrySource source, uint crc32, PooledBufferStream? compressed, int dataOffset, int dataLength, byte[]? raw)
        : IDisposable
    {
        public ZipEntrySource Source { get; } = source;
        public uint Crc32 { get; } = crc32;
        public bool IsStreamed { get; private init; }
        public bool Deflated => compressed is not null;
        public int DataLength { get; } = dataLength;

        public ReadOnlyMemory<byte> Data => compressed is not null
            ? compressed.WrittenMemory.Slice(dataOffset, DataLength)
            : raw.AsMemory(0, DataLength);

        public static PreparedEntry ToStream(ZipEntrySource source) => new(source, 0, null, 0, 0, null) { IsStreamed = true };

        public void Dispose()
        {
            compressed?.Dispose();
            if (raw is not null)
            {
                ArrayPool<byte>.Shared.Return(raw);
                raw = null;
            }
        }
    }
}
