namespace LambdaLayers.Toml;

/// <summary>
/// A TOML local time (<c>07:32:00.999</c>). <see cref="FractionDigits"/> keeps how many fractional-second
/// digits the document wrote (at most 7, the tick precision; further digits are truncated as TOML allows)
/// so <see cref="ToString"/> gives back the written form.
/// </summary>
public sealed record TomlLocalTime(TimeOnly Time, int FractionDigits)
{
    public override string ToString() => TomlTimeFormat.Time(Time.Ticks, FractionDigits);
}
