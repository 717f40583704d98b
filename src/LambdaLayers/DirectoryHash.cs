using System.Security.Cryptography;
using System.Text;

namespace LambdaLayers;

/// <summary>
/// A SHA-256 over a folder's relative paths (ordinal order, '/' separators), file kinds and contents.
/// Stages record it to notice when <c>artifacts/</c> was touched since it was built.
/// </summary>
public static class DirectoryHash
{
    public static string Compute(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return "";
        }
        using var total = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = Directory.EnumerateFileSystemEntries(directory, "*", new EnumerationOptions
            {
                RecurseSubdirectories = true,
                AttributesToSkip = 0,
                IgnoreInaccessible = false,
            })
            .Select(path => (Path: path, Relative: System.IO.Path.GetRelativePath(directory, path).Replace('\\', '/')))
            .OrderBy(e => e.Relative, StringComparer.Ordinal);
        foreach (var (path, relative) in files)
        {
            var info = new FileInfo(path);
            string line;
            if (info.LinkTarget is not null)
            {
                line = $"L {relative} -> {info.LinkTarget}\n";
            }
            else if (info.Attributes.HasFlag(FileAttributes.Directory))
            {
                line = $"D {relative}\n";
            }
            else
            {
                using var stream = File.OpenRead(path);
                line = $"F {relative} {Convert.ToHexStringLower(SHA256.HashData(stream))}\n";
            }
            total.AppendData(Encoding.UTF8.GetBytes(line));
        }
        return Convert.ToHexStringLower(total.GetHashAndReset());
    }
}
