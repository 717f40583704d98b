using System.Text.Json;

namespace Nuke.Common;

/// <summary>.nuke/parameters.json, read as NUKE does: keys matched ignoring case, dashes and underscores.</summary>
internal sealed class ParameterFile(Dictionary<string, IReadOnlyList<string>> values)
{
    public static ParameterFile? Find(string root)
    {
        var path = Path.Combine(root, ".nuke", "parameters.json");
        if (!File.Exists(path)) return null;
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var values = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            var key = new string(property.Name.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
            values[key] = property.Value.ValueKind switch
            {
                JsonValueKind.Array => property.Value.EnumerateArray().Select(v => v.ToString()).ToArray(),
                _ => [property.Value.ToString()],
            };
        }
        return new ParameterFile(values);
    }

    public IReadOnlyList<string>? Get(string key) => values.TryGetValue(key, out var value) ? value : null;
}
