using System.Globalization;
using System.Text.RegularExpressions;
using LambdaLayers.FileSystem;
using LambdaLayers.Projects;

namespace LambdaLayers.Settings;

/// <summary>
/// The one check of a finished <see cref="LayerSettings"/>: every rule a value must keep (Lambda's limits from
/// <see cref="LambdaLimits"/>, a build folder inside the project, the lock file there, a declared index) lives
/// here once. The resolver runs <see cref="Validate"/> on what it resolved, naming each value's source; the NUKE
/// components run <see cref="ValidateConfigured"/> on what a build's <c>ConfigureLayer</c> returns, so a value set
/// in code (<c>s with { LayerName = "" }</c>) gets the same error as the same value on the command line, saying it
/// came from ConfigureLayer.
/// </summary>
public static partial class LayerSettingsValidation
{
    /// <summary>How messages name a value a NUKE build set in <c>ConfigureLayer</c>.</summary>
    public const string ConfigureLayerOrigin = "ConfigureLayer in the build's code";

    private static readonly IReadOnlyList<Rule> Rules =
    [
        new(LayerParameters.Project, [Input(nameof(LayerSettings.ProjectDirectory), s => s.ProjectDirectory)], CheckProjectDirectory),
        new(LayerParameters.Project, [Input(nameof(LayerSettings.PyProjectPath), s => s.PyProjectPath)], CheckPyProject),
        new(LayerParameters.Tool,
            [Input(nameof(LayerSettings.Tool), s => s.Tool), Input(nameof(LayerSettings.ProjectDirectory), s => s.ProjectDirectory),
             Input(nameof(LayerSettings.PyProjectPath), s => s.PyProjectPath)],
            (s, origin, _) => ManifestFiles.Require(s, origin)),
        new(LayerParameters.Runtime, [Input(nameof(LayerSettings.Runtime), s => s.Runtime)],
            (s, origin, _) => Require(LayerParameters.Runtime, s.Runtime is not null, origin, "is not set: choose one of " + LambdaRuntimes.AcceptedNames)),
        new(LayerParameters.Architecture, [Input(nameof(LayerSettings.Architecture), s => s.Architecture)],
            (s, origin, _) => Require(LayerParameters.Architecture, s.Architecture is not null, origin, "is not set: choose x86_64 or arm64")),
        new(LayerParameters.BuildDir,
            [Input(nameof(LayerSettings.BuildDirectory), s => s.BuildDirectory), Input(nameof(LayerSettings.ProjectDirectory), s => s.ProjectDirectory)],
            CheckBuildDirectory),
        new(LayerParameters.ContainerCache, [Input(nameof(LayerSettings.ContainerCacheDirectory), s => s.ContainerCacheDirectory)],
            (s, origin, _) =>
            {
                RequireAbsolute(LayerParameters.ContainerCache, s.ContainerCacheDirectory, origin);
                RequireFolderOrNothing(LayerParameters.ContainerCache, s.ContainerCacheDirectory, origin,
                    "Point it at a folder (it is made when missing) that the container may use as its pip and uv cache.");
            }),
        new(LayerParameters.Python, [Input(nameof(LayerSettings.PythonInterpreter), s => s.PythonInterpreter)],
            (s, origin, _) => Require(LayerParameters.Python, s.PythonInterpreter is null || !string.IsNullOrWhiteSpace(s.PythonInterpreter), origin,
                "is empty: leave it unset to find the runtime's python3.X, or name an interpreter")),
        new(LayerParameters.Image, [Input(nameof(LayerSettings.Image), s => s.Image)],
            (s, origin, _) => Require(LayerParameters.Image, s.Image is null || !string.IsNullOrWhiteSpace(s.Image), origin,
                "is empty: leave it unset to build in the SAM build image, or name an image")),
        new(LayerParameters.ReservedMb, [Input(nameof(LayerSettings.ReservedBytes), s => s.ReservedBytes)], CheckReservedBytes),
        new(LayerParameters.LayerName, [Input(nameof(LayerSettings.LayerName), s => s.LayerName)], CheckLayerName),
        new(LayerParameters.Prefix, [Input(nameof(LayerSettings.Prefix), s => s.Prefix)],
            (s, origin, _) => Require(LayerParameters.Prefix, s.Prefix is not null && !s.Prefix.StartsWith('/') && !s.Prefix.EndsWith('/'), origin,
                $"'{s.Prefix}' must not start or end with '/': write the S3 key prefix as folder/sub-folder")),
        new(LayerParameters.CompatibleRuntimes, [Input(nameof(LayerSettings.CompatibleRuntimes), s => s.CompatibleRuntimes)], CheckCompatibleRuntimes),
        new(LayerParameters.CompatibleArchitectures, [Input(nameof(LayerSettings.CompatibleArchitectures), s => s.CompatibleArchitectures)],
            CheckCompatibleArchitectures),
        new(LayerParameters.ShareWith, [Input(nameof(LayerSettings.ShareWith), s => s.ShareWith)], CheckShareWith),
        new(LayerParameters.Retain, [Input(nameof(LayerSettings.Retain), s => s.Retain)], CheckRetention),
        new(LayerParameters.LambdaEndpoint, [Input(nameof(LayerSettings.LambdaEndpoint), s => s.LambdaEndpoint)],
            (s, origin, _) => CheckEndpoint(LayerParameters.LambdaEndpoint, s.LambdaEndpoint, origin)),
        new(LayerParameters.S3Endpoint, [Input(nameof(LayerSettings.S3Endpoint), s => s.S3Endpoint)],
            (s, origin, _) => CheckEndpoint(LayerParameters.S3Endpoint, s.S3Endpoint, origin)),
        new(LayerParameters.Region, [Input(nameof(LayerSettings.Region), s => s.Region)],
            (s, origin, _) =>
            {
                if (s.Region is not null)
                {
                    RequireRegionName(s.Region, $"region, from {origin}");
                }
            }),
        new(LayerParameters.IndexUrl, [Input(nameof(LayerSettings.Index), s => s.Index)], CheckIndexUrl),
        new(LayerParameters.IndexName,
            [Input(nameof(LayerSettings.Index), s => s.Index), Input(nameof(LayerSettings.Tool), s => s.Tool),
             Input(nameof(LayerSettings.PyProjectPath), s => s.PyProjectPath)],
            (s, origin, project) =>
            {
                if (s.Index is { } index)
                {
                    FindDeclaredIndex(s.Tool, index.Name, project.Value, origin);
                }
            }),
    ];

    /// <summary>
    /// Checks every rule. <paramref name="originOf"/> names where each parameter's value came from ("the command
    /// line", "environment variable LAMBDA_LAYERS_TOOL", "the default"); <paramref name="project"/> is the
    /// pyproject.toml already read for these settings, if any (else it is read when a rule needs it).
    /// </summary>
    public static void Validate(LayerSettings settings, Func<LayerParameter, string> originOf, PyProject? project = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var model = ProjectOf(settings, project);
        foreach (var rule in Rules)
        {
            rule.Check(settings, originOf(rule.Parameter), model);
        }
    }

    /// <summary>
    /// Checks what a NUKE build's <c>ConfigureLayer</c> returned for the <paramref name="resolved"/> settings it was
    /// given: every rule whose inputs it changed runs again, naming ConfigureLayer and the properties it set as the
    /// source. Returns the settings to use.
    /// </summary>
    public static LayerSettings ValidateConfigured(LayerSettings resolved, LayerSettings? configured)
    {
        if (configured is null)
        {
            throw new LayerSettingsException("ConfigureLayer",
                $"{ConfigureLayerOrigin} returned null. Return the settings it is given, changed with `s with {{ … }}`.");
        }
        var model = ProjectOf(configured, null);
        foreach (var rule in Rules)
        {
            var changed = rule.Inputs.Where(input => !Same(input.Value(resolved), input.Value(configured))).Select(input => input.Name).ToList();
            if (changed.Count > 0)
            {
                rule.Check(configured, $"{ConfigureLayerOrigin}, which set {string.Join(" and ", changed.Select(name => "LayerSettings." + name))}", model);
            }
        }
        return configured;
    }

    /// <summary>
    /// The index pyproject.toml declares under <paramref name="name"/> for Poetry (<c>[[tool.poetry.source]]</c>) or
    /// uv (<c>[[tool.uv.index]]</c>), matched without regard to case; null for pip, which takes any index. Throws
    /// when Poetry or uv would not know the index: they match credentials to declared indexes by name.
    /// </summary>
    public static DeclaredIndex? FindDeclaredIndex(ToolKind tool, string name, PyProject project, string origin)
    {
        if (tool == ToolKind.Pip)
        {
            return null;
        }
        var declared = DeclaredIndexes(tool, project);
        return declared.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new LayerSettingsException(LayerParameters.IndexName.Name,
                $"index-name '{name}' is not declared as {DeclarationKind(tool)} in '{project.Path}' (declared: {Names(declared)}; " +
                $"index-name from {origin}). {ToolName(tool)} only installs from the indexes declared there and matches credentials to " +
                "them by name: declare the index there or pass the name of a declared one.");
    }

    /// <summary>The indexes pyproject.toml declares for the tool: Poetry's sources, uv's indexes, none for pip.</summary>
    public static IReadOnlyList<DeclaredIndex> DeclaredIndexes(ToolKind tool, PyProject project) => tool switch
    {
        ToolKind.Poetry => project.Poetry?.Sources ?? [],
        ToolKind.Uv => project.UvIndexes,
        _ => [],
    };

    /// <summary>"[[tool.poetry.source]]" or "[[tool.uv.index]]".</summary>
    public static string DeclarationKind(ToolKind tool) => tool == ToolKind.Poetry ? "[[tool.poetry.source]]" : "[[tool.uv.index]]";

    /// <summary>
    /// Throws unless <paramref name="region"/> looks like an AWS region name (eu-west-1, us-gov-west-1, cn-north-1):
    /// it becomes part of the Lambda endpoint's host name. Publishing asks too, for a region from AWS_REGION or a profile.
    /// </summary>
    public static void RequireRegionName(string region, string origin)
    {
        if (!RegionName().IsMatch(region))
        {
            throw new LayerSettingsException(LayerParameters.Region.Name,
                $"'{region}' ({origin}) is not an AWS region name: write one such as eu-west-1 or us-east-1.");
        }
    }

    /// <summary>The error for an index URL that is not an absolute http(s) URL; it never repeats the URL, which may hold a password.</summary>
    public static LayerSettingsException InvalidIndexUrl(string origin) =>
        new(LayerParameters.IndexUrl.Name,
            $"index-url (from {origin}) must be an absolute http(s) URL such as https://pypi.example.com/simple/.");

    /// <summary>The error for an endpoint that is not an absolute http(s) URL.</summary>
    public static LayerSettingsException InvalidEndpoint(LayerParameter parameter, string value, string origin) =>
        new(parameter.Name,
            $"{parameter.Name} '{value}' (from {origin}) must be an absolute http(s) URL, such as http://127.0.0.1:4566.");

    // ---- the rules ----

    /// <summary>Throws unless <paramref name="projectDirectory"/> is an absolute path to an existing folder; the resolver asks before it reads anything there.</summary>
    public static void RequireProjectDirectory(string projectDirectory, string origin)
    {
        RequireAbsolute(LayerParameters.Project, projectDirectory, origin);
        if (!Directory.Exists(projectDirectory))
        {
            throw new LayerSettingsException(LayerParameters.Project.Name,
                $"The project folder '{projectDirectory}' (project, from {origin}) does not exist. " +
                "Pass --project with the folder that holds pyproject.toml.");
        }
    }

    private static void CheckProjectDirectory(LayerSettings settings, string origin, Lazy<PyProject> _) =>
        RequireProjectDirectory(settings.ProjectDirectory, origin);

    private static void CheckPyProject(LayerSettings settings, string origin, Lazy<PyProject> project)
    {
        RequireAbsolute(LayerParameters.Project, settings.PyProjectPath, origin);
        // Reading it proves it is there, a regular file and valid TOML, with errors that name it.
        _ = project.Value;
    }

    private static void CheckBuildDirectory(LayerSettings settings, string origin, Lazy<PyProject> _)
    {
        if (settings.BuildDirectory is { } buildDirectory)
        {
            RequireAbsolute(LayerParameters.BuildDir, buildDirectory, origin);
        }
        settings.Layout.EnsureBuildDirectoryIsSafe(settings.BuildDirectory is null ? null : origin);
        RequireFolderOrNothing(LayerParameters.BuildDir, settings.Layout.BuildDirectory, origin,
            "Point build-dir at a folder under the project (it is wiped before every build), such as build/lambda/layer.");
    }

    private static void CheckReservedBytes(LayerSettings settings, string origin, Lazy<PyProject> _)
    {
        if (settings.ReservedBytes is < 0 or > LambdaLimits.UnzippedBytes)
        {
            const long limitMb = LambdaLimits.UnzippedBytes / LambdaLimits.BytesPerMegabyte;
            var given = settings.ReservedBytes % LambdaLimits.BytesPerMegabyte == 0
                ? (settings.ReservedBytes / LambdaLimits.BytesPerMegabyte).ToString(CultureInfo.InvariantCulture)
                : $"{settings.ReservedBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes";
            throw new LayerSettingsException(LayerParameters.ReservedMb.Name,
                $"reserved-mb {given} (from {origin}) must be from 0 to {limitMb}: it is the part of Lambda's {limitMb} MB unzipped limit " +
                "kept free for the function and its other layers.");
        }
    }

    private static void CheckLayerName(LayerSettings settings, string origin, Lazy<PyProject> _)
    {
        if (settings.LayerName is { } name && (!LayerNamePattern().IsMatch(name) || name.Length > LambdaLimits.LayerNameCharacters))
        {
            throw new LayerSettingsException(LayerParameters.LayerName.Name,
                $"layer-name '{name}' (from {origin}) may hold only letters, digits, '-' and '_', 1 to {LambdaLimits.LayerNameCharacters} characters.");
        }
    }

    private static void CheckCompatibleRuntimes(LayerSettings settings, string origin, Lazy<PyProject> _)
    {
        var runtimes = settings.CompatibleRuntimes ?? [];
        foreach (var runtime in runtimes)
        {
            if (LambdaRuntimes.Find(runtime ?? "") is null)
            {
                throw Rejected(LayerParameters.CompatibleRuntimes, runtime, origin, LayerParameters.Runtime.AcceptedValues);
            }
        }
        if (runtimes.Count > LambdaLimits.CompatibleRuntimes)
        {
            throw new LayerSettingsException(LayerParameters.CompatibleRuntimes.Name,
                $"compatible-runtimes (from {origin}) names {runtimes.Count} runtimes, and a layer version takes at most {LambdaLimits.CompatibleRuntimes} " +
                "(a Lambda limit): name each runtime once.");
        }
    }

    private static void CheckCompatibleArchitectures(LayerSettings settings, string origin, Lazy<PyProject> _)
    {
        var architectures = settings.CompatibleArchitectures ?? [];
        foreach (var architecture in architectures)
        {
            if (LambdaArchitecture.Find(architecture ?? "") is null)
            {
                throw Rejected(LayerParameters.CompatibleArchitectures, architecture, origin, LayerParameters.Architecture.AcceptedValues);
            }
        }
        if (architectures.Count > LambdaLimits.CompatibleArchitectures)
        {
            throw new LayerSettingsException(LayerParameters.CompatibleArchitectures.Name,
                $"compatible-architectures (from {origin}) names {architectures.Count} architectures, and a layer version takes at most " +
                $"{LambdaLimits.CompatibleArchitectures} (a Lambda limit): name x86_64 and arm64 once each.");
        }
    }

    private static void CheckShareWith(LayerSettings settings, string origin, Lazy<PyProject> _)
    {
        foreach (var principal in settings.ShareWith ?? [])
        {
            if (principal is null || !SharePrincipal().IsMatch(principal))
            {
                throw new LayerSettingsException(LayerParameters.ShareWith.Name,
                    $"share-with value '{principal}' (from {origin}) is not a 12-digit account id, an organization id (o-…) or '*'.");
            }
        }
    }

    private static void CheckRetention(LayerSettings settings, string origin, Lazy<PyProject> _)
    {
        if (settings.Retain is { KeepNewest: < 1 } keep)
        {
            throw new LayerSettingsException(LayerParameters.Retain.Name,
                $"retain {keep.KeepNewest} (from {origin}) must be at least 1: the version just published is always kept.");
        }
        if (settings.Retain is { KeepDays: < 0 } days)
        {
            throw new LayerSettingsException(LayerParameters.RetainDays.Name,
                $"retain-days {days.KeepDays} (from {origin}) must be 0 or more.");
        }
    }

    private static void CheckEndpoint(LayerParameter parameter, Uri? endpoint, string origin)
    {
        if (endpoint is not null && !(endpoint.IsAbsoluteUri && (endpoint.Scheme == Uri.UriSchemeHttps || endpoint.Scheme == Uri.UriSchemeHttp)))
        {
            throw InvalidEndpoint(parameter, endpoint.OriginalString, origin);
        }
    }

    private static void CheckIndexUrl(LayerSettings settings, string origin, Lazy<PyProject> _)
    {
        if (settings.Index is not { } index)
        {
            return;
        }
        if (index.Url is null || !index.Url.IsAbsoluteUri || (index.Url.Scheme != Uri.UriSchemeHttps && index.Url.Scheme != Uri.UriSchemeHttp))
        {
            throw InvalidIndexUrl(origin);
        }
        if (!string.IsNullOrEmpty(index.Url.UserInfo))
        {
            throw new LayerSettingsException(LayerParameters.IndexUrl.Name,
                $"index-url (from {origin}) must not carry credentials: pass them with index-username and index-password " +
                "(LAMBDA_LAYERS_INDEX_PASSWORD) so they stay out of logs and command lines.");
        }
        if (string.IsNullOrWhiteSpace(index.Name))
        {
            throw new LayerSettingsException(LayerParameters.IndexName.Name,
                $"index-name (from {origin}) is empty: name the index (for Poetry and uv, as pyproject.toml declares it).");
        }
    }

    // ---- helpers ----

    private static void Require(LayerParameter parameter, bool holds, string origin, string problem)
    {
        if (!holds)
        {
            throw new LayerSettingsException(parameter.Name, $"{parameter.Name} (from {origin}) {problem}.");
        }
    }

    private static void RequireFolderOrNothing(LayerParameter parameter, string? path, string origin, string advice)
    {
        if (path is not null && FileKinds.OfTarget(path) is var kind and not (FileKind.Missing or FileKind.Directory))
        {
            throw new LayerSettingsException(parameter.Name,
                $"{parameter.Name} '{path}' (from {origin}) is {FileKinds.Describe(kind)}, not a folder. {advice}");
        }
    }

    private static void RequireAbsolute(LayerParameter parameter, string? path, string origin)
    {
        if (path is not null && (path.Length == 0 || !Path.IsPathFullyQualified(path)))
        {
            throw new LayerSettingsException(parameter.Name,
                $"{parameter.Name} '{path}' (from {origin}) must be an absolute path: a relative one would depend on the folder the build " +
                "happens to run in. Combine it with the project folder, as the parameters are.");
        }
    }

    private static LayerSettingsException Rejected(LayerParameter parameter, string? given, string origin, IReadOnlyList<string> accepted) =>
        new(parameter.Name,
            $"Unknown {parameter.Name} '{given}' (from {origin}). Accepted values: {string.Join(", ", accepted)}.");

    private static Lazy<PyProject> ProjectOf(LayerSettings settings, PyProject? project) =>
        project is not null && string.Equals(project.Path, settings.PyProjectPath, StringComparison.Ordinal)
            ? new Lazy<PyProject>(project)
            : new Lazy<PyProject>(() => PyProjectReader.Read(settings.PyProjectPath), LazyThreadSafetyMode.None);

    private static bool Same(object? before, object? after) => (before, after) switch
    {
        (IEnumerable<string> a, IEnumerable<string> b) => a.SequenceEqual(b),
        _ => Equals(before, after),
    };

    private static string Names(IReadOnlyList<DeclaredIndex> declared) =>
        declared.Count == 0 ? "none" : string.Join(", ", declared.Select(d => d.Name));

    private static string ToolName(ToolKind tool) => tool == ToolKind.Poetry ? "Poetry" : "uv";

    private static (string Name, Func<LayerSettings, object?> Value) Input(string name, Func<LayerSettings, object?> value) => (name, value);

    /// <summary>One rule: the parameter it reports, the settings it reads (to tell what ConfigureLayer changed) and the check.</summary>
    private sealed record Rule(
        LayerParameter Parameter,
        IReadOnlyList<(string Name, Func<LayerSettings, object?> Value)> Inputs,
        Action<LayerSettings, string, Lazy<PyProject>> Check);

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex LayerNamePattern();

    [GeneratedRegex("^[a-z]{2}(-[a-z0-9]+)+$")]
    private static partial Regex RegionName();

    [GeneratedRegex(@"^(\d{12}|o-[a-z0-9]{10,32}|\*)$")]
    private static partial Regex SharePrincipal();
}
