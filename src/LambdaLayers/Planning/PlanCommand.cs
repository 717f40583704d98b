namespace LambdaLayers.Planning;

/// <summary>
/// One step of a build plan: a program, its arguments, its working folder and the environment it adds.
/// Paths in arguments and the working folder are written for the <see cref="ExecutionEnvironment"/> the
/// plan was made for, so the same strategy serves the host and the container.
/// </summary>
public sealed record PlanCommand(string Program, IReadOnlyList<string> Arguments, string WorkingDirectory)
{
    /// <summary>Variables set for this command only. Values of names in <see cref="SecretNames"/> are secrets.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Names in <see cref="Environment"/> whose values must never be shown, logged or written.</summary>
    public IReadOnlySet<string> SecretNames { get; init; } = new HashSet<string>();

    /// <summary>
    /// Prefixes of inherited variables removed before the command runs (for example <c>PIP_</c>), so a
    /// machine's own tool configuration cannot change what the plan installs.
    /// </summary>
    public IReadOnlyList<string> ClearedEnvironmentPrefixes { get; init; } = [];

    /// <summary>A short description for logs ("pip install into artifacts/python").</summary>
    public string? Title { get; init; }

    /// <summary>
    /// What to tell the user when this step fails for a reason the failure translator does not recognise from
    /// the output (a path dependency's build backend that fails: which dependency, and what to do).
    /// </summary>
    public string? FailureAdvice { get; init; }

    /// <summary>
    /// The command line for logs and error messages (secrets are masked by the caller). A program passed to
    /// <c>python -c</c> that spans lines is shown by its size, not its text: the plans' small Python steps
    /// would otherwise fill the log with their source at every run.
    /// </summary>
    public string Display => string.Join(' ', new[] { Program }.Concat(Arguments.Select((a, i) =>
        i > 0 && Arguments[i - 1] == "-c" && a.Contains('\n') ? $"<python program, {a.TrimEnd('\n').Split('\n').Length} lines>" : a)).Select(Quote));

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,+@%".Contains(c)) ? arg : $"'{arg.Replace("'", "'\\''")}'";
}
