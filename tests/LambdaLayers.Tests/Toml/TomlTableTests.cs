using LambdaLayers.Toml;

namespace LambdaLayers.Tests.Toml;

/// <summary>The reader's object model and its typed getters, as the pyproject reader uses them.</summary>
public sealed class TomlTableTests
{
    private const string PyProject = """
        [project]
        name = "lambda-layers"
        dependencies = ["boto3>=1.34", 'requests']
        version = 3

        [tool.poetry.dependencies]
        python = "^3.12"
        zeta = "1"
        alpha = "2"

        [[tool.lambda-layers.layer]]
        name = "first"
        [[tool.lambda-layers.layer]]
        name = "second"
        """;

    [Fact]
    public void Keys_keep_the_document_order()
    {
        var table = TomlReader.Parse(PyProject, "pyproject.toml");

        Assert.Equal(["project", "tool"], table.Keys);
        Assert.Equal(["python", "zeta", "alpha"], table.GetTable("tool")!.GetTable("poetry")!.GetTable("dependencies")!.Keys);
    }

    [Fact]
    public void Typed_getters_return_values_and_null_for_absent_keys()
    {
        var table = TomlReader.Parse(PyProject, "pyproject.toml");

        Assert.True(table.TryGetTable("project", out var project));
        Assert.Equal("lambda-layers", project.GetString("name"));
        Assert.Null(project.GetString("description"));
        Assert.Null(project.GetTable("urls"));
        Assert.Null(project.GetArray("classifiers"));
        Assert.False(table.TryGetTable("build-system", out _));
        Assert.Equal(["boto3>=1.34", "requests"], project.GetArray("dependencies")!.GetStrings());
        Assert.Equal(3L, project.GetInteger("version"));

        var layers = table.GetTable("tool")!.GetTable("lambda-layers")!.GetArray("layer")!;
        Assert.True(layers.IsArrayOfTables);
        Assert.Equal(["first", "second"], layers.GetTables().Select(layer => layer.GetString("name")));
        Assert.Equal("tool.lambda-layers.layer[1]", layers.GetTables()[1].KeyPath);
    }

    [Fact]
    public void Wrong_type_names_the_file_and_the_key_path()
    {
        var project = TomlReader.Parse(PyProject, "pyproject.toml").GetTable("project")!;

        var error = Assert.Throws<TomlTypeException>(() => project.GetString("version"));

        Assert.IsAssignableFrom<LayerException>(error);
        Assert.Equal("project.version", error.KeyPath);
        Assert.Equal("pyproject.toml: 'project.version' is an integer, but it must be a string. " +
                     "Change the value of 'project.version' in pyproject.toml.", error.Message);
        Assert.Throws<TomlTypeException>(() => project.GetTable("name"));
        Assert.Throws<TomlTypeException>(() => project.TryGetTable("dependencies", out _));
    }

    [Fact]
    public void Wrong_element_type_names_the_element_index()
    {
        var table = TomlReader.Parse("deps = [\"a\", 2]\n", "pyproject.toml");

        var error = Assert.Throws<TomlTypeException>(() => table.GetArray("deps")!.GetStrings());

        Assert.Equal("deps[1]", error.KeyPath);
    }

    [Fact]
    public void Key_paths_quote_keys_that_are_not_bare()
    {
        var table = TomlReader.Parse("[\"my tool\".'x.y']\nv = 1\n", "pyproject.toml");

        var error = Assert.Throws<TomlTypeException>(() => table.GetTable("my tool")!.GetTable("x.y")!.GetString("v"));

        Assert.Equal("\"my tool\".\"x.y\".v", error.KeyPath);
    }

    [Fact]
    public void Values_have_the_documented_dotnet_types()
    {
        var table = TomlReader.Parse("""
            s = "text"
            i = 0x_ff
            f = 6.5e-1
            b = true
            odt = 1979-05-27T07:32:00.5-07:00
            ldt = 1979-05-27 07:32:00.250
            ld = 1979-05-27
            lt = 00:32:00.999999
            """.Replace("0x_ff", "0xff"), "x.toml");

        Assert.Equal("text", table["s"]);
        Assert.Equal(255L, table["i"]);
        Assert.Equal(0.65, table["f"]);
        Assert.Equal(true, table["b"]);
        Assert.Equal(new DateTimeOffset(1979, 5, 27, 7, 32, 0, 500, TimeSpan.FromHours(-7)), table["odt"]);
        var local = Assert.IsType<TomlLocalDateTime>(table["ldt"]);
        Assert.Equal(new DateTime(1979, 5, 27, 7, 32, 0, 250), local.DateTime);
        Assert.Equal("1979-05-27T07:32:00.250", local.ToString());
        Assert.Equal(new TomlLocalDate(new DateOnly(1979, 5, 27)), table["ld"]);
        var time = Assert.IsType<TomlLocalTime>(table["lt"]);
        Assert.Equal("00:32:00.999999", time.ToString());
        Assert.Equal(6, time.FractionDigits);
    }

    [Fact]
    public void Fractions_beyond_tick_precision_are_truncated_not_rounded()
    {
        var time = Assert.IsType<TomlLocalTime>(TomlReader.Parse("t = 23:59:59.999999999").GetValueOrDefault("t"));

        Assert.Equal(new TimeOnly(23, 59, 59).Add(TimeSpan.FromTicks(9_999_999)), time.Time);
        Assert.Equal("23:59:59.9999999", time.ToString());
    }

    [Fact]
    public void Byte_order_mark_and_crlf_are_accepted_and_crlf_in_multiline_strings_reads_as_lf()
    {
        var table = TomlReader.Parse("\uFEFFa = 1\r\nb = \"\"\"x\r\ny\"\"\"\r\nc = \'\'\'\r\nx\r\n\'\'\'\r\n", "x.toml");

        Assert.Equal(1L, table["a"]);
        Assert.Equal("x\ny", table["b"]);
        Assert.Equal("x\n", table["c"]);
    }

    [Fact]
    public void ParseFile_names_the_file_in_errors_and_reports_a_missing_file()
    {
        var directory = Directory.CreateTempSubdirectory("toml-tests-");
        try
        {
            var path = Path.Combine(directory.FullName, "pyproject.toml");
            File.WriteAllText(path, "[project]\nname = 'ok'\n");
            Assert.Equal("ok", TomlReader.ParseFile(path).GetTable("project")!.GetString("name"));

            File.WriteAllText(path, "[project\n");
            var parseError = Assert.Throws<TomlParseException>(() => TomlReader.ParseFile(path));
            Assert.StartsWith($"{path}:1:9: ", parseError.Message);

            var missing = Path.Combine(directory.FullName, "missing.toml");
            var readError = Assert.Throws<LayerException>(() => TomlReader.ParseFile(missing));
            Assert.Contains(missing, readError.Message);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
