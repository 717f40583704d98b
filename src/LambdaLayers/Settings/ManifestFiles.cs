using LambdaLayers.FileSystem;

namespace LambdaLayers.Settings;

/// <summary>
/// The files that pin what a tool installs: <c>requirements.txt</c> for pip; <c>poetry.lock</c> or <c>uv.lock</c>
/// and the <c>pyproject.toml</c> they were locked from for Poetry and uv. <see cref="Require"/> is the one check that
/// they are there, run when the settings are validated and again by the fingerprint, the one reader of their bytes.
/// </summary>
public static class ManifestFiles
{
    private static readonly IReadOnlyDictionary<ToolKind, string> Advice = new Dictionary<ToolKind, string>
    {
        [ToolKind.Pip] = "Write the pinned requirements there (for example with `pip freeze > requirements.txt` or pip-compile), " +
                         "or choose --tool poetry or --tool uv for a project locked by those tools.",
        [ToolKind.Poetry] = "Run `poetry lock` in the project and commit poetry.lock, or choose another --tool.",
        [ToolKind.Uv] = "Run `uv lock` in the project and commit uv.lock, or choose another --tool.",
    };

    /// <summary>The files whose bytes decide what the tool installs, pyproject.toml first where it counts.</summary>
    public static IReadOnlyList<string> Of(LayerSettings settings) => settings.Tool switch
    {
        ToolKind.Pip => [settings.ManifestPath],
        _ => [settings.PyProjectPath, settings.ManifestPath],
    };

    /// <summary>
    /// Throws a <see cref="LayerSettingsException"/> for <c>tool</c> unless every file of <see cref="Of"/> is a
    /// regular file (a FIFO or device under that name is a <see cref="SpecialFileException"/>).
    /// </summary>
    /// <param name="origin">Where the tool choice came from, for the message ("the command line"); null when unknown.</param>
    public static void Require(LayerSettings settings, string? origin = null)
    {
        var tool = settings.Tool.ToString().ToLowerInvariant();
        var chosen = origin is null ? "" : $" (from {origin})";
        if (settings.Tool != ToolKind.Pip &&
            !RegularFile.Exists(settings.PyProjectPath, "Replace it with the project's pyproject.toml."))
        {
            throw new LayerSettingsException(LayerParameters.Tool.Name,
                $"tool '{tool}'{chosen} needs the project's pyproject.toml at '{settings.PyProjectPath}', which does not exist. " +
                "Point --project at the folder that holds it.");
        }
        var manifest = settings.ManifestPath;
        if (!RegularFile.Exists(manifest, $"Replace it with the project's {LayerSettings.ManifestFileName(settings.Tool)}."))
        {
            throw new LayerSettingsException(LayerParameters.Tool.Name,
                $"tool '{tool}'{chosen} needs '{manifest}', which does not exist. {Advice[settings.Tool]}");
        }
    }
}
