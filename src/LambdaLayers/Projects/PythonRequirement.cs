using System.Globalization;
using System.Text.RegularExpressions;

namespace LambdaLayers.Projects;

/// <summary>
/// A requires-python constraint — PEP 440 (<c>&gt;=3.10,&lt;3.13</c>, <c>~=3.11</c>, <c>==3.12.*</c>) or Poetry's
/// form (<c>^3.10</c>, <c>~3.11</c>, <c>&gt;=3.9 || ^3.12</c>) — asked one question: can a Lambda runtime of
/// Python X.Y satisfy it? A runtime ships one patch release of X.Y that AWS keeps current, so the
/// runtime satisfies the constraint when some patch release of X.Y does.
/// </summary>
public sealed partial class PythonRequirement
{
    private readonly IReadOnlyList<IReadOnlyList<Clause>> alternatives;

    private PythonRequirement(string text, IReadOnlyList<IReadOnlyList<Clause>> alternatives)
    {
        Text = text;
        this.alternatives = alternatives;
    }

    public string Text { get; }

    /// <summary>Parses the constraint; returns null and an explanation when it cannot be read.</summary>
    public static PythonRequirement? TryParse(string text, out string? error)
    {
        error = null;
        var alternatives = new List<IReadOnlyList<Clause>>();
        foreach (var alternative in text.Split("||"))
        {
            var clauses = new List<Clause>();
            foreach (var part in ClauseSplitter().Split(alternative.Trim()).Where(p => p.Length > 0 && p != "*"))
            {
                var match = ClausePattern().Match(part);
                if (!match.Success)
                {
                    error = $"'{part}' is not a version constraint";
                    return null;
                }
                var op = match.Groups["op"].Value;
                var version = match.Groups["version"].Value;
                var wildcard = version.EndsWith(".*", StringComparison.Ordinal);
                var parts = (wildcard ? version[..^2] : version).Split('.');
                var numbers = new int[parts.Length];
                if (parts.Where((digits, i) => !int.TryParse(digits, CultureInfo.InvariantCulture, out numbers[i])).Any())
                {
                    error = $"'{part}' holds a version number too large to be a Python version";
                    return null;
                }
                if (op == "~=" && numbers.Length < 2)
                {
                    // PEP 440: a compatible-release clause needs at least two release segments (~=3.11, not ~=3).
                    error = $"'{part}' needs at least two version parts, such as ~=3.11";
                    return null;
                }
                clauses.AddRange(Expand(op.Length == 0 ? "==" : op, numbers, wildcard));
            }
            alternatives.Add(clauses);
        }
        return new PythonRequirement(text, alternatives);
    }

    /// <summary>True when some patch release of <paramref name="major"/>.<paramref name="minor"/> satisfies the constraint.</summary>
    public bool AllowsMinor(int major, int minor) =>
        Enumerable.Range(0, 100).Any(patch =>
            alternatives.Any(clauses => clauses.All(c => c.Allows([major, minor, patch]))));

    public override string ToString() => Text;

    // Caret, tilde and compatible-release forms become plain bounds; a wildcard becomes a prefix match.
    private static IEnumerable<Clause> Expand(string op, int[] v, bool wildcard)
    {
        switch (op)
        {
            case "^":
                var upper = v[0] != 0 || v.Length == 1 ? new[] { v[0] + 1 } : new[] { 0, v[1] + 1 };
                return [new Clause(">=", v, false), new Clause("<", upper, false)];
            case "~" when v.Length >= 2:
                return [new Clause(">=", v, false), new Clause("<", [v[0], v[1] + 1], false)];
            case "~":
                return [new Clause(">=", v, false), new Clause("<", [v[0] + 1], false)];
            case "~=":
                var prefix = v[..^1];
                prefix[^1]++;
                return [new Clause(">=", v, false), new Clause("<", prefix, false)];
            default:
                return [new Clause(op == "===" ? "==" : op, v, wildcard)];
        }
    }

    private sealed record Clause(string Op, int[] Version, bool Wildcard)
    {
        public bool Allows(int[] candidate)
        {
            if (Wildcard)
            {
                var prefixMatches = Version.Select((part, i) => i < candidate.Length && candidate[i] == part).All(x => x);
                return Op == "!=" ? !prefixMatches : prefixMatches;
            }
            var order = Compare(candidate, Version);
            return Op switch
            {
                ">=" => order >= 0,
                ">" => order > 0,
                "<=" => order <= 0,
                "<" => order < 0,
                "==" => order == 0,
                "!=" => order != 0,
                _ => false,
            };
        }

        // Missing parts count as zero, as PEP 440 pads release segments.
        private static int Compare(int[] a, int[] b)
        {
            for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
            {
                var difference = (i < a.Length ? a[i] : 0).CompareTo(i < b.Length ? b[i] : 0);
                if (difference != 0) return difference;
            }
            return 0;
        }
    }

    [GeneratedRegex(@"\s*,\s*|\s+(?=[<>=!~^])")]
    private static partial Regex ClauseSplitter();

    [GeneratedRegex(@"^(?<op>===|==|!=|~=|>=|<=|>|<|\^|~)?\s*(?<version>\d+(\.\d+)*(\.\*)?)$")]
    private static partial Regex ClausePattern();
}
