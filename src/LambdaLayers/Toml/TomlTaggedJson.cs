using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LambdaLayers.Toml;

/// <summary>
/// Writes a <see cref="TomlTable"/> as the "tagged JSON" of the toml-test suite: tables become objects,
/// arrays become arrays, and every other value becomes <c>{"type": "...", "value": "..."}</c> with the value
/// as a string. Used by the toml-decoder program and by the conformance test, so both check the same code.
/// </summary>
public static class TomlTaggedJson
{
    /// <summary>The document as tagged JSON text.</summary>
    public static string Encode(TomlTable table, bool indented = true)
    {
        using var stream = new MemoryStream();
        Write(stream, table, indented);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes the document as UTF-8 tagged JSON to <paramref name="output"/>.</summary>
    public static void Write(Stream output, TomlTable table, bool indented = true)
    {
        var options = new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using var writer = new Utf8JsonWriter(output, options);
        WriteValue(writer, table);
    }

    private static void WriteValue(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case TomlTable table:
                writer.WriteStartObject();
                foreach (var (key, item) in table)
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, item);
                }
                writer.WriteEndObject();
                break;
            case TomlArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteValue(writer, item);
                }
                writer.WriteEndArray();
                break;
            default:
                var (type, text) = Tag(value);
                writer.WriteStartObject();
                writer.WriteString("type", type);
                writer.WriteString("value", text);
                writer.WriteEndObject();
                break;
        }
    }

    private static (string Type, string Value) Tag(object value) => value switch
    {
        string text => ("string", text),
        long integer => ("integer", integer.ToString(CultureInfo.InvariantCulture)),
        double number => ("float", FormatFloat(number)),
        bool boolean => ("bool", boolean ? "true" : "false"),
        DateTimeOffset offsetDateTime => ("datetime", TomlTimeFormat.OffsetDateTime(offsetDateTime)),
        TomlLocalDateTime localDateTime => ("datetime-local", localDateTime.ToString()),
        TomlLocalDate localDate => ("date-local", localDate.ToString()),
        TomlLocalTime localTime => ("time-local", localTime.ToString()),
        _ => throw new ArgumentException($"{value.GetType()} is not a TOML value type.", nameof(value)),
    };

    private static string FormatFloat(double number) => number switch
    {
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ when double.IsNaN(number) => "nan",
        _ => number.ToString("R", CultureInfo.InvariantCulture),
    };
}
