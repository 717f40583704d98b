using System.Text;

namespace LambdaLayers.Tests.Pipeline;

/// <summary>Checks on a built <c>artifacts/python</c> and on where secrets must never appear.</summary>
public static class BuildAssertions
{
    /// <summary>"name-version" of every distribution installed in the folder, sorted.</summary>
    public static IReadOnlyList<string> Distributions(string pythonDirectory) =>
        Directory.EnumerateDirectories(pythonDirectory, "*.dist-info")
            .Select(d => Path.GetFileName(d)[..^".dist-info".Length])
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The <c>Tag:</c> of an installed distribution's WHEEL file.</summary>
    public static string WheelTag(string pythonDirectory, string distribution) =>
        File.ReadAllLines(Path.Combine(pythonDirectory, distribution + ".dist-info", "WHEEL"))
            .Single(l => l.StartsWith("Tag: ", StringComparison.Ordinal))["Tag: ".Length..];

    /// <summary>Fails if the secret (raw or percent-encoded) occurs in the text or in any file under the folder.</summary>
    public static void SecretAbsent(string secret, string? folder, params string?[] texts)
    {
        var forms = new[] { secret, Uri.EscapeDataString(secret) }.Distinct().ToArray();
        foreach (var text in texts.Where(t => t is not null))
        {
            foreach (var form in forms)
            {
                Assert.DoesNotContain(form, text!);
            }
        }
        if (folder is null || !Directory.Exists(folder))
        {
            return;
        }
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var info = new FileInfo(file);
            if (info.LinkTarget is not null || info.Length > 20_000_000)
            {
                continue;
            }
            var content = Encoding.Latin1.GetString(File.ReadAllBytes(file));
            foreach (var form in forms)
            {
                Assert.False(content.Contains(form, StringComparison.Ordinal), $"the secret occurs in {file}");
            }
        }
    }
}
