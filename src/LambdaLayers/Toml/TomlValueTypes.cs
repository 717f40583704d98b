namespace LambdaLayers.Toml;

/// <summary>The TOML names of the .NET types a <see cref="TomlTable"/> holds, for messages.</summary>
internal static class TomlValueTypes
{
    public const string String = "string";
    public const string Integer = "integer";
    public const string Float = "float";
    public const string Boolean = "boolean";
    public const string OffsetDateTime = "offset date-time";
    public const string LocalDateTime = "local date-time";
    public const string LocalDate = "local date";
    public const string LocalTime = "local time";
    public const string Array = "array";
    public const string Table = "table";

    public static string NameOf(object value) => value switch
    {
        string => String,
        long => Integer,
        double => Float,
        bool => Boolean,
        DateTimeOffset => OffsetDateTime,
        TomlLocalDateTime => LocalDateTime,
        TomlLocalDate => LocalDate,
        TomlLocalTime => LocalTime,
        TomlArray => Array,
        TomlTable => Table,
        _ => value.GetType().Name,
    };

    public static string WithArticle(string typeName) =>
        "aeiou".Contains(typeName[0]) ? $"an {typeName}" : $"a {typeName}";
}
