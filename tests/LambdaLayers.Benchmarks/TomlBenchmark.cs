using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LambdaLayers.Toml;

namespace LambdaLayers.Benchmarks;

/// <summary>
/// <c>toml</c>: parse time of <see cref="TomlReader"/> against System.Text.Json reading the same data as JSON, on a
/// typical pyproject.toml and on a large generated one. The baseline is <see cref="JsonNode"/>, which builds a tree
/// of values as the TOML reader does; <see cref="JsonDocument"/>, which only indexes tokens, is shown as a lower
/// bound. Prints a markdown table with the ratios TOML / JSON. Options: <c>--seconds S</c> (time per row, default 1).
/// </summary>
public static class TomlBenchmark
{
    public static Task<int> RunAsync(string[] args)
    {
        var seconds = double.Parse(Option(args, "--seconds") ?? "1", CultureInfo.InvariantCulture);
        var inputs = new (string Name, string Toml)[]
        {
            ("typical pyproject.toml", TypicalPyProject),
            ("generated pyproject.toml, 2,000 dependencies", GeneratedPyProject(2000)),
        };

        Console.WriteLine("| input | size | TomlReader.Parse (tree of values) | JsonNode.Parse (baseline: tree of values) | ratio | JsonDocument.Parse (token index only) | ratio |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (name, toml) in inputs)
        {
            var json = PlainJson(TomlReader.Parse(toml, name));
            var jsonBytes = Encoding.UTF8.GetBytes(json);
            var tomlTime = TimePerCall(seconds, () => TomlReader.Parse(toml, name).Count);
            var nodeTime = TimePerCall(seconds, () => CountNodes(JsonNode.Parse(jsonBytes)));
            var jsonTime = TimePerCall(seconds, () =>
            {
                using var document = JsonDocument.Parse(jsonBytes);
                return document.RootElement.GetPropertyCount();
            });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {toml.Length / 1024.0:0.0} KiB | {Format(tomlTime)} | {Format(nodeTime)} | {tomlTime / nodeTime:0.00} | {Format(jsonTime)} | {tomlTime / jsonTime:0.00} |"));
        }
        return Task.FromResult(0);
    }

    /// <summary>Mean wall time of one call, after a warm-up, measured over about <paramref name="seconds"/>.</summary>
    private static double TimePerCall(double seconds, Func<int> call)
    {
        var sink = 0;
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed.TotalSeconds < seconds / 4)
        {
            sink += call();
        }
        var calls = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            sink += call();
            calls++;
        }
        GC.KeepAlive(sink);
        return clock.Elapsed.TotalSeconds / calls;
    }

    /// <summary>Walks the whole tree, since JsonNode materializes children only when they are first read.</summary>
    private static int CountNodes(JsonNode? node) => node switch
    {
        JsonObject obj => 1 + obj.Sum(property => CountNodes(property.Value)),
        JsonArray array => 1 + array.Sum(CountNodes),
        JsonValue value => value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>().Length : 1,
        _ => 0,
    };

    private static string Format(double seconds) => seconds >= 1e-3
        ? string.Create(CultureInfo.InvariantCulture, $"{seconds * 1e3:0.00} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{seconds * 1e6:0.0} µs");

    /// <summary>The document as ordinary JSON (date/times as strings), for the baseline parser.</summary>
    private static string PlainJson(TomlTable table)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, table);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case TomlTable table:
                writer.WriteStartObject();
                foreach (var (key, item) in table)
                {
                    writer.WritePropertyName(key);
                    Write(writer, item);
                }
                writer.WriteEndObject();
                break;
            case TomlArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            case long integer: writer.WriteNumberValue(integer); break;
            case double number: writer.WriteNumberValue(number); break;
            case bool boolean: writer.WriteBooleanValue(boolean); break;
            default: writer.WriteStringValue(value.ToString()); break;
        }
    }

    private static string GeneratedPyProject(int dependencies)
    {
        var text = new StringBuilder(TypicalPyProject);
        text.Append("\n[tool.generated]\ndependencies = [\n");
        for (var i = 0; i < dependencies; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  \"package-{i}>={i % 7}.{i % 13}.{i % 5}; python_version >= '3.{i % 12}'\", # pinned {i}\n");
        }
        text.Append("]\n");
        for (var i = 0; i < dependencies; i++)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"[tool.generated.source-{i}]\nname = 'source-{i}'\nurl = \"https://pypi.example.com/{i}/simple/\"\npriority = {i}\nweight = {i}.5e-2\nenabled = {(i % 2 == 0 ? "true" : "false")}\nadded = 2024-01-{i % 28 + 1:00}T10:00:00Z\n");
        }
        return text.ToString();
    }

    private const string TypicalPyProject = """
        [build-system]
        requires = ["poetry-core>=1.0.0"]
        build-backend = "poetry.core.masonry.api"

        [project]
        name = "orders-service"
        version = "1.4.2"
        description = "Order handling Lambda functions"
        readme = "README.md"
        requires-python = ">=3.11,<3.13"
        license = { text = "MIT" }
        authors = [{ name = "Team Orders", email = "orders@example.com" }]
        dependencies = [
            "boto3>=1.34,<2",
            "pydantic>=2.6",
            "requests==2.31.0",
            "aws-lambda-powertools[tracer]>=2.30",
            "sqlalchemy>=2.0; python_version >= '3.11'",
        ]

        [project.optional-dependencies]
        dev = ["pytest>=8", "moto[s3,lambda]>=5", "ruff"]

        [tool.poetry]
        packages = [{ include = "orders", from = "src" }]

        [tool.poetry.dependencies]
        python = "^3.11"
        boto3 = "^1.34"
        pydantic = { version = "^2.6", extras = ["email"] }

        [[tool.poetry.source]]
        name = "internal"
        url = "https://pypi.internal.example.com/simple/"
        priority = "supplemental"

        [tool.lambda-layers]
        runtime = "python3.12"
        architecture = "arm64"
        exclude = ["boto3", "botocore", "*.pyc", "tests/"]
        retention = { keep = 5 }

        [tool.ruff]
        line-length = 120
        target-version = "py311"
        select = ["E", "F", "I", "B"]  # rules
        """;

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
