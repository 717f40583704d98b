using LambdaLayers.Pipeline;
using LambdaLayers.Settings;

namespace LambdaLayers.Publishing;

/// <summary>
/// The published Description: the user's text followed by <see cref="LayerFingerprint.DescriptionMarker"/>
/// and the fingerprint, within Lambda's <see cref="LambdaLimits.DescriptionCharacters"/> characters. The user's text is shortened when needed, never
/// the marker, because the marker is how later runs recognise the version.
/// </summary>
public static class LayerDescription
{
    public static string Compose(string? userText, string fingerprint)
    {
        var marker = LayerFingerprint.DescriptionMarker + fingerprint;
        var text = (userText ?? "").Trim();
        if (text.Length == 0)
        {
            return marker;
        }
        var room = LambdaLimits.DescriptionCharacters - marker.Length - 1;
        if (text.Length > room)
        {
            text = room > 1 ? text[..(room - 1)].TrimEnd() + "…" : "";
        }
        return text.Length == 0 ? marker : $"{text} {marker}";
    }

    /// <summary>The fingerprint a Description carries, or null.</summary>
    public static string? FingerprintOf(string? description)
    {
        if (description is null) return null;
        var at = description.LastIndexOf(LayerFingerprint.DescriptionMarker, StringComparison.Ordinal);
        if (at < 0) return null;
        var rest = description[(at + LayerFingerprint.DescriptionMarker.Length)..];
        var end = 0;
        while (end < rest.Length && Uri.IsHexDigit(rest[end])) end++;
        return end == 0 ? null : rest[..end].ToLowerInvariant();
    }

    public static bool Carries(string? description, string fingerprint) =>
        string.Equals(FingerprintOf(description), fingerprint, StringComparison.OrdinalIgnoreCase);
}
