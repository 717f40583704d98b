using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Frontends;

/// <summary>
/// Throw-away function projects for PackageFunction and PublishFunction, each in a NUKE root (a folder with
/// <c>.nuke/</c>) so the reference consumer can run in it: a setuptools project in a <c>src/</c> layout, and a Poetry
/// project with a path dependency on a sibling Poetry project.
/// </summary>
public static class FunctionProjects
{
    public const string SetuptoolsProject = "apps/billing";

    public const string PoetryProject = "apps/orders";

    /// <summary>
    /// apps/billing: setuptools in a src/ layout, with a dependency (requests) the function zip must not hold, a
    /// tests/ folder and a README that are no part of the wheel, and requirements.txt naming greeting-kit for its layer.
    /// </summary>
    public static TempProject Setuptools()
    {
        var root = new TempProject();
        root.Write(".nuke/parameters.json", "{}");
        root.Write($"{SetuptoolsProject}/pyproject.toml", """
            [build-system]
            requires = ["setuptools>=61", "wheel"]
            build-backend = "setuptools.build_meta"

            [project]
            name = "billing"
            version = "1.0.0"
            requires-python = ">=3.9"
            dependencies = ["requests>=2"]

            [tool.setuptools.packages.find]
            where = ["src"]
            """);
        root.Write($"{SetuptoolsProject}/requirements.txt", "greeting-kit==1.2.0\n");
        root.Write($"{SetuptoolsProject}/README.md", "# billing\n");
        root.Write($"{SetuptoolsProject}/src/billing/__init__.py", "from billing.core import total\n\n\ndef handler(event, context):\n    return {\"total\": total(event[\"items\"])}\n");
        root.Write($"{SetuptoolsProject}/src/billing/core.py", "def total(items):\n    return sum(items)\n");
        root.Write($"{SetuptoolsProject}/src/billing/rates/__init__.py", "VAT = 0.2\n");
        root.Write($"{SetuptoolsProject}/tests/test_core.py", "from billing.core import total\n\n\ndef test_total():\n    assert total([1, 2]) == 3\n");
        return root;
    }

    /// <summary>
    /// apps/orders (Poetry) depends on libs/shared (Poetry) by path in its main dependencies, and on libs/devtools by
    /// path in its dev group, which a function build without <c>--groups dev</c> must leave out.
    /// </summary>
    public static TempProject Poetry()
    {
        var root = new TempProject();
        root.Write(".nuke/parameters.json", "{}");
        root.Write($"{PoetryProject}/pyproject.toml", """
            [tool.poetry]
            name = "orders"
            version = "0.3.0"
            description = "Order handler"
            authors = ["Team <team@example.com>"]
            packages = [{include = "orders"}]

            [tool.poetry.dependencies]
            python = "^3.9"
            shared-utils = {path = "../../libs/shared"}

            [tool.poetry.group.dev.dependencies]
            devtools = {path = "../../libs/devtools", develop = true}

            [build-system]
            requires = ["poetry-core"]
            build-backend = "poetry.core.masonry.api"
            """);
        root.Write($"{PoetryProject}/orders/__init__.py", "from shared_utils import greet\n\n\ndef handler(event, context):\n    return greet(event[\"name\"])\n");
        foreach (var (name, package) in new[] { ("shared-utils", "shared_utils"), ("devtools", "devtools") })
        {
            var folder = name == "shared-utils" ? "libs/shared" : "libs/devtools";
            root.Write($"{folder}/pyproject.toml", $$"""
                [tool.poetry]
                name = "{{name}}"
                version = "0.1.0"
                description = ""
                authors = ["Team <team@example.com>"]
                packages = [{include = "{{package}}"}]

                [tool.poetry.dependencies]
                python = "^3.9"

                [build-system]
                requires = ["poetry-core"]
                build-backend = "poetry.core.masonry.api"
                """);
            root.Write($"{folder}/{package}/__init__.py", "def greet(name):\n    return 'hello ' + name\n");
        }
        return root;
    }

    /// <summary>Poetry's own folders for a test run (no user configuration or cache of this machine).</summary>
    public static Dictionary<string, string> PoetryEnvironment(TempProject root) => new()
    {
        ["POETRY_CONFIG_DIR"] = root.Path(".poetry/config"),
        ["POETRY_CACHE_DIR"] = root.Path(".poetry/cache"),
    };
}
