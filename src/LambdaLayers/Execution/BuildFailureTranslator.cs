using System.Text.RegularExpressions;
using LambdaLayers.Planning;
using LambdaLayers.Settings;

namespace LambdaLayers.Execution;

/// <summary>
/// Turns a failed command's output into the error a user can act on. The tools' tell-tale lines are data
/// (one table, checked in order: a stale lock, then authentication and an unreachable index, which pip reports as
/// warnings before its "no matching distribution" error, then a missing wheel); anything else gives the
/// command, its exit code and its last lines. <see cref="HostExecutor"/> calls this; the container executor
/// reports a failed script with its step and last lines instead.
/// </summary>
public static class BuildFailureTranslator
{
    /// <summary>How many trailing lines an error shows.</summary>
    public const int ShownLines = 20;

    private static readonly (BuildFailureKind Kind, Regex Pattern)[] Rules =
    [
        (BuildFailureKind.LockOutOfDate, new Regex(
            @"poetry\.lock is not consistent with pyproject\.toml|pyproject\.toml changed significantly since poetry\.lock|" +
            @"lock file is not up to date|lockfile at .* needs to be updated", RegexOptions.IgnoreCase)),
        (BuildFailureKind.IndexAuthentication, new Regex(
            @"\b40[13]\b[^\n]*(unauthori[sz]ed|forbidden|client error|credentials)|credentials not correct|" +
            @"(unauthori[sz]ed|forbidden) for url|status code:? 40[13]|HTTPError[^\n]*40[13]|authentication (failed|required)|" +
            @"missing or invalid credentials", RegexOptions.IgnoreCase)),
        (BuildFailureKind.IndexUnreachable, new Regex(
            @"Connection refused|Failed to establish a new connection|Name or service not known|Temporary failure in name resolution|" +
            @"Max retries exceeded|No route to host|ConnectTimeout|Connection timed out|dns error|error sending request|" +
            @"Could not fetch URL|ConnectionError", RegexOptions.IgnoreCase)),
        (BuildFailureKind.NoCompatibleDistribution, new Regex(
            @"No matching distribution found for (?<name>[A-Za-z0-9][A-Za-z0-9._-]*)|" +
            @"Because (?<name>[A-Za-z0-9][A-Za-z0-9._-]*)(==\S+)? has no wheels with a matching|" +
            @"Because (?<name>[A-Za-z0-9][A-Za-z0-9._-]*) was not found in the package registry|" +
            @"Unable to find installation candidates for (?<name>[A-Za-z0-9][A-Za-z0-9._-]*)")),
    ];

    /// <summary>What the output says went wrong and, for a missing wheel, which distribution (for <see cref="PackageIndexProbe"/>).</summary>
    public static (BuildFailureKind Kind, string? Distribution) Recognise(IReadOnlyList<string> output)
    {
        var (kind, match) = FirstRule(output);
        return (kind, match is not null && match.Groups["name"].Success ? match.Groups["name"].Value : null);
    }

    // The first rule (in table order) a line matches, with that match; CommandFailed and null when none does.
    private static (BuildFailureKind Kind, Match? Match) FirstRule(IReadOnlyList<string> lines)
    {
        foreach (var (kind, pattern) in Rules)
        {
            if (lines.Select(l => pattern.Match(l)).FirstOrDefault(m => m.Success) is { } match)
            {
                return (kind, match);
            }
        }
        return (BuildFailureKind.CommandFailed, null);
    }

    /// <summary>
    /// The error for a failed command. When the output only says nothing was found, the index is asked
    /// directly, because pip reports refused credentials and unreachable hosts that way too.
    /// </summary>
    public static async Task<BuildCommandFailedException> ExplainAsync(BuildPlan plan, PlanCommand command,
        int exitCode, IReadOnlyList<string> output, SecretMasker masker, CancellationToken cancellationToken)
    {
        var (kind, distribution) = Recognise(output);
        BuildFailureKind? diagnosed = null;
        if (plan.Index is { } index && kind is BuildFailureKind.NoCompatibleDistribution or BuildFailureKind.CommandFailed)
        {
            diagnosed = await PackageIndexProbe.DiagnoseAsync(index, distribution, cancellationToken);
        }
        return Translate(plan, command, exitCode, output, masker, diagnosed);
    }

    /// <summary>
    /// Makes the error for a failed command. <paramref name="diagnosed"/> is what
    /// <see cref="PackageIndexProbe"/> found when the output alone was not conclusive (an authentication or
    /// connection failure); it wins over the output.
    /// </summary>
    public static BuildCommandFailedException Translate(BuildPlan plan, PlanCommand command, int exitCode, IReadOnlyList<string> output,
        SecretMasker masker, BuildFailureKind? diagnosed = null)
    {
        var lines = output.Select(masker.Apply).ToList();
        var last = lines.TakeLast(ShownLines).ToList();
        var display = masker.Apply(command.Display);
        var ran = $"`{display}` exited with code {exitCode}";
        var index = plan.IndexName is null ? "the package index" : $"index '{plan.IndexName}' ({plan.IndexDisplayUrl})";

        var (kind, match) = diagnosed is { } forced ? (forced, null) : FirstRule(lines);
        var evidence = match?.Value.Trim() ?? (kind == BuildFailureKind.IndexAuthentication
            ? "the index answers 401/403 to these credentials"
            : "the index cannot be reached from this machine");
        switch (kind)
        {
            case BuildFailureKind.LockOutOfDate:
                var lockFile = LayerSettings.ManifestFileName(plan.Tool);
                var relock = plan.Tool == ToolKind.Uv ? "`uv lock`" : "`poetry lock --no-update` (Poetry 2.x: `poetry lock`)";
                return new(masker.Apply(
                    $"{lockFile} is out of date with pyproject.toml (its content hash no longer matches the dependencies declared " +
                    $"there), so the locked versions cannot be trusted. Run {relock} in the project, commit {lockFile}, and build " +
                    $"again. ({ran}.)"), display, exitCode, last, kind);
            case BuildFailureKind.IndexAuthentication:
                return new(masker.Apply(
                    $"Authentication failed for {index}: the index refused the credentials (\"{evidence}\"). Check " +
                    $"--index-username/--index-password (LAMBDA_LAYERS_INDEX_USERNAME/LAMBDA_LAYERS_INDEX_PASSWORD) and that the " +
                    $"account may read this index. ({ran}.)"), display, exitCode, last, kind);
            case BuildFailureKind.NoCompatibleDistribution:
                var name = match!.Groups["name"].Value;
                var message = plan.Mode == BuildMode.CrossPlatform
                    ? $"'{name}' has no wheel for the target platform {plan.TargetDescription}: a cross-platform build only installs " +
                      $"prebuilt manylinux wheels for the runtime's CPython version and architecture, and the index offers none for " +
                      $"'{name}'. Pin a version of '{name}' that publishes such a wheel, or build with --mode container so it can " +
                      $"be built for Lambda from source. ({ran}.)"
                    : $"No installable distribution of '{name}' was found on {index} for {plan.TargetDescription}: check that the " +
                      $"pinned version exists there and publishes a wheel or sdist this interpreter can use. ({ran}.)";
                return new(masker.Apply(message), display, exitCode, last, kind, name);
            case BuildFailureKind.IndexUnreachable:
                return new(masker.Apply(
                    $"Could not reach {index}: \"{evidence}\". Check the index URL, the network and any proxy settings, then " +
                    $"build again. ({ran}.)"), display, exitCode, last, kind);
        }

        var title = command.Title ?? command.Program;
        var tail = last.Count == 0 ? " It printed nothing." : " Last output:\n  " + string.Join("\n  ", last);
        var advice = command.FailureAdvice is null ? "" : " " + command.FailureAdvice;
        return new(masker.Apply($"The build step '{title}' failed: {ran}.{advice}{tail}"), display, exitCode, last, BuildFailureKind.CommandFailed);
    }
}
