using LambdaLayers.Projects;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Projects;

public sealed class PyProjectReaderTests
{
    [Fact]
    public void Reads_pep_621_dependency_groups_poetry_and_uv_sections()
    {
        using var project = new TempProject("""
            [project]
            name = "orders"
            version = "2.1.0"
            requires-python = ">=3.11"
            dependencies = ["requests>=2.31", "attrs"]

            [project.optional-dependencies]
            fast = ["orjson"]

            [dependency-groups]
            test = ["pytest>=8"]
            dev = [{ include-group = "test" }, "ruff"]

            [tool.poetry.dependencies]
            python = "^3.11"
            requests = { version = "^2.31", extras = ["socks"] }
            internal-lib = { git = "https://example.com/lib.git" }

            [tool.poetry.group.lint.dependencies]
            ruff = "*"

            [tool.poetry.dev-dependencies]
            pytest = "^8"

            [[tool.poetry.source]]
            name = "corp"
            url = "https://pkgs.example.com/simple/"

            [[tool.uv.index]]
            name = "corp-uv"
            url = "https://uv.example.com/simple/"

            [tool.lambda-layers]
            runtime = "python3.12"
            """);

        var model = PyProjectReader.Read(project.Path("pyproject.toml"));

        Assert.Equal("orders", model.Name);
        Assert.Equal("2.1.0", model.Version);
        Assert.Equal(">=3.11", model.RequiresPython);
        Assert.Equal(["requests>=2.31", "attrs"], model.Dependencies);
        Assert.Equal(["orjson"], model.OptionalDependencies["fast"]);
        Assert.Equal(["include-group:test", "ruff"], model.DependencyGroups["dev"]);
        Assert.Equal("^2.31", model.Poetry!.Dependencies["requests"]);
        Assert.Equal("*", model.Poetry.Dependencies["internal-lib"]);
        Assert.Equal("*", model.Poetry.Groups["lint"]["ruff"]);
        Assert.Equal("^8", model.Poetry.Groups["dev"]["pytest"]);
        Assert.Equal(new DeclaredIndex("corp", "https://pkgs.example.com/simple/"), Assert.Single(model.Poetry.Sources));
        Assert.Equal(new DeclaredIndex("corp-uv", "https://uv.example.com/simple/"), Assert.Single(model.UvIndexes));
        Assert.Equal("python3.12", model.LambdaLayersTable!["runtime"]);
    }

    [Fact]
    public void Indexes_written_as_an_inline_array_of_tables_read_like_table_headers()
    {
        using var project = new TempProject("[tool.uv]\nindex = [{ name = \"corp\", url = \"https://corp.example.com/simple/\" }]\n");

        var model = PyProjectReader.Read(project.Path("pyproject.toml"));

        Assert.Equal(new DeclaredIndex("corp", "https://corp.example.com/simple/"), Assert.Single(model.UvIndexes));
    }

    [Fact]
    public void Indexes_that_are_not_tables_name_the_key()
    {
        using var project = new TempProject("[tool.uv]\nindex = \"https://corp.example.com/simple/\"\n");

        var error = Assert.Throws<PyProjectException>(() => PyProjectReader.Read(project.Path("pyproject.toml")));

        Assert.Contains("tool.uv.index must be an array of tables ([[tool.uv.index]])", error.Message);
    }

    [Fact]
    public void An_index_entry_without_a_name_is_an_error()
    {
        using var project = new TempProject("[[tool.uv.index]]\nurl = \"https://x.example.com/simple/\"\n");

        var error = Assert.Throws<PyProjectException>(() => PyProjectReader.Read(project.Path("pyproject.toml")));

        Assert.Contains("[[tool.uv.index]]", error.Message);
        Assert.Contains("needs a name", error.Message);
    }

    [Theory]
    [InlineData(">=3.10,<3.12", 3, 11, true)]
    [InlineData(">=3.10,<3.12", 3, 12, false)]
    [InlineData("!=3.11.*", 3, 11, false)]
    [InlineData(">3.12", 3, 12, true)]
    [InlineData("<=3.12.0", 3, 12, true)]
    [InlineData("^3.9", 3, 14, true)]
    [InlineData("~3.13", 3, 14, false)]
    [InlineData("*", 3, 10, true)]
    public void Python_requirements_are_matched_against_any_patch_release(string text, int major, int minor, bool expected)
    {
        var requirement = PythonRequirement.TryParse(text, out var error);

        Assert.Null(error);
        Assert.Equal(expected, requirement!.AllowsMinor(major, minor));
    }

    [Fact]
    public void An_unreadable_requirement_explains_itself()
    {
        Assert.Null(PythonRequirement.TryParse(">=three", out var error));
        Assert.Contains("'>=three' is not a version constraint", error);
    }

    [Theory]
    [InlineData("~=3", "'~=3' needs at least two version parts")]
    [InlineData(">=3.99999999999", "'>=3.99999999999' holds a version number too large")]
    public void A_requirement_the_matcher_cannot_evaluate_is_an_explained_error_not_a_crash(string text, string expected)
    {
        Assert.Null(PythonRequirement.TryParse(text, out var error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void A_wrongly_typed_include_group_names_its_key()
    {
        using var project = new TempProject("[dependency-groups]\ndev = [{ include-group = 3 }]\n");

        var error = Assert.Throws<PyProjectException>(() => PyProjectReader.Read(project.Path("pyproject.toml")));

        Assert.Contains("dependency-groups.dev.include-group must be a string", error.Message);
    }
}
