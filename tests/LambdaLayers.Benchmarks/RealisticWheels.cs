using System.Text;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Benchmarks;

/// <summary>
/// Wheels shaped like a real data/web stack, written with the tests' wheel builder: many Python modules (text
/// that compresses about as well as real source) and some large generated data files (base64 of random bytes,
/// which compresses about as badly as native libraries do). About 41 MB installed, 16 MB zipped.
/// </summary>
public static class RealisticWheels
{
    /// <summary>(distribution, Python modules, bytes per module, data files, bytes per data file).</summary>
    private static readonly (string Name, int Modules, int ModuleBytes, int Blobs, int BlobBytes)[] Shapes =
    [
        ("numlite", 260, 24_000, 24, 600_000),
        ("frameworx", 420, 20_000, 4, 400_000),
        ("cloudkit", 380, 16_000, 2, 300_000),
        ("parsekit", 120, 18_000, 6, 250_000),
    ];

    public static IReadOnlyList<string> Requirements => [.. Shapes.Select(s => $"{s.Name}==1.0"), "tinyutil==1.0", "leafdep==2.0"];

    /// <summary>Writes the wheels (plus the small test wheels) into <paramref name="directory"/>.</summary>
    public static void WriteAll(string directory)
    {
        TestWheels.WriteAll(directory);
        var random = new Random(12345);
        foreach (var shape in Shapes)
        {
            var files = new Dictionary<string, string>();
            for (var i = 0; i < shape.Modules; i++)
            {
                files[$"{shape.Name}/sub{i % 12}/module_{i}.py"] = PythonSource(random, shape.ModuleBytes);
            }
            for (var i = 0; i < shape.Blobs; i++)
            {
                var bytes = new byte[shape.BlobBytes * 3 / 4];
                random.NextBytes(bytes);
                files[$"{shape.Name}/_data/table_{i}.b64"] = Convert.ToBase64String(bytes);
            }
            WheelBuilder.Write(directory, new WheelSpec(shape.Name, "1.0") { ExtraFiles = files });
        }
    }

    private static readonly string[] Words =
    [
        "value", "index", "result", "config", "buffer", "request", "session", "column", "frame", "schema", "record",
        "parser", "token", "window", "offset", "handler", "client", "stream", "matrix", "vector", "cache", "field",
    ];

    private static string PythonSource(Random random, int size)
    {
        var text = new StringBuilder(size + 200);
        text.Append("\"\"\"Generated module.\"\"\"\nfrom __future__ import annotations\n\nimport os\nimport sys\n\n");
        var n = 0;
        while (text.Length < size)
        {
            var a = Words[random.Next(Words.Length)];
            var b = Words[random.Next(Words.Length)];
            text.Append($"def {a}_{b}_{n}({a}, {b}=None, *, limit={random.Next(1000)}):\n");
            text.Append($"    \"\"\"Return the {a} of {b} within limit.\"\"\"\n");
            text.Append($"    if {b} is None:\n        {b} = {{}}\n");
            text.Append($"    for key in sorted({b}):\n        if len(key) > limit:\n            raise ValueError(f\"{a} {{key!r}} too long\")\n");
            text.Append($"    return [{a}.get(k, {random.Next(100)}) for k in {b}]\n\n\n");
            n++;
        }
        return text.ToString();
    }
}
