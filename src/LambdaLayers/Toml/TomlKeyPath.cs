using System.Text;

namespace LambdaLayers.Toml;

/// <summary>Builds the human-readable path of a value (<c>tool.poetry."weird key"[2].name</c>) for messages.</summary>
internal static class TomlKeyPath
{
    public static string Append(string parentPath, string key) =>
        parentPath.Length == 0 ? Format(key) : parentPath + "." + Format(key);

    public static string Index(string arrayPath, int index) => $"{arrayPath}[{index}]";

    /// <summary>A key as TOML would write it: bare when it can be, otherwise as a basic string.</summary>
    public static string Format(string key)
    {
        if (key.Length > 0 && key.All(TomlCursor.IsBareKeyChar))
        {
            return key;
        }
        var quoted = new StringBuilder("\"");
        foreach (var c in key)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }
}
