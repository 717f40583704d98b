using System.Text.RegularExpressions;
using LambdaLayers.FileSystem;

namespace LambdaLayers.Projects;

/// <summary>
/// An index option written in requirements.txt itself (<c>--index-url URL</c>, <c>-i URL</c>,
/// <c>--extra-index-url URL</c>). pip honours these over its environment, so an index configured through
/// LambdaLayers is replaced (or joined) by the file's one; errors must then name the index pip really used.
/// </summary>
/// <param name="Line">1-based line number in the file.</param>
/// <param name="Option">The option as pip knows it: <c>--index-url</c> or <c>--extra-index-url</c>.</param>
/// <param name="Url">The URL as written (it may carry credentials: show <see cref="DisplayUrl"/> only).</param>
public sealed record RequirementsIndexOption(int Line, string Option, string Url)
{
    // pip's spellings: long and short form, value after a space or '=' (pip's own requirements-file parser).
    private static readonly Regex Pattern = new(
        @"^\s*(?<option>--index-url|-i|--extra-index-url)(\s*=\s*|\s+)(?<url>\S+)", RegexOptions.CultureInvariant);

    public bool ReplacesIndex => Option == "--index-url";

    /// <summary>The URL without user info, safe to show.</summary>
    public string DisplayUrl =>
        Uri.TryCreate(Url, UriKind.Absolute, out var uri) ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString() : Url;

    /// <summary>Every index option in the requirements file at <paramref name="path"/>, in file order.</summary>
    public static IReadOnlyList<RequirementsIndexOption> Read(string path)
    {
        var text = RegularFile.ReadAllText(path, "Replace it with the project's requirements.txt.");
        var found = new List<RequirementsIndexOption>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var match = Pattern.Match(lines[i]);
            if (match.Success)
            {
                var option = match.Groups["option"].Value == "-i" ? "--index-url" : match.Groups["option"].Value;
                found.Add(new RequirementsIndexOption(i + 1, option, match.Groups["url"].Value.TrimEnd('\r')));
            }
        }
        return found;
    }
}
