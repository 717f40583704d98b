using System.Text.Json;
using Nuke.Common;

namespace LambdaLayers.Nuke;

/// <summary>
/// Finds where NUKE took (or would have taken) a parameter's value from, following NUKE 10.1's own order:
/// the command line (<c>--runtime</c>, any case, dashes ignored), then the environment (a variable named
/// exactly like the member, else one whose letters and digits match it or <c>NUKE</c> plus it, case ignored),
/// then the parameters files (<c>.nuke/parameters.json</c> and the <c>--profile</c> files, keys matched
/// exactly). NUKE itself does the binding; this only tells where a value came from, so that messages name the
/// true source and a value NUKE could not convert is reported instead of silently left unset.
/// </summary>
internal sealed class NukeParameterSources
{
    private readonly IReadOnlyDictionary<string, string> variables;
    private readonly IReadOnlyList<(string Name, JsonElement Values)> files;

    private NukeParameterSources(IReadOnlyDictionary<string, string> variables, IReadOnlyList<(string Name, JsonElement Values)> files)
    {
        this.variables = variables;
        this.files = files;
    }

    public static NukeParameterSources Read(string rootDirectory) =>
        new(EnvironmentInfo.Variables, ReadParameterFiles(rootDirectory));

    /// <summary>Every place that names the parameter, in NUKE's order (command line, environment, files).</summary>
    public IReadOnlyList<NukeParameterSource> Find(string memberName)
    {
        var found = new List<NukeParameterSource>();
        if (EnvironmentInfo.HasArgument(memberName))
        {
            found.Add(new NukeParameterSource(NukeParameterSource.Place.CommandLine, "the command line",
                EnvironmentInfo.GetNamedArgument<string[]>(memberName) ?? []));
        }
        if (FindVariable(memberName) is { } variable)
        {
            found.Add(variable);
        }
        foreach (var (name, values) in files)
        {
            if (values.TryGetProperty(memberName, out var value))
            {
                found.Add(new NukeParameterSource(NukeParameterSource.Place.ParametersFile, name, RawValues(value)));
                break;
            }
        }
        return found;
    }

    private NukeParameterSource? FindVariable(string memberName)
    {
        if (variables.TryGetValue(memberName, out var exact))
        {
            return Blank(exact) ? null : new NukeParameterSource(NukeParameterSource.Place.Environment, $"environment variable {memberName}", [exact]);
        }
        var trimmed = LettersAndDigits(memberName);
        var matches = variables
            .Where(v => string.Equals(LettersAndDigits(v.Key), trimmed, StringComparison.OrdinalIgnoreCase) ||
                        string.Equals(LettersAndDigits(v.Key), "NUKE" + trimmed, StringComparison.OrdinalIgnoreCase))
            .OrderBy(v => v.Key, StringComparer.Ordinal)
            .ToList();
        return matches.Count switch
        {
            0 => null,
            1 => Blank(matches[0].Value) ? null : new NukeParameterSource(NukeParameterSource.Place.Environment, $"environment variable {matches[0].Key}", [matches[0].Value]),
            _ => new NukeParameterSource(NukeParameterSource.Place.Environment, "environment variables " + string.Join(" and ", matches.Select(m => m.Key)), [])
            {
                ConflictingVariables = matches.Select(m => m.Key).ToArray(),
            },
        };
    }

    // NUKE reads .nuke/parameters.json, then the files of the profiles loaded with --profile; a later profile wins.
    private static IReadOnlyList<(string Name, JsonElement Values)> ReadParameterFiles(string rootDirectory)
    {
        var nukeDirectory = Path.Combine(rootDirectory, ".nuke");
        if (!Directory.Exists(nukeDirectory))
        {
            return [];
        }
        var names = NukeBuild.LoadedLocalProfiles.Reverse().Select(profile => $"parameters.{profile}.json").Append("parameters.json");
        var files = new List<(string, JsonElement)>();
        foreach (var name in names)
        {
            var path = Path.Combine(nukeDirectory, name);
            if (!File.Exists(path))
            {
                continue;
            }
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    files.Add(($".nuke/{name}", document.RootElement.Clone()));
                }
            }
            catch (JsonException)
            {
                // NUKE has parsed these files before any target ran and stopped the build on a broken one.
            }
        }
        return files;
    }

    private static IReadOnlyList<string> RawValues(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.Array => value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToArray(),
        JsonValueKind.Null => [],
        _ => [value.GetRawText()],
    };

    private static bool Blank(string value) => string.IsNullOrWhiteSpace(value);

    private static string LettersAndDigits(string name) => new(name.Where(char.IsLetterOrDigit).ToArray());
}
