using System.Linq.Expressions;
using System.Reflection;
using Nuke.Common.IO;

namespace Nuke.Common;

/// <summary>
/// Stand-in of NUKE's build base class: binds [Parameter] members the way NUKE does (command line, then
/// environment, then .nuke/parameters.json; names matched ignoring case, dashes and underscores) and runs
/// targets after their dependencies. Real NUKE does much more; the components rely on nothing else.
/// </summary>
public abstract class NukeBuild : INukeBuild
{
    private readonly Dictionary<string, IReadOnlyList<string>> arguments = new();
    private IReadOnlyDictionary<string, string> environment = new Dictionary<string, string>();
    private ParameterFile? parameterFile;

    public AbsolutePath RootDirectory { get; set; } = AbsolutePath.Create(FindRoot(Directory.GetCurrentDirectory()));

    public static int Execute<T>(params Expression<Func<T, Target>>[] defaultTargetExpressions)
        where T : NukeBuild, new()
    {
        var build = new T();
        var defaults = defaultTargetExpressions.Select(e => ((MemberExpression)e.Body).Member.Name).ToArray();
        Serilog.Log.Logger = new Serilog.LoggerConfiguration().WriteTo.Sink(new ConsoleSink()).CreateLogger();
        return build.Run(Environment.GetCommandLineArgs()[1..], ReadProcessEnvironment(), defaults);
    }

    /// <summary>Parses the arguments, binds parameters and runs the requested targets (or the defaults).</summary>
    public int Run(string[] args, IReadOnlyDictionary<string, string> environmentVariables, params string[] defaultTargets)
    {
        environment = environmentVariables;
        parameterFile = ParameterFile.Find(RootDirectory);
        var requested = new List<string>();
        string? current = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                current = Loose(arg[2..]);
                arguments[current] = [];
            }
            else if (current is not null)
            {
                arguments[current] = [.. arguments[current], arg];
            }
            else
            {
                requested.Add(arg);
            }
        }
        try
        {
            foreach (var target in PlanFor(requested.Count > 0 ? requested : defaultTargets))
            {
                Serilog.Log.Information("Target {Target}", target.Name);
                target.Run();
            }
            return 0;
        }
        catch (Exception e)
        {
            LastFailure = e;
            Serilog.Log.Error("{Message}", e.Message);
            return 1;
        }
    }

    /// <summary>The exception that failed the last run, for tests.</summary>
    public Exception? LastFailure { get; private set; }

    /// <summary>The targets this build declares, through its class and every component interface.</summary>
    public IReadOnlyList<TargetInfo> Targets => DiscoverTargets();

    /// <summary>The targets that run, in order, when <paramref name="names"/> are requested.</summary>
    public IReadOnlyList<TargetInfo> PlanFor(IEnumerable<string> names)
    {
        var targets = DiscoverTargets();
        var ordered = new List<TargetInfo>();
        void Visit(TargetInfo target, HashSet<string> path)
        {
            if (ordered.Contains(target)) return;
            if (!path.Add(target.Name)) throw new InvalidOperationException($"Circular dependency at {target.Name}.");
            foreach (var dependency in target.DependsOn) Visit(targets.Single(t => t.Name == dependency), path);
            ordered.Add(target);
        }
        foreach (var name in names)
        {
            var target = targets.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidOperationException($"Target '{name}' is not defined.");
            Visit(target, []);
        }
        return ordered;
    }

    public T? TryGetValue<T>(Expression<Func<T>> parameterExpression) where T : class? =>
        (T?)Bind(((MemberExpression)parameterExpression.Body).Member, typeof(T));

    public T? TryGetValue<T>(Expression<Func<object?>> parameterExpression)
    {
        var body = parameterExpression.Body is UnaryExpression unary ? unary.Operand : parameterExpression.Body;
        return (T?)Bind(((MemberExpression)body).Member, typeof(T));
    }

    private object? Bind(MemberInfo member, Type type)
    {
        var key = Loose(member.Name);
        IReadOnlyList<string>? values = arguments.TryGetValue(key, out var fromArguments) ? fromArguments : null;
        if (values is null)
        {
            var variable = environment.FirstOrDefault(e => Loose(e.Key) == key || Loose(e.Key) == "nuke" + key);
            if (variable.Key is not null)
            {
                values = type == typeof(string[]) ? variable.Value.Split(['+', ' '], StringSplitOptions.RemoveEmptyEntries) : [variable.Value];
            }
        }
        values ??= parameterFile?.Get(key);
        if (values is null)
        {
            return null;
        }
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying switch
        {
            _ when underlying == typeof(string[]) => values.ToArray(),
            _ when underlying == typeof(string) => string.Join(' ', values),
            _ when underlying == typeof(bool) => values.Count == 0 || bool.Parse(values[0]),
            _ when underlying == typeof(int) => int.Parse(values[0], System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new NotSupportedException($"The NUKE stand-in cannot bind parameters of type {type}."),
        };
    }

    private List<TargetInfo> DiscoverTargets()
    {
        var properties = GetType().GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Concat(GetType().GetInterfaces().SelectMany(i => i.GetProperties()))
            .Where(p => p.PropertyType == typeof(Target))
            .GroupBy(p => p.Name)
            .Select(g => g.First())
            .ToList();
        var delegates = properties.ToDictionary(p => p.Name, p => (Target)p.GetValue(this)!);
        var byMethod = delegates.ToDictionary(d => d.Value.Method, d => d.Key);
        return delegates.Select(d =>
        {
            var definition = new TargetDefinition();
            d.Value(definition);
            var dependencies = definition.Dependencies.Select(t => byMethod[t.Method]).ToArray();
            return new TargetInfo(d.Key, definition.DescriptionText, dependencies, definition.Run);
        }).ToList();
    }

    private static string Loose(string name) => new(name.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    private static string FindRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, ".nuke"))) return directory.FullName;
        }
        return start;
    }

    private static Dictionary<string, string> ReadProcessEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
}
