using System.Globalization;

namespace LambdaLayers.Toml;

/// <summary>A TOML local date (<c>1979-05-27</c>): a calendar day without time or offset.</summary>
public sealed record TomlLocalDate(DateOnly Date)
{
    /// <summary>RFC 3339 full-date, as written in TOML.</summary>
    public override string ToString() => Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
