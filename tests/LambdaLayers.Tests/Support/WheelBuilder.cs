using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace LambdaLayers.Tests.Support;

/// <summary>
/// Writes real wheel files (PEP 427): a zip holding the package module, <c>*.dist-info/METADATA</c>,
/// <c>WHEEL</c> with the given tag and a <c>RECORD</c> with sha256 hashes, so pip, Poetry and the uv
/// stand-in install them like any wheel from PyPI. Entries carry a fixed timestamp, so the same spec always
/// gives the same bytes (and the same hash in lock files written by tests).
/// </summary>
public static class WheelBuilder
{
    private static readonly DateTimeOffset FixedTime = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes the wheel into <paramref name="directory"/> and returns its path.</summary>
    public static string Write(string directory, WheelSpec spec)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, spec.FileName);
        var entries = new List<(string Name, byte[] Bytes)>();
        // An extra file of the same name replaces the generated package module (a module that fails to import, say).
        if (!spec.ExtraFiles.ContainsKey($"{spec.ModuleName}/__init__.py"))
        {
            entries.Add(($"{spec.ModuleName}/__init__.py", Encoding.UTF8.GetBytes(
                $"__version__ = \"{spec.Version}\"\nWHEEL_TAG = \"{spec.Tag}\"\n")));
        }
        entries.AddRange(spec.ExtraFiles.Select(f => (f.Key, Encoding.UTF8.GetBytes(f.Value))));
        entries.AddRange(spec.BinaryFiles.Select(f => (f.Key, f.Value)));
        entries.Add(($"{spec.DistInfoDirectory}/METADATA", Encoding.UTF8.GetBytes(Metadata(spec))));
        entries.Add(($"{spec.DistInfoDirectory}/WHEEL", Encoding.UTF8.GetBytes(
            $"Wheel-Version: 1.0\nGenerator: lambdalayers-tests\nRoot-Is-Purelib: {(spec.IsPure ? "true" : "false")}\nTag: {spec.Tag}\n")));
        entries.Add(($"{spec.DistInfoDirectory}/top_level.txt", Encoding.UTF8.GetBytes(spec.ModuleName + "\n")));

        var record = new StringBuilder();
        foreach (var (name, bytes) in entries)
        {
            var hash = Convert.ToBase64String(SHA256.HashData(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            record.Append($"{name},sha256={hash},{bytes.Length}\n");
        }
        record.Append($"{spec.DistInfoDirectory}/RECORD,,\n");
        entries.Add(($"{spec.DistInfoDirectory}/RECORD", Encoding.UTF8.GetBytes(record.ToString())));

        using (var stream = File.Create(path))
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
        {
            foreach (var (name, bytes) in entries)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = FixedTime;
                using var entryStream = entry.Open();
                entryStream.Write(bytes);
            }
        }
        return path;
    }

    /// <summary>The sha256 of a written wheel in hex, as lock files and index links carry it.</summary>
    public static string Sha256(string wheelPath) =>
        Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(wheelPath)));

    private static string Metadata(WheelSpec spec)
    {
        var text = new StringBuilder();
        text.Append("Metadata-Version: 2.1\n");
        text.Append($"Name: {spec.Name}\n");
        text.Append($"Version: {spec.Version}\n");
        text.Append($"Summary: Test distribution {spec.Name}\n");
        if (spec.RequiresPython is not null)
        {
            text.Append($"Requires-Python: {spec.RequiresPython}\n");
        }
        foreach (var requirement in spec.RequiresDist)
        {
            text.Append($"Requires-Dist: {requirement}\n");
        }
        return text.ToString();
    }
}
