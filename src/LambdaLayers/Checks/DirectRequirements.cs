using LambdaLayers.Packaging;
using LambdaLayers.Projects;
using LambdaLayers.Settings;

namespace LambdaLayers.Checks;

/// <summary>
/// The distributions a project asks for directly, with where it asks: requirements.txt for pip; the
/// project's own dependencies (the root of poetry.lock and uv.lock) for Poetry and uv, with the groups and
/// extras the build includes. Transitive dependencies are not listed: dropping one of those by a default
/// exclusion is expected, dropping one the project names itself deserves a warning.
/// </summary>
public static class DirectRequirements
{
    /// <summary>Normalised name → where the project asks for it.</summary>
    public static IReadOnlyDictionary<string, string> Read(LayerSettings settings)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string requirement, string source)
        {
            if (DistributionScanner.ParseRequirement(requirement) is { } parsed)
            {
                names.TryAdd(DistributionName.Normalize(parsed.Name), source);
            }
        }

        if (settings.Tool == ToolKind.Pip && File.Exists(settings.ManifestPath))
        {
            foreach (var line in File.ReadLines(settings.ManifestPath))
            {
                var text = line.Trim();
                var comment = text.IndexOf(" #", StringComparison.Ordinal);
                text = (comment >= 0 ? text[..comment] : text).Trim();
                // Options (-r, -e, --hash …), comments, and bare URLs or paths name no distribution here.
                if (text.Length == 0 || text[0] is '#' or '-' or '.' or '/' || (text.Contains("://", StringComparison.Ordinal) && !text.Contains(" @ ", StringComparison.Ordinal)))
                {
                    continue;
                }
                Add(text, "requirements.txt");
            }
            return names;
        }
        if (!File.Exists(settings.PyProjectPath))
        {
            return names;
        }
        PyProject project;
        try
        {
            project = PyProjectReader.Read(settings.PyProjectPath);
        }
        catch (LayerException)
        {
            return names; // settings resolution reports a broken pyproject.toml; a warning must not fail here
        }
        foreach (var dependency in project.Dependencies)
        {
            Add(dependency, "[project] dependencies");
        }
        foreach (var extra in settings.Extras)
        {
            foreach (var dependency in project.OptionalDependencies.GetValueOrDefault(extra) ?? [])
            {
                Add(dependency, $"extra '{extra}'");
            }
        }
        foreach (var group in settings.Groups)
        {
            foreach (var dependency in (project.DependencyGroups.GetValueOrDefault(group) ?? []).Where(d => !d.StartsWith("include-group:", StringComparison.Ordinal)))
            {
                Add(dependency, $"dependency group '{group}'");
            }
        }
        if (project.Poetry is { } poetry)
        {
            foreach (var name in poetry.Dependencies.Keys.Where(k => !k.Equals("python", StringComparison.OrdinalIgnoreCase)))
            {
                Add(name, "[tool.poetry.dependencies]");
            }
            foreach (var group in settings.Groups)
            {
                foreach (var name in (poetry.Groups.GetValueOrDefault(group) ?? new Dictionary<string, string>()).Keys)
                {
                    Add(name, $"Poetry group '{group}'");
                }
            }
        }
        return names;
    }
}
