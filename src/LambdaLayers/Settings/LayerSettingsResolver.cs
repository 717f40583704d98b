using System.Text.RegularExpressions;
using LambdaLayers.Projects;
using Tomlyn.Model;

namespace LambdaLayers.Settings;

/// <summary>
/// Turns raw parameters into <see cref="LayerSettings"/>. Sources, in rising priority:
/// <c>[tool.lambda-layers]</c> in pyproject.toml &lt; <c>.nuke/parameters.json</c> &lt;
/// environment variables &lt; explicit values (command line, code); values a front end supplies rank with
/// their source (<see cref="SettingsSources.Supplied"/>). Raw text is parsed here (a closed set, a number, a URL),
/// with errors that name the parameter, the source it came from and the accepted values; the finished settings
/// then go through <see cref="LayerSettingsValidation"/>, the one check of every value, which names the same sources.
/// </summary>
public static partial class LayerSettingsResolver
{
    public const string PyProjectSource = "[tool.lambda-layers] in pyproject.toml";
    public const string ExplicitSource = "the command line";

    public static LayerSettings Resolve(SettingsSources sources)
    {
        var environment = sources.Environment ?? ProcessEnvironment.Snapshot();
        var workingDirectory = Path.GetFullPath(sources.WorkingDirectory ?? Directory.GetCurrentDirectory());

        var explicitValues = ReadExplicit(sources.Explicit);
        var environmentValues = ReadEnvironment(environment);
        var suppliedExplicit = ReadSupplied(sources.Supplied, SettingPrecedence.Explicit);
        var suppliedEnvironment = ReadSupplied(sources.Supplied, SettingPrecedence.Environment);
        var suppliedFile = ReadSupplied(sources.Supplied, SettingPrecedence.ParametersFile);

        // The project folder decides where pyproject.toml (and, for the CLI, .nuke/parameters.json) is, so it
        // cannot come from either.
        var projectValue = Checked(LayerParameters.Project,
            Pick(LayerParameters.Project, suppliedExplicit, explicitValues, suppliedEnvironment, environmentValues, suppliedFile));
        var projectDirectory = projectValue is null
            ? workingDirectory
            : FullPath(LayerParameters.Project, projectValue, workingDirectory);
        LayerSettingsValidation.RequireProjectDirectory(projectDirectory, projectValue?.Origin ?? "the current folder");
        var fileValues = sources.ReadParametersFile ? NukeParametersFile.Read(projectDirectory) : [];

        // Values from a closed set are checked before pyproject.toml is read: a wrong --runtime is reported with
        // the accepted runtimes even where the project has no pyproject.toml.
        foreach (var parameter in LayerParameters.All.Where(p => p.AcceptedValues.Count > 0))
        {
            if (Checked(parameter, Pick(parameter, suppliedExplicit, explicitValues, suppliedEnvironment, environmentValues, suppliedFile, fileValues)) is { } given)
            {
                // An empty value is refused like any other unknown one, rather than taken as "not given".
                foreach (var item in Items(parameter, given) is { Count: > 0 } items ? items : [""])
                {
                    Accepted(parameter, item, given.Origin);
                }
            }
        }

        var pyProject = PyProjectReader.Read(Path.Combine(projectDirectory, "pyproject.toml"));
        var pyProjectValues = ReadPyProjectTable(pyProject);

        var layers = new[] { suppliedExplicit, explicitValues, suppliedEnvironment, environmentValues, suppliedFile, fileValues, pyProjectValues };
        SettingValue? Get(LayerParameter parameter) => Checked(parameter, Pick(parameter, layers));

        var tool = ResolveTool(Get(LayerParameters.Tool), projectDirectory);
        var runtimes = ResolveRuntimes(Get(LayerParameters.Runtime), pyProject);
        var architectures = ResolveArchitectures(Get(LayerParameters.Architecture));
        var modeChoice = ResolveMode(Get(LayerParameters.Mode), tool);
        var layerName = Get(LayerParameters.LayerName)?.Single ?? DefaultLayerName(pyProject.Name);

        var settings = new LayerSettings
        {
            ProjectDirectory = projectDirectory,
            PyProjectPath = pyProject.Path,
            Tool = tool,
            // One runtime and one architecture is a single layer; several are a matrix (LayerMatrix expands it).
            Runtime = runtimes[0],
            Runtimes = runtimes.Count > 1 ? runtimes : [],
            Architecture = architectures[0],
            Architectures = architectures.Count > 1 ? architectures : [],
            Mode = modeChoice.Mode,
            ModeChoice = modeChoice,
            PythonInterpreter = Get(LayerParameters.Python)?.Single,
            Groups = List(Get(LayerParameters.Group)),
            Extras = List(Get(LayerParameters.Extra)),
            ToolArguments = List(Get(LayerParameters.ToolArgs)),
            Index = ResolveIndex(Get, tool, pyProject),
            Image = Get(LayerParameters.Image)?.Single,
            DockerArguments = List(Get(LayerParameters.DockerArgs)),
            ContainerCacheDirectory = Get(LayerParameters.ContainerCache) is { } cache
                ? FullPath(LayerParameters.ContainerCache, cache, projectDirectory)
                : null,
            Excludes = ResolveExcludes(Get(LayerParameters.Exclude), Get(LayerParameters.NoDefaultExcludes)),
            ExcludePatterns = LayerSettings.DefaultExcludePatterns.Concat(ExcludePatternRules.Validate(List(Get(LayerParameters.ExcludePattern)), Get(LayerParameters.ExcludePattern)?.Origin)).Distinct().ToArray(),
            SmokeTest = !Flag(LayerParameters.NoSmokeTest, Get(LayerParameters.NoSmokeTest)),
            Bytecode = !Flag(LayerParameters.NoBytecode, Get(LayerParameters.NoBytecode)),
            ZipRoot = ResolveZipRoot(Get(LayerParameters.ZipLayout)),
            ReservedBytes = (Number(LayerParameters.ReservedMb, Get(LayerParameters.ReservedMb)) ?? 0) * LambdaLimits.BytesPerMegabyte,
            LayerName = layerName,
            Bucket = Get(LayerParameters.Bucket)?.Single,
            Prefix = (Get(LayerParameters.Prefix)?.Single ?? (layerName is null ? "lambda-layers" : $"lambda-layers/{layerName}")).Trim('/'),
            Region = Get(LayerParameters.Region)?.Single,
            AwsProfile = Get(LayerParameters.AwsProfile)?.Single,
            Description = Get(LayerParameters.Description)?.Single ?? pyProject.Description,
            License = Get(LayerParameters.License)?.Single,
            CompatibleRuntimes = List(Get(LayerParameters.CompatibleRuntimes)),
            CompatibleArchitectures = List(Get(LayerParameters.CompatibleArchitectures)).Distinct().ToArray(),
            ShareWith = List(Get(LayerParameters.ShareWith)),
            Retain = ResolveRetention(Get),
            LambdaEndpoint = Endpoint(LayerParameters.LambdaEndpoint, Get(LayerParameters.LambdaEndpoint)),
            S3Endpoint = Endpoint(LayerParameters.S3Endpoint, Get(LayerParameters.S3Endpoint)),
            Force = Flag(LayerParameters.Force, Get(LayerParameters.Force)),
            BuildCache = !Flag(LayerParameters.NoCache, Get(LayerParameters.NoCache)),
            BuildDirectory = Get(LayerParameters.BuildDir) is { } buildDir
                ? FullPath(LayerParameters.BuildDir, buildDir, projectDirectory)
                : null,
            BundleDependencies = Flag(LayerParameters.BundleDependencies, Get(LayerParameters.BundleDependencies)),
            FunctionName = Get(LayerParameters.FunctionName) is { } functionName ? ValidateFunctionName(functionName) : null,
            PublishFunctionVersion = Flag(LayerParameters.PublishVersion, Get(LayerParameters.PublishVersion)),
        };
        LayerSettingsValidation.Validate(settings, parameter => Get(parameter)?.Origin ?? DefaultOrigin(parameter, settings), pyProject, sources.RequireManifest);
        return settings;
    }

    // Where a value the user did not give comes from, as messages name it.
    private static string DefaultOrigin(LayerParameter parameter, LayerSettings settings) => parameter.Name switch
    {
        "project" => "the current folder",
        "tool" => settings.Tool == ToolKind.Pip
            ? "the default, as the project has no uv.lock or poetry.lock"
            : $"the {LayerSettings.ManifestFileName(settings.Tool)} found in the project",
        "layer-name" => "the project name in pyproject.toml",
        "prefix" => "the default, lambda-layers/LAYER-NAME",
        "index-url" => "the index declared in pyproject.toml",
        _ => "the default",
    };

    // ---- sources ----

    private static Dictionary<LayerParameter, SettingValue> ReadExplicit(IReadOnlyDictionary<string, IReadOnlyList<string>> values)
    {
        var result = new Dictionary<LayerParameter, SettingValue>();
        foreach (var (key, list) in values)
        {
            var parameter = LayerParameters.Find(key) ?? throw UnknownParameter(key, ExplicitSource);
            result[parameter] = new SettingValue(list, ExplicitSource);
        }
        return result;
    }

    private static Dictionary<LayerParameter, SettingValue> ReadEnvironment(IReadOnlyDictionary<string, string> environment)
    {
        var result = new Dictionary<LayerParameter, SettingValue>();
        foreach (var parameter in LayerParameters.All)
        {
            foreach (var variable in parameter.EnvironmentAliases.Prepend(parameter.EnvironmentVariable))
            {
                if (environment.TryGetValue(variable, out var text) && text.Length > 0)
                {
                    var values = parameter.Kind == ParameterKind.List
                        ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        : [text];
                    result[parameter] = new SettingValue(values, variable);
                    break;
                }
            }
        }
        return result;
    }

    private static Dictionary<LayerParameter, SettingValue> ReadSupplied(IReadOnlyList<SuppliedSetting> supplied, SettingPrecedence precedence)
    {
        var result = new Dictionary<LayerParameter, SettingValue>();
        foreach (var setting in supplied.Where(s => s.Precedence == precedence))
        {
            var parameter = LayerParameters.Find(setting.Name) ?? throw UnknownParameter(setting.Name, setting.Origin);
            result[parameter] = new SettingValue(setting.Values, setting.Origin);
        }
        return result;
    }

    private static Dictionary<LayerParameter, SettingValue> ReadPyProjectTable(PyProject project)
    {
        var result = new Dictionary<LayerParameter, SettingValue>();
        if (project.LambdaLayersTable is null)
        {
            return result;
        }
        foreach (var (key, value) in project.LambdaLayersTable)
        {
            var parameter = LayerParameters.All.FirstOrDefault(p => p.Name == key && !p.FrontEndOnly && p != LayerParameters.Project)
                            ?? throw UnknownParameter(key, PyProjectSource);
            if (parameter.Secret)
            {
                throw new LayerSettingsException(parameter.Name,
                    $"{parameter.Name} is a secret and must not be written in pyproject.toml, which is committed. " +
                    $"Set {parameter.EnvironmentVariable} in the environment instead.");
            }
            IReadOnlyList<string> values = value switch
            {
                string text => [text],
                bool flag => [flag ? "true" : "false"],
                long number => [number.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                TomlArray array when array.All(item => item is string) => array.Cast<string>().ToArray(),
                _ => throw new LayerSettingsException(parameter.Name,
                    $"{parameter.Name} in {PyProjectSource} must be a string, integer, boolean or array of strings."),
            };
            result[parameter] = new SettingValue(values, PyProjectSource);
        }
        return result;
    }

    private static SettingValue? Pick(LayerParameter parameter, params Dictionary<LayerParameter, SettingValue>[] layers)
    {
        foreach (var layer in layers)
        {
            if (layer.TryGetValue(parameter, out var value))
            {
                return value;
            }
        }
        return null;
    }

    // ---- individual settings ----

    private static ToolKind ResolveTool(SettingValue? value, string projectDirectory)
    {
        ToolKind tool;
        if (value is null)
        {
            tool = File.Exists(Path.Combine(projectDirectory, "uv.lock")) ? ToolKind.Uv
                : File.Exists(Path.Combine(projectDirectory, "poetry.lock")) ? ToolKind.Poetry
                : ToolKind.Pip;
        }
        else
        {
            tool = Accepted(LayerParameters.Tool, value) switch
            {
                "pip" => ToolKind.Pip,
                "poetry" => ToolKind.Poetry,
                _ => ToolKind.Uv,
            };
        }
        return tool;
    }

    // Several runtimes (or architectures) make a matrix; each is named once, in the order given.
    private static IReadOnlyList<LambdaRuntime> ResolveRuntimes(SettingValue? value, PyProject project)
    {
        if (value is not null && Items(LayerParameters.Runtime, value) is { Count: > 0 } names)
        {
            return names.Select(name => LambdaRuntimes.Find(Accepted(LayerParameters.Runtime, name, value.Origin))!).Distinct().ToArray();
        }
        return [DefaultRuntime(project)];
    }

    private static LambdaRuntime DefaultRuntime(PyProject project)
    {
        if (project.RequiresPython is null)
        {
            return LambdaRuntimes.All[^1];
        }
        var requirement = PythonRequirement.TryParse(project.RequiresPython, out var error)
            ?? throw new PyProjectException(project.Path,
                $"requires-python '{project.RequiresPython}' in '{project.Path}' cannot be read ({error}). " +
                "Fix it, or pass --runtime to choose the Lambda runtime yourself.");
        return LambdaRuntimes.All.LastOrDefault(r => requirement.AllowsMinor(r.PythonMajor, r.PythonMinor))
            ?? throw new LayerSettingsException("runtime",
                $"No Lambda runtime satisfies requires-python '{project.RequiresPython}' of '{project.Path}'. " +
                $"Lambda offers {LambdaRuntimes.AcceptedNames}: widen requires-python or pass --runtime.");
    }

    private static IReadOnlyList<LambdaArchitecture> ResolveArchitectures(SettingValue? value) =>
        value is not null && Items(LayerParameters.Architecture, value) is { Count: > 0 } names
            ? names.Select(name => LambdaArchitecture.Find(Accepted(LayerParameters.Architecture, name, value.Origin))!).Distinct().ToArray()
            : [LambdaArchitecture.X86_64];

    private static (BuildMode Mode, string Reason) ResolveMode(SettingValue? value, ToolKind tool) => value is null
        ? DefaultBuildMode.Choose(tool)
        : (BuildModeNames.Find(Accepted(LayerParameters.Mode, value))!.Value, $"from {value.Origin}");

    private static ZipRoot ResolveZipRoot(SettingValue? value) =>
        value is not null && Accepted(LayerParameters.ZipLayout, value) == "site-packages" ? ZipRoot.SitePackages : ZipRoot.Python;

    private static PackageIndex? ResolveIndex(Func<LayerParameter, SettingValue?> get, ToolKind tool, PyProject project)
    {
        var url = get(LayerParameters.IndexUrl);
        var name = get(LayerParameters.IndexName);
        var username = get(LayerParameters.IndexUsername);
        var password = get(LayerParameters.IndexPassword);
        if (url is null && name is null && username is null && password is null)
        {
            return null;
        }

        var declared = LayerSettingsValidation.DeclaredIndexes(tool, project);
        var indexName = name?.Single ?? (declared.Count == 1 ? declared[0].Name : tool == ToolKind.Pip ? "private" : null);
        DeclaredIndex? match = null;
        if (tool != ToolKind.Pip)
        {
            if (indexName is null)
            {
                throw new LayerSettingsException("index-name",
                    $"index-name is required: {tool.ToString().ToLowerInvariant()} takes credentials per index declared as " +
                    $"{LayerSettingsValidation.DeclarationKind(tool)} in pyproject.toml (declared: {Names(declared)}).");
            }
            // The declared index's URL is the default for index-url, so the declaration is looked up (and checked) here.
            match = LayerSettingsValidation.FindDeclaredIndex(tool, indexName, project, name?.Origin ?? "the only index declared in pyproject.toml");
        }

        var urlText = url?.Single ?? match?.Url
            ?? throw new LayerSettingsException("index-url",
                "index-url is required when index credentials are given: pass the URL of the private index (its PEP 503 simple page).");
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var uri))
        {
            throw LayerSettingsValidation.InvalidIndexUrl(url?.Origin ?? "the index declared in pyproject.toml");
        }
        return new PackageIndex(match?.Name ?? indexName!, uri, username?.Single, password?.Single);
    }

    private static IReadOnlyList<string> ResolveExcludes(SettingValue? excludes, SettingValue? noDefaults)
    {
        var defaults = Flag(LayerParameters.NoDefaultExcludes, noDefaults) ? [] : LayerSettings.DefaultExcludes;
        return defaults.Concat(List(excludes)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    private static RetentionPolicy? ResolveRetention(Func<LayerParameter, SettingValue?> get)
    {
        var keep = Number(LayerParameters.Retain, get(LayerParameters.Retain), max: 10_000);
        var days = Number(LayerParameters.RetainDays, get(LayerParameters.RetainDays), max: 100_000);
        var dryRun = Flag(LayerParameters.RetainDryRun, get(LayerParameters.RetainDryRun));
        return keep is null && days is null ? null : new RetentionPolicy(keep, days, dryRun);
    }

    // UpdateFunctionCode takes a name (up to 64 characters), a partial ARN (123456789012:function:name) or a full ARN,
    // without a version or alias qualifier: code is always updated on $LATEST.
    private static string ValidateFunctionName(SettingValue value)
    {
        var name = value.Single.Trim();
        if (!FunctionNamePattern().IsMatch(name) || (!name.Contains(':', StringComparison.Ordinal) && name.Length > 64))
        {
            throw new LayerSettingsException(LayerParameters.FunctionName.Name,
                $"function-name '{value.Single}' (from {value.Origin}) is not a Lambda function name or ARN: write the name (letters, digits, " +
                "'-' and '_', at most 64 characters), 123456789012:function:NAME or arn:aws:lambda:REGION:123456789012:function:NAME, without a version or alias.");
        }
        return name;
    }

    // Lambda layer names allow [A-Za-z0-9_-]; a PEP 508 project name may also hold '.'.
    private static string? DefaultLayerName(string? projectName) =>
        string.IsNullOrWhiteSpace(projectName) ? null : InvalidLayerNameCharacters().Replace(projectName.Trim(), "-");

    private static Uri? Endpoint(LayerParameter parameter, SettingValue? value)
    {
        if (value is null)
        {
            return null;
        }
        // Only parsed here: that it is http(s) is the validation's rule, for values from code too.
        return Uri.TryCreate(value.Single, UriKind.Absolute, out var uri)
            ? uri
            : throw LayerSettingsValidation.InvalidEndpoint(parameter, value.Single, value.Origin);
    }

    // ---- value helpers ----

    // A path relative to the folder it is given for; text the system cannot take as a path (a NUL character from a
    // parameters file, say) is that parameter's error, not the runtime's.
    private static string FullPath(LayerParameter parameter, SettingValue value, string baseDirectory)
    {
        try
        {
            return Path.GetFullPath(Path.Combine(baseDirectory, value.Single));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new LayerSettingsException(parameter.Name,
                $"{parameter.Name} (from {value.Origin}) is not a usable path ({e.Message.TrimEnd('.')}): give a folder path.");
        }
    }

    // A value that cannot be used is reported only when it is the one that applies; a parameter of one value
    // given several (`--runtime python3.12 python3.13` in a NUKE build, a TOML array) is an error, not "the last".
    private static SettingValue? Checked(LayerParameter parameter, SettingValue? value)
    {
        if (value?.Refusal is { } refusal)
        {
            throw new LayerSettingsException(parameter.Name, refusal);
        }
        if (value is not null && parameter.Kind != ParameterKind.List && value.Values.Count > 1)
        {
            var given = parameter.Secret ? $"{value.Values.Count} values" : string.Join(" ", value.Values.Select(v => $"'{v}'"));
            throw new LayerSettingsException(parameter.Name,
                $"{parameter.Name} takes one value, but {value.Origin} gives {given}.");
        }
        return value;
    }

    private static string Accepted(LayerParameter parameter, SettingValue value) => Accepted(parameter, value.Single, value.Origin);

    private static string Accepted(LayerParameter parameter, string given, string origin)
    {
        var text = given.Trim().ToLowerInvariant();
        return parameter.AcceptedValues.Contains(text)
            ? text
            : throw Rejected(parameter, given, origin, parameter.AcceptedValues);
    }

    // The values of a parameter one by one. Runtimes and architectures are also split on commas wherever they come
    // from ("--architecture x86_64,arm64", a TOML string, a NUKE value): their names never hold one.
    private static IReadOnlyList<string> Items(LayerParameter parameter, SettingValue value) =>
        parameter == LayerParameters.Runtime || parameter == LayerParameters.Architecture
            ? value.Values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray()
            : parameter.Kind == ParameterKind.List ? List(value) : [value.Single];

    private static LayerSettingsException Rejected(LayerParameter parameter, string given, string origin, IReadOnlyList<string> accepted) =>
        new(parameter.Name,
            $"Unknown {parameter.Name} '{given}' (from {origin}). Accepted values: {string.Join(", ", accepted)}.");

    private static LayerSettingsException UnknownParameter(string key, string origin) =>
        new(key,
            $"Unknown setting '{key}' in {origin}. Known settings: " +
            string.Join(", ", LayerParameters.All.Where(p => !p.FrontEndOnly).Select(p => p.Name)) + ".");

    private static IReadOnlyList<string> List(SettingValue? value) =>
        value?.Values.Where(v => v.Length > 0).ToArray() ?? [];

    private static bool Flag(LayerParameter parameter, SettingValue? value)
    {
        if (value is null)
        {
            return false;
        }
        return value.Single.Trim().ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "on" or "" => true,
            "false" or "0" or "no" or "off" => false,
            _ => throw new LayerSettingsException(parameter.Name,
                $"{parameter.Name} '{value.Single}' (from {value.Origin}) must be true or false."),
        };
    }

    // A bound given here is the parameter's own sanity limit; limits Lambda sets are the validation's rules.
    private static int? Number(LayerParameter parameter, SettingValue? value, int? max = null)
    {
        if (value is null)
        {
            return null;
        }
        if (int.TryParse(value.Single.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number <= (max ?? int.MaxValue))
        {
            return number;
        }
        throw new LayerSettingsException(parameter.Name,
            $"{parameter.Name} '{value.Single}' (from {value.Origin}) must be a whole number" + (max is null ? "." : $" from 0 to {max}."));
    }

    private static string Names(IReadOnlyList<DeclaredIndex> declared) =>
        declared.Count == 0 ? "none" : string.Join(", ", declared.Select(d => d.Name));

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex InvalidLayerNameCharacters();

    [GeneratedRegex(@"^((arn:aws[a-zA-Z-]*:lambda:[a-z]{2}(-gov)?-[a-z]+-\d:)?\d{12}:function:)?[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex FunctionNamePattern();
}
