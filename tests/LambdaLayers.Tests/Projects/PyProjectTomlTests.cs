using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using LambdaLayers.Projects;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Projects;

/// <summary>
/// What reaches the user when pyproject.toml is not one valid TOML document: one PyProjectException whose message
/// carries <c>pyproject.toml:LINE:COLUMN</c>, and for hostile shapes (a dotted key of 200,000 parts, nesting
/// thousands deep) that error within bounded memory instead of an exhausted machine.
/// </summary>
public sealed class PyProjectTomlTests
{
    private const long MemoryBudget = 200L * 1024 * 1024;

    private static PyProjectException ReadFails(string pyproject)
    {
        using var project = new TempProject(pyproject);
        return Assert.Throws<PyProjectException>(() => PyProjectReader.Read(project.Path("pyproject.toml")));
    }

    [Fact]
    public void A_duplicate_key_is_refused_with_its_line_and_column_and_the_first_definition()
    {
        var error = ReadFails("[tool.poetry]\nname = \"a\"\nversion = \"1\"\nname = \"b\"\n");

        Assert.EndsWith(
            "pyproject.toml:4:1: The key `tool.poetry.name` is already defined at line 2, column 1 with `name = \"a\"` " +
            "and cannot be redefined. Fix the file at that spot.", error.Message);
        Assert.StartsWith("pyproject.toml is not valid TOML: ", error.Message);
    }

    [Fact]
    public void A_duplicate_table_header_is_refused_with_its_line_and_column()
    {
        var error = ReadFails("[project]\nname = \"a\"\n\n[project]\nversion = \"1\"\n");

        Assert.Contains("pyproject.toml:4:1: The key `project` is already defined at line 1, column 1", error.Message);
    }

    [Fact]
    public void A_table_that_a_dotted_key_already_defined_cannot_be_opened_again()
    {
        var error = ReadFails("[tool]\nlambda-layers.runtime = \"python3.12\"\n[tool.lambda-layers]\nmode = \"local\"\n");

        Assert.Contains("pyproject.toml:3:1: The key `tool.lambda-layers` is already defined at line 2, column 1", error.Message);
    }

    [Fact]
    public void A_syntax_error_names_the_line_and_column()
    {
        var error = ReadFails("[project]\nname = \"x\"\nversion = \n");

        Assert.Contains("pyproject.toml:3:11: ", error.Message);
        Assert.EndsWith("Fix the file at that spot.", error.Message);
    }

    [Fact]
    public void A_byte_that_is_not_utf8_is_located_and_explained()
    {
        using var project = new TempProject();
        File.WriteAllBytes(project.Path("pyproject.toml"), [.. "[project]\nname = \"caf"u8, 0xE9, .. "\"\n"u8]);

        var error = Assert.Throws<PyProjectException>(() => PyProjectReader.Read(project.Path("pyproject.toml")));

        Assert.Contains("pyproject.toml:2:12: byte 0xE9 is not UTF-8 (TOML files must be UTF-8: re-save the file in that encoding)", error.Message);
    }

    [Fact]
    public void A_byte_order_mark_at_the_start_is_accepted()
    {
        using var project = new TempProject();
        File.WriteAllText(project.Path("pyproject.toml"), "[project]\nname = \"bom\"\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Assert.Equal("bom", PyProjectReader.Read(project.Path("pyproject.toml")).Name);
    }

    [Fact]
    public void A_file_far_larger_than_any_pyproject_is_refused_before_it_is_parsed()
    {
        using var project = new TempProject();
        File.WriteAllText(project.Path("pyproject.toml"), "# " + new string('x', (int)PyProjectToml.MaxBytes) + "\n");

        var error = Assert.Throws<PyProjectException>(() => PyProjectReader.Read(project.Path("pyproject.toml")));

        Assert.Contains("a pyproject.toml larger than 512 KiB is refused", error.Message);
    }

    // The costliest valid files per byte (every line a table header or a 60-part dotted key) at the size limit:
    // they read whole, both passes, within the memory budget.
    [Theory]
    [InlineData("tables")]
    [InlineData("deep-dotted-lines")]
    public void A_valid_file_at_the_size_limit_reads_within_bounded_memory(string shape)
    {
        var text = new StringBuilder();
        for (var i = 0; text.Length < PyProjectToml.MaxBytes - 200; i++)
        {
            text.Append(shape == "tables" ? $"[t.k{i}]\na = 1\n" : string.Join('.', Enumerable.Repeat("k", 60)) + $".x{i} = 1\n");
        }
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();

        var table = PyProjectToml.Parse("pyproject.toml", text.ToString());

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        TestContext.Current.TestOutputHelper?.WriteLine($"{shape} {text.Length:N0} chars: {clock.ElapsedMilliseconds} ms, {allocated / 1e6:F1} MB allocated");
        Assert.True(table.ContainsKey(shape == "tables" ? "t" : "k"));
        Assert.True(allocated < MemoryBudget, $"{shape}: the read allocated {allocated:N0} bytes");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"{shape}: the read took {clock.Elapsed} (hang guard)");
    }

    [Fact]
    public void A_dotted_key_of_64_parts_reads_and_one_of_65_parts_is_refused_where_it_starts()
    {
        string Key(int parts) => string.Join('.', Enumerable.Repeat("k", parts));

        Assert.True(PyProjectToml.Parse("pyproject.toml", Key(64) + " = 1\n").ContainsKey("k"));
        var error = Assert.Throws<PyProjectException>(() => PyProjectToml.Parse("pyproject.toml", "[tool]\nx = 1\n  " + Key(65) + " = 1\n"));
        Assert.Equal(
            "pyproject.toml is not valid TOML: pyproject.toml:3:3: tables and arrays are nested more than 64 levels deep " +
            "(each part of a dotted key such as a.b.c is one level), which no real pyproject.toml needs. " +
            "Check that this is the right file.", error.Message);
    }

    [Fact]
    public void Deep_nesting_that_is_not_a_dotted_key_is_refused_by_tomlyns_own_bound()
    {
        var error = Assert.Throws<PyProjectException>(() => PyProjectToml.Parse("pyproject.toml", "a = " + new string('[', 65) + new string(']', 65) + "\n"));

        Assert.StartsWith("pyproject.toml is not valid TOML: pyproject.toml:1:", error.Message);
        Assert.Contains("nested more than 64 levels deep", error.Message);
    }

    public static TheoryData<string, int> HostileDocuments => new()
    {
        { "dotted-key", 40_000 },
        { "dotted-key", 400_000 },
        { "dotted-header", 400_000 },
        { "nested-arrays", 400_000 },
        { "nested-inline-tables", 400_000 },
    };

    // Allocated bytes on this thread bound what the read can have held at its peak (Tomlyn is managed code and
    // reads synchronously), whatever other tests do meanwhile. The stopwatch only catches a hang.
    [Theory]
    [MemberData(nameof(HostileDocuments))]
    public void Hostile_nesting_ends_in_a_clear_error_within_bounded_memory(string shape, int bytes)
    {
        var text = Hostile(shape, bytes);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<PyProjectException>(() => PyProjectToml.Parse("pyproject.toml", text));

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        TestContext.Current.TestOutputHelper?.WriteLine($"{shape} {text.Length:N0} chars: {clock.ElapsedMilliseconds} ms, {allocated / 1e6:F1} MB allocated");
        Assert.Contains("nested more than 64 levels deep", error.Message);
        Assert.StartsWith("pyproject.toml is not valid TOML: pyproject.toml:1:", error.Message);
        Assert.True(allocated < MemoryBudget, $"{shape}: the read allocated {allocated:N0} bytes");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{shape}: the read took {clock.Elapsed} (hang guard)");
    }

    // The whole user-facing path in a fresh process: the lambda-layers CLI reading a 400 KB one-key pyproject.toml.
    // python's getrusage(RUSAGE_CHILDREN) gives the child's peak resident memory, runtime start-up included.
    [Theory]
    [InlineData(40_000)]
    [InlineData(400_000)]
    public void The_cli_refuses_a_long_dotted_key_in_a_fresh_process_within_200_MB(int bytes)
    {
        var python = TestEnvironment.RequireProgram("python3");
        using var project = new TempProject(Hostile("dotted-key", bytes));
        var dotnet = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));
        var cli = Path.Combine(AppContext.BaseDirectory, "lambda-layers.dll");
        const string measure =
            "import resource, subprocess, sys, time\n" +
            "start = time.monotonic()\n" +
            "run = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n" +
            "elapsed = time.monotonic() - start\n" +
            "peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n" +
            "print(f'exit={run.returncode} peak_kib={peak_kib} seconds={elapsed:.3f}')\n" +
            "print(run.stderr, end='')\n";

        var (exitCode, output) = ToolProcess.Run(python, ["-c", measure, dotnet, "exec", cli, "build", "--project", project.Root], project.Root);

        TestContext.Current.TestOutputHelper?.WriteLine(output);
        Assert.Equal(0, exitCode);
        var fields = output.Split('\n')[0].Split(' ').Select(field => field.Split('=')).ToDictionary(pair => pair[0], pair => pair[1]);
        Assert.Equal("2", fields["exit"]);
        Assert.Contains("lambda-layers: pyproject.toml is not valid TOML: ", output);
        Assert.Contains("nested more than 64 levels deep", output);
        var peakBytes = long.Parse(fields["peak_kib"]) * 1024;
        Assert.True(peakBytes < MemoryBudget, $"the CLI peaked at {peakBytes:N0} bytes resident");
        Assert.True(double.Parse(fields["seconds"], System.Globalization.CultureInfo.InvariantCulture) < 60, "hang guard");
    }

    private static string Hostile(string shape, int bytes) => shape switch
    {
        "dotted-key" => string.Join('.', Enumerable.Repeat("k", bytes / 2)) + " = 1\n",
        "dotted-header" => "[" + string.Join('.', Enumerable.Repeat("k", bytes / 2)) + "]\n",
        "nested-arrays" => "a = " + new string('[', bytes / 2) + new string(']', bytes / 2) + "\n",
        "nested-inline-tables" => "a = " + string.Concat(Enumerable.Repeat("{b=", bytes / 4)) + "1" + new string('}', bytes / 4) + "\n",
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };
}
