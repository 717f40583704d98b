using System.Security.Cryptography;
using System.Text;
using LambdaLayers.FileSystem;

namespace LambdaLayers.Packaging;

/// <summary>
/// Cheap signatures of a folder tree taken from file metadata only, no contents: <see cref="Stat"/> over
/// (path, kind, size, mtime, mode, link target) of every entry, and <see cref="Shape"/> over the same
/// without mtime.
/// <para>
/// Why comparing <see cref="Stat"/> is safe enough to skip re-hashing 150 MB: every way files get
/// rewritten (pip, uv, Poetry, cp, an editor, a checkout) sets a new mtime, and the recorded mtimes have
/// 100 ns resolution, so an equal stat signature means nothing was rewritten. Only a deliberate
/// restore of the old mtime after changing content (touch -r) escapes it. When the stat signature
/// differs, the content hash (<see cref="DirectoryHash"/>) decides, together with <see cref="Shape"/>,
/// which catches what the content hash does not see (a mode change such as chmod +x).
/// </para>
/// </summary>
public sealed record ArtifactsSignature(string Stat, string Shape)
{
    public static ArtifactsSignature Compute(string directory)
    {
        var stat = new StringBuilder();
        var shape = new StringBuilder();
        if (Directory.Exists(directory))
        {
            foreach (var (info, relative) in DirectoryHash.SortedEntries(directory))
            {
                // Attributes, size, mode and mtime come from the one stat the enumeration caches.
                var link = DirectoryHash.LinkTargetOf(info);
                var mode = OperatingSystem.IsWindows() ? 0 : (int)info.UnixFileMode;
                var kind = link is not null ? "L" : info is DirectoryInfo ? "D" : "F";
                var size = link is null && info is FileInfo file ? file.Length : 0;
                var common = $"{kind} {relative} {size} {mode} {link}";
                shape.Append(common).Append('\n');
                stat.Append(common).Append(' ').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
            }
        }
        return new ArtifactsSignature(Hash(stat), Hash(shape));
    }

    private static string Hash(StringBuilder lines) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lines.ToString())));
}
