using System.Text;
using System.Text.RegularExpressions;

namespace LambdaLayers.Packaging;

/// <summary>
/// File patterns left out of the layer, with .gitignore's reading: a pattern ending in '/' matches only
/// folders (and so everything under them); a pattern without any other '/' matches a file or folder name
/// at any depth (<c>*.pyc</c>, <c>__pycache__/</c>); a pattern with a '/' is anchored at the tree root
/// (<c>bin/*</c>, <c>/docs/</c>). <c>*</c> and <c>?</c> stay within one path part; <c>**</c> spans parts.
/// Paths are relative to <c>artifacts/python</c> with '/' separators. Written here rather than with
/// FileSystemGlobbing, whose patterns are all anchored, so <c>*.pyc</c> would miss every nested file.
/// </summary>
public sealed class ExcludePatternMatcher
{
    private readonly List<Pattern> _patterns;

    public ExcludePatternMatcher(IEnumerable<string> patterns)
    {
        _patterns = patterns
            .Select(p => p.Trim().Replace('\\', '/'))
            .Where(p => p.Length > 0 && p != "/")
            .Select(Parse)
            .ToList();
    }

    public bool IsExcluded(string relativePath)
    {
        if (_patterns.Count == 0)
        {
            return false;
        }
        var parts = relativePath.Split('/');
        foreach (var pattern in _patterns)
        {
            // The last part is the file itself; a folder-only pattern looks at its parent folders only.
            var partsToTest = pattern.FoldersOnly ? parts.Length - 1 : parts.Length;
            for (var i = 0; i < partsToTest; i++)
            {
                var candidate = pattern.Anchored ? string.Join('/', parts, 0, i + 1) : parts[i];
                if (pattern.Regex.IsMatch(candidate))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static Pattern Parse(string text)
    {
        var foldersOnly = text.EndsWith('/');
        var body = text.Trim('/');
        var anchored = text.StartsWith('/') || body.Contains('/');
        return new Pattern(new Regex(ToRegex(body), RegexOptions.CultureInvariant), foldersOnly, anchored);
    }

    private static string ToRegex(string glob)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                var slash = i + 2 < glob.Length && glob[i + 2] == '/';
                regex.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }
        return regex.Append('$').ToString();
    }

    private sealed record Pattern(Regex Regex, bool FoldersOnly, bool Anchored);
}
