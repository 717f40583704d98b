namespace LambdaLayers.Packaging;

/// <summary>The rule every zip entry path obeys, so no extractor can be led outside its target folder.</summary>
internal static class ZipPaths
{
    public static bool IsSafe(string path) =>
        path.Length > 0 &&
        !path.StartsWith('/') &&
        !path.Contains('\\') &&
        !path.Contains('\0') &&
        path.Split('/').All(part => part.Length > 0 && part != "." && part != "..");
}
