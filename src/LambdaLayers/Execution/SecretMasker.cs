using LambdaLayers.Planning;

namespace LambdaLayers.Execution;

/// <summary>
/// Replaces secret values in text with <c>****</c>. Built from a plan, it masks the value of every variable
/// the plan marks secret and, for values that are URLs with credentials, the password part alone (raw and
/// percent-encoded), since tools print URLs and passwords in pieces.
/// </summary>
public sealed class SecretMasker
{
    public const string Mask = "****";

    private readonly string[] _secrets;

    public SecretMasker(IEnumerable<string> secrets)
    {
        _secrets = secrets
            .Where(s => !string.IsNullOrEmpty(s))
            .SelectMany(s => new[] { s, Uri.EscapeDataString(s) })
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length) // longest first, so a secret containing another is masked whole
            .ToArray();
    }

    public IReadOnlyList<string> Secrets => _secrets;

    /// <summary>Masks nothing: for commands that carry no secret (version probes, docker queries).</summary>
    public static SecretMasker None { get; } = new([]);

    /// <summary>
    /// The masker both executors use: every secret the plan's commands carry and the password of the
    /// plan's index (should a hand-made plan not carry it in a command).
    /// </summary>
    public static SecretMasker For(BuildPlan plan) =>
        new(SecretValues(plan).Append(plan.Index?.Password ?? ""));

    /// <summary>Every secret value a plan's commands carry, including passwords inside URL values.</summary>
    public static IEnumerable<string> SecretValues(BuildPlan plan)
    {
        foreach (var command in plan.Commands)
        {
            foreach (var (name, value) in command.Environment)
            {
                if (!command.SecretNames.Contains(name))
                {
                    continue;
                }
                yield return value;
                foreach (var part in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (Uri.TryCreate(part, UriKind.Absolute, out var uri) && uri.UserInfo.Contains(':'))
                    {
                        var password = uri.UserInfo[(uri.UserInfo.IndexOf(':') + 1)..];
                        yield return password;
                        yield return Uri.UnescapeDataString(password);
                    }
                }
            }
        }
    }

    public string Apply(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }
        return text;
    }
}
