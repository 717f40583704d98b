namespace LambdaLayers.Tests.Publishing;

/// <summary>
/// A request as a SigV4 verifier sees it: method, the decoded path, the query string as sent (without '?'),
/// the headers in the order received (a name may repeat) and the body.
/// </summary>
public sealed record SigV4Request(string Method, string Path, string Query, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public IEnumerable<string> HeaderValues(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    public string? Header(string name) => HeaderValues(name).FirstOrDefault();
}
