using System.Security.Cryptography;
using System.Text;
using LambdaLayers.FileSystem;
using LambdaLayers.Tests.Packaging;
using LambdaLayers.Tests.Pipeline;

namespace LambdaLayers.Tests.FileSystem;

/// <summary>
/// DirectoryHash is recorded in build.json and layer.json, so its value must not move between versions:
/// the same tree has to give the same hash. These tests pin it to the documented line format, computed
/// here the plain way (one entry, one stat, one file at a time).
/// </summary>
public sealed class DirectoryHashTests
{
    [Fact]
    public void The_hash_is_the_sha256_of_one_line_per_entry_in_ordinal_path_order()
    {
        using var tree = new LayerTree();
        tree.WriteFile("b/z.py", "Z = 1\n");
        tree.WriteFile("b/a.py", "A = 1\n");
        tree.WriteFile("B.txt", "upper case sorts first\n");
        tree.WriteFile("empty.txt", "");
        tree.WriteFile(".hidden/.dotfile", "hidden entries count too\n");
        tree.WriteFile("données/é.py", "x = 1\n");
        tree.WriteFile("big.bin", PackageLayerStageTests.RandomBytes(seed: 11, 3 * 1024 * 1024 + 17));
        Directory.CreateDirectory(tree.PathOf("empty-folder"));
        if (!OperatingSystem.IsWindows())
        {
            File.CreateSymbolicLink(tree.PathOf("link.py"), "b/a.py");
            File.CreateSymbolicLink(tree.PathOf("linked-folder"), "b");
        }
        var artifacts = tree.Settings.Layout.ArtifactsDirectory;

        Assert.Equal(Reference(artifacts), DirectoryHash.Compute(artifacts));
    }

    [Fact]
    public void Contents_change_the_hash_and_mode_and_mtime_do_not()
    {
        using var tree = new LayerTree();
        tree.WriteFile("pkg/mod.py", "A = 1\n");
        var artifacts = tree.Settings.Layout.ArtifactsDirectory;
        var before = DirectoryHash.Compute(artifacts);

        File.SetLastWriteTimeUtc(tree.PathOf("pkg/mod.py"), new DateTime(2001, 2, 3, 0, 0, 0, DateTimeKind.Utc));
        tree.WriteFile("pkg/mod.py", "A = 1\n", executable: true);
        Assert.Equal(before, DirectoryHash.Compute(artifacts));

        tree.WriteFile("pkg/mod.py", "A = 2\n");
        Assert.NotEqual(before, DirectoryHash.Compute(artifacts));
    }

    [Fact]
    public void A_missing_folder_hashes_to_the_empty_string() =>
        Assert.Equal("", DirectoryHash.Compute(Path.Combine(Path.GetTempPath(), "ll-missing-" + Guid.NewGuid().ToString("N"))));

    private static string Reference(string directory)
    {
        var lines = new StringBuilder();
        var entries = Directory.GetFileSystemEntries(directory, "*", SearchOption.AllDirectories)
            .Select(path => (Path: path, Relative: Path.GetRelativePath(directory, path).Replace('\\', '/')))
            .OrderBy(e => e.Relative, StringComparer.Ordinal);
        foreach (var (path, relative) in entries)
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is { } target)
            {
                lines.Append($"L {relative} -> {target}\n");
            }
            else if (info.Attributes.HasFlag(FileAttributes.Directory))
            {
                lines.Append($"D {relative}\n");
            }
            else
            {
                lines.Append($"F {relative} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))}\n");
            }
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lines.ToString())));
    }
}
