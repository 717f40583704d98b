using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text;

namespace LambdaLayers.FileSystem;

/// <summary>
/// A SHA-256 over a folder's relative paths (ordinal order, '/' separators), file kinds and contents:
/// one line per entry, <c>F path sha256</c>, <c>D path</c> or <c>L path -> target</c>.
/// Stages record it to notice when <c>artifacts/</c> was touched since it was built, so the value for a
/// given tree must never change. A FIFO, socket or device, a name that is not UTF-8 or an unreadable entry is
/// refused by name (<see cref="TreeEntries"/>) before any file is opened.
/// </summary>
public static class DirectoryHash
{
    private const int ReadBufferBytes = 1 << 20;

    public static string Compute(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return "";
        }
        var entries = SortedEntries(directory);
        var fileDigests = HashFiles(entries);
        using var total = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var i = 0; i < entries.Count; i++)
        {
            var (info, relative) = entries[i];
            var line = LinkTargetOf(info) is { } target ? $"L {relative} -> {target}\n"
                : info.Attributes.HasFlag(FileAttributes.Directory) ? $"D {relative}\n"
                : $"F {relative} {Convert.ToHexStringLower(fileDigests[i]!)}\n";
            total.AppendData(Encoding.UTF8.GetBytes(line));
        }
        return Convert.ToHexStringLower(total.GetHashAndReset());
    }

    /// <summary>
    /// Every entry under <paramref name="directory"/> (hidden ones too, links not followed) with its path
    /// relative to it, in ordinal order of that path. <see cref="Packaging.ArtifactsSignature"/> walks the
    /// same list, so the cheap signature and the content hash always cover exactly the same entries.
    /// The infos carry the stat the enumeration took; only links cost another system call.
    /// </summary>
    internal static IReadOnlyList<(FileSystemInfo Info, string Relative)> SortedEntries(string directory)
    {
        var root = new DirectoryInfo(directory);
        var prefixLength = Path.TrimEndingDirectorySeparator(root.FullName).Length + 1;
        try
        {
            return root
                .EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false })
                .Select(info =>
                {
                    var relative = info.FullName[prefixLength..].Replace('\\', '/');
                    // Checked as the walk goes, so a folder whose name cannot be decoded is refused before it is entered.
                    TreeEntries.Check(info, relative, root.FullName);
                    return (Info: info, Relative: relative);
                })
                .OrderBy(e => e.Relative, StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw TreeEntries.Unreadable(root.FullName, e);
        }
    }

    /// <summary>The target of a symbolic link, or null; the cached attributes spare a readlink for everything else.</summary>
    internal static string? LinkTargetOf(FileSystemInfo info) =>
        info.Attributes.HasFlag(FileAttributes.ReparsePoint) ? info.LinkTarget : null;

    // Regular files are hashed on all cores: on a 150 MB tree one core spends most of the time here.
    // Each worker keeps one hash object and one read buffer for all its files.
    private static byte[]?[] HashFiles(IReadOnlyList<(FileSystemInfo Info, string Relative)> entries)
    {
        var digests = new byte[]?[entries.Count];
        try
        {
            Parallel.For(0, entries.Count,
                () => (Hash: IncrementalHash.CreateHash(HashAlgorithmName.SHA256), Buffer: ArrayPool<byte>.Shared.Rent(ReadBufferBytes)),
                (i, _, worker) =>
                {
                    var info = entries[i].Info;
                    if (LinkTargetOf(info) is null && !info.Attributes.HasFlag(FileAttributes.Directory))
                    {
                        digests[i] = HashFile(info.FullName, worker.Hash, worker.Buffer);
                    }
                    return worker;
                },
                worker =>
                {
                    worker.Hash.Dispose();
                    ArrayPool<byte>.Shared.Return(worker.Buffer);
                });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // Callers see the IOException a sequential walk would have thrown, not a wrapper.
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return digests;
    }

    private static byte[] HashFile(string path, IncrementalHash hash, byte[] buffer)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            long offset = 0;
            int read;
            while ((read = RandomAccess.Read(handle, buffer, offset)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                offset += read;
            }
            return hash.GetHashAndReset();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw RegularFile.Unreadable(path, e,
                "Make sure this user may read every file under the build folder, or delete that folder so BuildLayer recreates it, then run again.");
        }
    }
}
