namespace LambdaLayers.Settings;

/// <summary>
/// Checks <c>--exclude-pattern</c> values before anything runs. The matcher reads patterns as .gitignore
/// does, but only with <c>*</c>, <c>?</c>, <c>**</c> and a trailing '/'; anything else a user might write
/// (character classes, braces, negation, '..') would otherwise be taken literally and silently match
/// nothing, leaving files in the layer the user meant to drop. Such a pattern is an error that says so.
/// </summary>
public static class ExcludePatternRules
{
    private const string Syntax =
        "Patterns are read like .gitignore: '*' and '?' match within a path part, '**' spans parts, a trailing '/' matches folders, " +
        "and a pattern with a '/' is anchored at the layer root (for example 'tests/', '*.pyi', 'bin/*', '**/docs/**').";

    // Each rule: a test on the trimmed pattern and what to say when it fails.
    private static readonly IReadOnlyList<(Func<string, bool> IsMalformed, string Reason)> Rules =
    [
        (p => p.Length == 0, "is blank"),
        (p => p.Any(char.IsControl), "contains a control character"),
        (p => p.Trim('/').Length == 0, "would match the whole layer"),
        (p => p.StartsWith('!'), "starts with '!': negation is not supported; list only what to leave out"),
        (p => p.IndexOfAny(['[', ']', '{', '}']) >= 0, "uses '[…]' or '{…}', which are not supported; write one pattern per alternative"),
        (p => p.Replace('\\', '/').Split('/').Any(part => part == ".."), "contains '..': patterns are relative to the layer tree and cannot leave it"),
        (p => p.Replace('\\', '/').Split('/').Any(part => part.Contains("**") && part != "**"), "uses '**' inside a path part; '**' must stand alone between slashes, as in '**/tests/'"),
    ];

    /// <summary>Returns the patterns unchanged, or throws a <see cref="LayerSettingsException"/> naming the first malformed one.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<string> patterns, string? origin)
    {
        foreach (var pattern in patterns)
        {
            var trimmed = pattern.Trim();
            foreach (var (isMalformed, reason) in Rules)
            {
                if (isMalformed(trimmed))
                {
                    throw new LayerSettingsException(LayerParameters.ExcludePattern.Name,
                        $"exclude-pattern '{pattern}' (from {origin ?? "the settings"}) {reason}. {Syntax}");
                }
            }
        }
        return patterns;
    }
}
