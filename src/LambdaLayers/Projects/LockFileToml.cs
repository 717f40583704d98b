using Tomlyn;
using Tomlyn.Model;

namespace LambdaLayers.Projects;

/// <summary>
/// Reads poetry.lock and uv.lock. They are written by the tools, can be megabytes, and are read on every
/// run, so they get Tomlyn's plain read (no validating second pass as for pyproject.toml) and only when
/// their text mentions a local source at all.
/// </summary>
internal static class LockFileToml
{
    public static TomlTable Parse(string path, string text, string relock)
    {
        try
        {
            return TomlSerializer.Deserialize<TomlTable>(text, new TomlSerializerOptions { SourceName = path }) ?? new TomlTable();
        }
        catch (TomlException e)
        {
            var located = e.Diagnostics.Count > 0 ? e.Diagnostics[0] : null;
            var where = located is null ? path : $"{path}:{located.Span.Start.Line + 1}:{located.Span.Start.Column + 1}";
            throw new PyProjectException(path,
                $"{Path.GetFileName(path)} is not valid TOML: {where}: {(located?.Message ?? e.Message).TrimEnd('.')}. Regenerate it with {relock}.", e);
        }
    }

    public static IEnumerable<TomlTable> Packages(TomlTable lockFile) =>
        lockFile.TryGetValue("package", out var packages) && packages is TomlTableArray tables ? tables : [];

    public static string? String(TomlTable? table, string key) =>
        table is not null && table.TryGetValue(key, out var value) && value is string text ? text : null;

    public static object? Value(TomlTable? table, string key) =>
        table is not null && table.TryGetValue(key, out var value) ? value : null;

    public static TomlTable? Table(TomlTable? table, string key) =>
        table is not null && table.TryGetValue(key, out var value) ? value as TomlTable : null;

    /// <summary>The tables of an array value (<c>[[x]]</c> headers or an inline array of tables).</summary>
    public static IEnumerable<TomlTable> Tables(TomlTable? table, string key) =>
        table is null || !table.TryGetValue(key, out var value) ? []
        : value switch
        {
            TomlTableArray tables => tables,
            TomlArray array => array.OfType<TomlTable>(),
            _ => [],
        };

    /// <summary>PEP 503 normalisation: lower case, runs of "-", "_" and "." as one "-".</summary>
    public static string Normalize(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length);
        var dash = false;
        foreach (var c in name.Trim())
        {
            if (c is '-' or '_' or '.')
            {
                dash = true;
                continue;
            }
            if (dash && builder.Length > 0)
            {
                builder.Append('-');
            }
            dash = false;
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}
