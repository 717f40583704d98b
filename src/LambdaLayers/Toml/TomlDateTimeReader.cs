using System.Globalization;

namespace LambdaLayers.Toml;

/// <summary>
/// Reads one date/time token (RFC 3339 as TOML restricts it) into an offset date-time, local date-time,
/// local date or local time, checking every field's range including the days of each month.
/// </summary>
internal sealed class TomlDateTimeReader(TomlCursor cursor, int start, string token)
{
    private const string DateForm = "a date YYYY-MM-DD";
    private const string TimeForm = "a time HH:MM:SS with an optional .fraction";

    private int index;

    public object Read()
    {
        if (token.Length > 4 && token[4] == '-')
        {
            var date = ReadDate();
            if (index == token.Length)
            {
                return new TomlLocalDate(date);
            }
            if (token[index] is not ('T' or 't' or ' '))
            {
                throw Invalid($"unexpected '{token[index]}' after the date", "'T' or a space and then a time, or the end of the date");
            }
            index++;
            var (timeTicks, fractionDigits) = ReadTime();
            var local = date.ToDateTime(TimeOnly.MinValue).AddTicks(timeTicks);
            if (index == token.Length)
            {
                return new TomlLocalDateTime(local, fractionDigits);
            }
            var offset = ReadOffset();
            ExpectEnd("a date-time");
            try
            {
                return new DateTimeOffset(local, offset);
            }
            catch (ArgumentOutOfRangeException)
            {
                throw Invalid("date-time outside the range 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z in UTC",
                    "a date-time whose UTC equivalent lies in years 1 to 9999");
            }
        }
        var (ticks, digits) = ReadTime();
        ExpectEnd("a local time");
        return new TomlLocalTime(new TimeOnly(ticks), digits);
    }

    private DateOnly ReadDate()
    {
        var year = ReadField(4, DateForm);
        ExpectSeparator('-', DateForm);
        var month = ReadField(2, DateForm);
        ExpectSeparator('-', DateForm);
        var day = ReadField(2, DateForm);
        if (month is < 1 or > 12)
        {
            throw Invalid($"month {month:00} does not exist", "a month from 01 to 12");
        }
        var daysInMonth = DateTime.DaysInMonth(Math.Max(year, 1), month);
        if (year == 0 || day < 1 || day > daysInMonth)
        {
            throw Invalid($"{year:0000}-{month:00}-{day:00} is not a calendar date",
                year == 0 ? "a year from 0001 to 9999" : $"a day from 01 to {daysInMonth} for that month");
        }
        return new DateOnly(year, month, day);
    }

    private (long Ticks, int FractionDigits) ReadTime()
    {
        var hour = ReadField(2, TimeForm);
        ExpectSeparator(':', TimeForm);
        var minute = ReadField(2, TimeForm);
        ExpectSeparator(':', "seconds (TOML 1.0 requires HH:MM:SS)");
        var second = ReadField(2, TimeForm);
        if (hour > 23 || minute > 59 || second > 59)
        {
            throw Invalid($"{hour:00}:{minute:00}:{second:00} is not a time of day",
                second == 60 ? "seconds from 00 to 59 (leap seconds cannot be represented)" : "hours 00-23, minutes 00-59, seconds 00-59");
        }
        var ticks = new TimeSpan(hour, minute, second).Ticks;
        var fractionDigits = 0;
        if (index < token.Length && token[index] == '.')
        {
            index++;
            var first = index;
            while (index < token.Length && char.IsAsciiDigit(token[index]))
            {
                index++;
            }
            fractionDigits = index - first;
            if (fractionDigits == 0)
            {
                throw Invalid("'.' without digits in the seconds", "digits after the '.'");
            }
            // Precision beyond 100 ns (a tick) is truncated, as TOML permits.
            var kept = token.Substring(first, Math.Min(fractionDigits, TomlTimeFormat.MaxFractionDigits))
                .PadRight(TomlTimeFormat.MaxFractionDigits, '0');
            ticks += long.Parse(kept, CultureInfo.InvariantCulture);
            fractionDigits = Math.Min(fractionDigits, TomlTimeFormat.MaxFractionDigits);
        }
        return (ticks, fractionDigits);
    }

    private TimeSpan ReadOffset()
    {
        const string OffsetForm = "'Z' or an offset +HH:MM / -HH:MM";
        var sign = token[index];
        if (sign is 'Z' or 'z')
        {
            index++;
            return TimeSpan.Zero;
        }
        if (sign is not ('+' or '-'))
        {
            throw Invalid($"unexpected '{sign}' after the time", OffsetForm);
        }
        index++;
        var hours = ReadField(2, OffsetForm);
        ExpectSeparator(':', OffsetForm);
        var minutes = ReadField(2, OffsetForm);
        if (hours > 23 || minutes > 59)
        {
            throw Invalid($"offset {sign}{hours:00}:{minutes:00} is out of range", "an offset with hours 00-23 and minutes 00-59");
        }
        if (hours > 14 || (hours == 14 && minutes > 0))
        {
            throw Invalid($"offset {sign}{hours:00}:{minutes:00} is beyond ±14:00, which cannot be represented", "an offset from -14:00 to +14:00");
        }
        var offset = new TimeSpan(hours, minutes, 0);
        return sign == '-' ? -offset : offset;
    }

    private int ReadField(int digits, string form)
    {
        var value = 0;
        for (var i = 0; i < digits; i++, index++)
        {
            if (index >= token.Length || !char.IsAsciiDigit(token[index]))
            {
                throw Invalid(index >= token.Length ? "it ends too early" : $"unexpected '{token[index]}'", $"{form} with exactly {digits} digits per field");
            }
            value = value * 10 + (token[index] - '0');
        }
        return value;
    }

    private void ExpectSeparator(char separator, string form)
    {
        if (index >= token.Length || token[index] != separator)
        {
            throw Invalid(index >= token.Length ? "it ends too early" : $"unexpected '{token[index]}'", $"'{separator}' in {form}");
        }
        index++;
    }

    private void ExpectEnd(string what)
    {
        if (index != token.Length)
        {
            throw Invalid($"unexpected '{token[index..]}' after {what}", "the end of the value");
        }
    }

    private TomlParseException Invalid(string problem, string expected) =>
        cursor.ErrorAt(start, string.Create(CultureInfo.InvariantCulture, $"invalid date/time '{token}': {problem}"), expected);
}
