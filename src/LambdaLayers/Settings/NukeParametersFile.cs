using System.Text.Json;
using LambdaLayers.FileSystem;

namespace LambdaLayers.Settings;

/// <summary>
/// Reads <c>.nuke/parameters.json</c> for the command-line tool, the way NUKE reads it for a NUKE build, so one
/// file means the same on both routes: the file of the nearest folder at or above the project that holds
/// <c>.nuke</c> (NUKE's root), keys matched exactly by NUKE member name (<c>IndexUrl</c>; keys that are not
/// ours belong to the rest of the build and are left alone). Differences, on purpose: the <c>Project</c> key is
/// not read (the file is found from the project), and secrets are refused, because NUKE stores them encrypted
/// with a password only a NUKE build asks for.
/// </summary>
internal static class NukeParametersFile
{
    public const string Source = ".nuke/parameters.json";

    public static Dictionary<LayerParameter, SettingValue> Read(string projectDirectory)
    {
        var result = new Dictionary<LayerParameter, SettingValue>();
        var file = Find(projectDirectory);
        if (file is null)
        {
            return result;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(RegularFile.ReadAllText(file, "Replace it with NUKE's parameters file, or remove it."), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new LayerSettingsException("parameters.json",
                $"'{file}' is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): fix it (an empty file must hold at least {{}}).");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new LayerSettingsException("parameters.json", $"'{file}' must hold a JSON object of parameter values.");
            }
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var parameter = LayerParameters.All.FirstOrDefault(p => !p.FrontEndOnly && p.MemberName == property.Name);
                if (parameter is null || parameter == LayerParameters.Project)
                {
                    continue;
                }
                var origin = $"{Source} ('{property.Name}')";
                result[parameter] = parameter.Secret
                    ? new SettingValue([], origin) { Refusal = SecretRefusal(parameter, property.Value, file) }
                    : new SettingValue(Values(property.Value, parameter, origin), origin);
            }
        }
        return result;
    }

    private static string? Find(string projectDirectory)
    {
        for (var directory = new DirectoryInfo(projectDirectory); directory is not null; directory = directory.Parent)
        {
            var marker = Path.Combine(directory.FullName, ".nuke");
            if (Directory.Exists(marker))
            {
                var file = Path.Combine(marker, "parameters.json");
                return RegularFile.Exists(file, "Replace it with NUKE's parameters file, or remove it.") ? file : null;
            }
            if (File.Exists(marker))
            {
                return null;
            }
        }
        return null;
    }

    // The value itself is never part of the message: encrypted or not, it is a secret.
    private static string SecretRefusal(LayerParameter parameter, JsonElement value, string file)
    {
        var encrypted = value.ValueKind == JsonValueKind.String && value.GetString()!.StartsWith("v1:", StringComparison.Ordinal);
        var what = encrypted
            ? $"{parameter.MemberName} in '{file}' is encrypted by NUKE (v1:…), and only a NUKE build can decrypt it (NUKE asks for the file's password, or reads it from PARAMS_KEY)."
            : $"{parameter.MemberName} in '{file}' is a secret written in plain text; NUKE only reads it encrypted (nuke :secrets), so a NUKE build would fail on it too.";
        return $"{what} lambda-layers does not read secrets from that file: set {parameter.EnvironmentVariable} in the environment instead.";
    }

    private static IReadOnlyList<string> Values(JsonElement value, LayerParameter parameter, string origin) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.Number => [value.GetRawText()],
        JsonValueKind.True => ["true"],
        JsonValueKind.False => ["false"],
        JsonValueKind.Array when value.EnumerateArray().All(v => v.ValueKind is JsonValueKind.String or JsonValueKind.Number) =>
            value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToArray(),
        _ => throw new LayerSettingsException(parameter.Name,
            $"{parameter.Name} (from {origin}) must be a string, number, boolean or array of strings."),
    };
}
