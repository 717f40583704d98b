using System.Globalization;

namespace LambdaLayers.Toml;

/// <summary>
/// A TOML local date-time (<c>1979-05-27T07:32:00</c>): no offset, so it names no single instant.
/// <see cref="DateTime"/> has <see cref="DateTimeKind.Unspecified"/>; <see cref="FractionDigits"/> keeps how many
/// fractional-second digits were written (at most 7).
/// </summary>
public sealed record TomlLocalDateTime(DateTime DateTime, int FractionDigits)
{
    public override string ToString() =>
        DateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T" +
        TomlTimeFormat.Time(DateTime.TimeOfDay.Ticks, FractionDigits);
}
