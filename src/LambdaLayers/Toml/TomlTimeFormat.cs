using System.Globalization;

namespace LambdaLayers.Toml;

/// <summary>Formats times of day the way TOML and RFC 3339 write them.</summary>
internal static class TomlTimeFormat
{
    public const int MaxFractionDigits = 7;

    /// <summary><c>HH:mm:ss</c> plus exactly <paramref name="fractionDigits"/> digits of the second's fraction.</summary>
    public static string Time(long ticksOfDay, int fractionDigits)
    {
        var time = new TimeSpan(ticksOfDay);
        var text = string.Create(CultureInfo.InvariantCulture, $"{time.Hours:00}:{time.Minutes:00}:{time.Seconds:00}");
        if (fractionDigits <= 0)
        {
            return text;
        }
        var fraction = (ticksOfDay % TimeSpan.TicksPerSecond).ToString("0000000", CultureInfo.InvariantCulture);
        return text + "." + fraction[..Math.Min(fractionDigits, MaxFractionDigits)];
    }

    /// <summary>An offset date-time in RFC 3339 with the shortest exact fraction and <c>Z</c> for UTC.</summary>
    public static string OffsetDateTime(DateTimeOffset value)
    {
        var ticks = value.TimeOfDay.Ticks;
        var fraction = (ticks % TimeSpan.TicksPerSecond).ToString("0000000", CultureInfo.InvariantCulture).TrimEnd('0');
        var offset = value.Offset == TimeSpan.Zero
            ? "Z"
            : string.Create(CultureInfo.InvariantCulture,
                $"{(value.Offset < TimeSpan.Zero ? '-' : '+')}{Math.Abs(value.Offset.Hours):00}:{Math.Abs(value.Offset.Minutes):00}");
        return value.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) +
               (fraction.Length > 0 ? "." + fraction : "") + offset;
    }
}
