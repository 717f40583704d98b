using LambdaLayers.Toml;

namespace LambdaLayers.Tests.Toml;

/// <summary>Parse errors name the file, line and column, say what was wrong and what would have been accepted.</summary>
public sealed class TomlErrorMessageTests
{
    [Fact]
    public void Unterminated_string_points_at_the_line_end_and_names_where_it_opened()
    {
        var error = Parse("[project]\nname = \"lambda-layers\nversion = \"1.0\"\n");

        Assert.Equal((2, 22), (error.Line, error.Column));
        Assert.Equal("pyproject.toml:2:22: unterminated string (opened at line 2, column 8); " +
                     "expected a closing '\"' on the same line (use \"\"\" for a multi-line string)", error.Message);
    }

    [Fact]
    public void Unterminated_multiline_string_reports_the_end_of_the_file()
    {
        var error = Parse("a = \"\"\"\nfirst\nsecond\n");

        Assert.Equal((4, 1), (error.Line, error.Column));
        Assert.Equal("pyproject.toml:4:1: unterminated string (opened at line 1, column 5); expected a closing \"\"\"", error.Message);
    }

    [Fact]
    public void Duplicate_key_names_the_full_key_path_and_the_first_definition()
    {
        var error = Parse("[tool.poetry]\nname = \"a\"\nversion = \"1\"\nname = \"b\"\n");

        Assert.Equal((4, 1), (error.Line, error.Column));
        Assert.Equal("pyproject.toml:4:1: 'tool.poetry.name' is already defined as a string at line 2, column 1; " +
                     "expected each key to be defined only once per table", error.Message);
    }

    [Fact]
    public void Duplicate_table_header_names_the_first_header()
    {
        var error = Parse("[project]\nname = \"a\"\n\n[project]\n");

        Assert.Equal((4, 2), (error.Line, error.Column));
        Assert.Contains("'project' is already defined as a table by its [header] at line 1, column 2", error.Message);
        Assert.EndsWith("; expected a table name not already defined (each table is defined only once)", error.Message);
    }

    [Fact]
    public void Bad_escape_quotes_the_sequence_and_lists_the_valid_ones()
    {
        var error = Parse("[project]\n\nname = \"C:\\qux\"\n");

        Assert.Equal((3, 11), (error.Line, error.Column));
        Assert.Equal("pyproject.toml:3:11: invalid escape sequence '\\q'; " +
                     "expected one of \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX", error.Message);
    }

    [Fact]
    public void Missing_equals_sign_after_a_key()
    {
        var error = Parse("[project]\nname \"lambda-layers\"\n");

        Assert.Equal((2, 6), (error.Line, error.Column));
        Assert.Equal("pyproject.toml:2:6: unexpected '\"' after the key 'name'; expected '=' followed by a value", error.Message);
    }

    [Fact]
    public void Missing_value_after_equals_sign()
    {
        var error = Parse("requires-python =\n");

        Assert.Equal((1, 18), (error.Line, error.Column));
        Assert.StartsWith("pyproject.toml:1:18: unexpected end of line; expected a value", error.Message);
    }

    [Fact]
    public void Missing_comma_in_an_array_names_where_the_array_opened()
    {
        var error = Parse("dependencies = [\n  \"boto3\"\n  \"requests\",\n]\n");

        Assert.Equal((3, 3), (error.Line, error.Column));
        Assert.Equal("pyproject.toml:3:3: unexpected '\"' in the array opened at line 1, column 16; " +
                     "expected ',' between values or ']' to close the array", error.Message);
    }

    [Fact]
    public void Extending_an_inline_table_is_refused()
    {
        var error = Parse("tool = { poetry = { name = \"a\" } }\n[tool.poetry.dependencies]\n");

        Assert.Equal((2, 2), (error.Line, error.Column));
        Assert.Contains("'tool' is already defined as an inline table, which cannot be changed afterwards, at line 1, column 1", error.Message);
    }

    [Fact]
    public void Columns_count_code_points_not_utf16_units()
    {
        var error = Parse("emoji = \"\U0001F600\" x\n");

        Assert.Equal((1, 13), (error.Line, error.Column));
    }

    [Fact]
    public void Invalid_utf8_is_reported_with_its_location()
    {
        var error = Assert.Throws<TomlParseException>(() => TomlReader.ParseUtf8([.. "a = 1\nb = \""u8, 0xFF, .. "\"\n"u8], "x.toml"));
        Assert.Equal((2, 6), (error.Line, error.Column));
        Assert.StartsWith("x.toml:2:6: invalid UTF-8 byte 0xFF at byte offset 11; expected a document encoded in UTF-8", error.Message);
    }

    [Fact]
    public void Without_a_source_name_the_message_uses_a_placeholder()
    {
        var error = Assert.Throws<TomlParseException>(() => TomlReader.Parse("= 1"));

        Assert.Equal(TomlReader.DefaultSourceName, error.SourceName);
        Assert.StartsWith($"{TomlReader.DefaultSourceName}:1:1: unexpected '='; expected a key", error.Message);
    }

    [Fact]
    public void Parse_errors_are_layer_exceptions_carrying_their_parts()
    {
        LayerException error = Parse("a = 0x_1\n");

        var parse = Assert.IsType<TomlParseException>(error);
        Assert.Equal("pyproject.toml", parse.SourceName);
        Assert.Equal("invalid number '0x_1': misplaced '_'", parse.Problem);
        Assert.Equal("'_' only between two digits", parse.Expected);
    }

    private static TomlParseException Parse(string text) =>
        Assert.Throws<TomlParseException>(() => TomlReader.Parse(text, "pyproject.toml"));
}
