using System.Globalization;
using System.Text.Json;

namespace LambdaLayers.Tests.Toml;

/// <summary>
/// Compares two toml-test tagged JSON documents the way toml-test does: structure and types must match
/// exactly, strings and booleans textually, and integers, floats and date/times by value (so "1e3" equals
/// "1000.0", "nan" equals "nan", and "17:45:56.6Z" equals "17:45:56.600Z").
/// </summary>
internal static class TaggedJsonComparer
{
    /// <summary>Null when equal; otherwise where and how they differ.</summary>
    public static string? Difference(JsonElement expected, JsonElement actual, string path = "$")
    {
        if (IsTaggedValue(expected) || IsTaggedValue(actual))
        {
            return CompareTagged(expected, actual, path);
        }
        if (expected.ValueKind != actual.ValueKind)
        {
            return $"{path}: expected a JSON {expected.ValueKind}, got {actual.ValueKind}: {actual.GetRawText()}";
        }
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedKeys = expected.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
                var actualKeys = actual.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
                if (!expectedKeys.SequenceEqual(actualKeys))
                {
                    return $"{path}: expected keys [{string.Join(", ", expectedKeys)}], got [{string.Join(", ", actualKeys)}]";
                }
                return expectedKeys.Select(key => Difference(expected.GetProperty(key), actual.GetProperty(key), $"{path}.{key}"))
                    .FirstOrDefault(difference => difference is not null);
            case JsonValueKind.Array:
                var expectedItems = expected.EnumerateArray().ToList();
                var actualItems = actual.EnumerateArray().ToList();
                if (expectedItems.Count != actualItems.Count)
                {
                    return $"{path}: expected {expectedItems.Count} array elements, got {actualItems.Count}";
                }
                return expectedItems.Select((item, i) => Difference(item, actualItems[i], $"{path}[{i}]"))
                    .FirstOrDefault(difference => difference is not null);
            default:
                return $"{path}: unexpected bare JSON value {expected.GetRawText()} in the expected document";
        }
    }

    private static bool IsTaggedValue(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object &&
        element.EnumerateObject().Count() == 2 &&
        element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String &&
        element.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String;

    private static string? CompareTagged(JsonElement expected, JsonElement actual, string path)
    {
        if (!IsTaggedValue(expected) || !IsTaggedValue(actual))
        {
            return $"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}";
        }
        var type = expected.GetProperty("type").GetString()!;
        var actualType = actual.GetProperty("type").GetString()!;
        var expectedValue = expected.GetProperty("value").GetString()!;
        var actualValue = actual.GetProperty("value").GetString()!;
        if (type != actualType)
        {
            return $"{path}: expected type {type}, got {actualType} ({actualValue})";
        }
        var equal = type switch
        {
            "integer" => long.Parse(expectedValue, CultureInfo.InvariantCulture) == long.Parse(actualValue, CultureInfo.InvariantCulture),
            "float" => FloatsEqual(ParseFloat(expectedValue), ParseFloat(actualValue)),
            "datetime" => OffsetDateTimesEqual(ParseOffsetDateTime(expectedValue), ParseOffsetDateTime(actualValue)),
            "datetime-local" => ParseLocal(expectedValue) == ParseLocal(actualValue),
            "date-local" => DateOnly.ParseExact(expectedValue, "yyyy-MM-dd", CultureInfo.InvariantCulture) ==
                            DateOnly.ParseExact(actualValue, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            "time-local" => TimeOnly.Parse(expectedValue, CultureInfo.InvariantCulture) == TimeOnly.Parse(actualValue, CultureInfo.InvariantCulture),
            "string" or "bool" => expectedValue == actualValue,
            _ => throw new InvalidOperationException($"{path}: unknown toml-test type '{type}'"),
        };
        return equal ? null : $"{path}: expected {type} '{expectedValue}', got '{actualValue}'";
    }

    private static double ParseFloat(string text) => text.TrimStart('+') switch
    {
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" or "-nan" => double.NaN,
        var number => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    // NaN equals NaN here, and 0.0 and -0.0 differ, since a TOML reader must keep the sign it was given.
    private static bool FloatsEqual(double expected, double actual) =>
        expected.Equals(actual) && (double.IsNaN(expected) || double.IsNegative(expected) == double.IsNegative(actual));

    private static DateTimeOffset ParseOffsetDateTime(string text) =>
        DateTimeOffset.Parse(text.Replace(' ', 'T'), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static bool OffsetDateTimesEqual(DateTimeOffset expected, DateTimeOffset actual) =>
        expected == actual && expected.Offset == actual.Offset;

    private static DateTime ParseLocal(string text) =>
        DateTime.Parse(text.Replace(' ', 'T'), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
