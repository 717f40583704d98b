namespace LambdaLayers.Containers;

/// <summary>Replaces every known secret value (and its URL-encoded form) in a line with ***.</summary>
internal sealed class SecretMasker
{
    private readonly string[] _secrets;

    public SecretMasker(IEnumerable<string> secrets)
    {
        _secrets = secrets
            .Where(s => s.Length > 0)
            .SelectMany(s => new[] { s, Uri.EscapeDataString(s) })
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length) // a longer secret containing a shorter one goes first
            .ToArray();
    }

    public string Mask(string line)
    {
        foreach (var secret in _secrets)
        {
            line = line.Replace(secret, "***", StringComparison.Ordinal);
        }
        return line;
    }
}
