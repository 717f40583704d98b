using LambdaLayers.Settings;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Settings;

/// <summary>Runtime and architecture lists from every source, and their expansion into one pipeline per entry.</summary>
public sealed class LayerMatrixTests
{
    private const string PipProject = "[project]\nname = \"svc\"\nversion = \"1.0\"\nrequires-python = \">=3.10\"\n";

    private static TempProject NewProject(string extraToml = "") =>
        new TempProject(PipProject + "\n" + extraToml).Write("requirements.txt", "six==1.16.0\n");

    private static LayerSettings Resolve(TempProject project, Dictionary<string, string>? environment = null,
        Dictionary<string, IReadOnlyList<string>>? explicitValues = null, IReadOnlyList<SuppliedSetting>? supplied = null) =>
        LayerSettingsResolver.Resolve(new SettingsSources
        {
            WorkingDirectory = project.Root,
            Environment = environment ?? new Dictionary<string, string>(),
            Explicit = explicitValues ?? new Dictionary<string, IReadOnlyList<string>>(),
            Supplied = supplied ?? [],
        });

    private static IReadOnlyList<string> EntryNames(LayerMatrix matrix) => matrix.Entries.Select(e => e.MatrixEntry ?? "(single)").ToArray();

    public static TheoryData<string, Dictionary<string, string>, Dictionary<string, IReadOnlyList<string>>> Sources => new()
    {
        { "", new(), new() { ["architecture"] = ["x86_64,arm64"] } },                      // --architecture x86_64,arm64
        { "", new(), new() { ["architecture"] = ["x86_64", "arm64"] } },                   // --architecture x86_64 --architecture arm64
        { "", new() { ["LAMBDA_LAYERS_ARCHITECTURE"] = "x86_64, arm64" }, new() },
        { "[tool.lambda-layers]\narchitecture = [\"x86_64\", \"arm64\"]\n", new(), new() },
        { "[tool.lambda-layers]\narchitecture = \"x86_64,arm64\"\n", new(), new() },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public void Architectures_are_a_list_from_every_source(string toml, Dictionary<string, string> environment, Dictionary<string, IReadOnlyList<string>> explicitValues)
    {
        using var project = NewProject(toml);

        var settings = Resolve(project, environment, explicitValues);

        Assert.Equal([LambdaArchitecture.X86_64, LambdaArchitecture.Arm64], settings.Architectures);
        Assert.Equal(LambdaArchitecture.X86_64, settings.Architecture);
        Assert.Equal(["python3.14-x86_64", "python3.14-arm64"], EntryNames(LayerMatrix.Expand(settings)));
    }

    [Fact]
    public void A_nuke_build_supplies_lists_with_their_origin_and_an_unknown_item_is_named_with_it()
    {
        using var project = NewProject();
        SuppliedSetting Runtimes(params string[] values) =>
            new("runtime", values, "the command line, NUKE parameter Runtime", SettingPrecedence.Explicit);

        var settings = Resolve(project, supplied: [Runtimes("python3.12", "python3.13")]);
        var error = Assert.Throws<LayerSettingsException>(() => Resolve(project, supplied: [Runtimes("python3.12", "python2.7")]));

        Assert.Equal(["python3.12", "python3.13"], settings.Runtimes.Select(r => r.Name));
        Assert.Equal("Unknown runtime 'python2.7' (from the command line, NUKE parameter Runtime). Accepted values: python3.10, python3.11, python3.12, python3.13, python3.14.", error.Message);
    }

    [Fact]
    public void One_runtime_and_one_architecture_keep_the_single_layout_and_no_entry_name()
    {
        using var project = NewProject();

        var matrix = LayerMatrix.Expand(Resolve(project, explicitValues: new() { ["runtime"] = ["python3.12"], ["architecture"] = ["arm64"] }));

        Assert.False(matrix.IsMatrix);
        var single = Assert.Single(matrix.Entries);
        Assert.Null(single.MatrixEntry);
        Assert.Equal("python3.12", single.Runtime.Name);
        Assert.Equal(LambdaArchitecture.Arm64, single.Architecture);
        Assert.Equal(project.Path("build/lambda/layer"), single.Layout.BuildDirectory);
    }

    [Fact]
    public void Every_runtime_times_architecture_is_an_entry_with_its_own_folder_under_the_layer_build_folder()
    {
        using var project = NewProject();

        var matrix = LayerMatrix.Expand(Resolve(project, explicitValues: new()
        {
            ["runtime"] = ["python3.12,python3.13,python3.12"],
            ["architecture"] = ["x86_64", "arm64"],
            ["build-dir"] = ["out/layers"],
        }));

        Assert.True(matrix.IsMatrix);
        Assert.Equal(["python3.12-x86_64", "python3.12-arm64", "python3.13-x86_64", "python3.13-arm64"], EntryNames(matrix));
        Assert.Equal(project.Path("out/layers/python3.13-arm64"), matrix.Entries[3].Layout.BuildDirectory);
        Assert.Equal(project.Path("out/layers"), matrix.Layout.BuildDirectory);
        Assert.All(matrix.Entries, entry => Assert.Empty(entry.Runtimes));
        Assert.Equal("python3.13", matrix.Entries[3].Runtime.Name);
        Assert.Equal(LambdaArchitecture.Arm64, matrix.Entries[3].Architecture);
        // Entries share everything else, so each has the fingerprint a single run of its runtime and architecture has.
        Assert.Equal(
            LambdaLayers.Pipeline.LayerFingerprint.Compute(matrix.Settings with { Runtime = matrix.Entries[3].Runtime, Architecture = LambdaArchitecture.Arm64, Runtimes = [], Architectures = [] }).Value,
            LambdaLayers.Pipeline.LayerFingerprint.Compute(matrix.Entries[3]).Value);
    }

    [Fact]
    public void A_matrix_set_in_code_expands_like_one_from_parameters()
    {
        using var project = NewProject();
        var resolved = Resolve(project, explicitValues: new() { ["runtime"] = ["python3.11"] });

        var matrix = LayerMatrix.Expand(resolved with { Architectures = [LambdaArchitecture.X86_64, LambdaArchitecture.Arm64] });

        Assert.Equal(["python3.11-x86_64", "python3.11-arm64"], EntryNames(matrix));
    }

    [Fact]
    public void Compatible_lists_are_refused_for_a_dimension_the_matrix_varies_and_kept_for_one_it_does_not()
    {
        using var project = NewProject();

        var runtimes = Assert.Throws<LayerSettingsException>(() => LayerMatrix.Expand(Resolve(project, explicitValues: new()
        {
            ["runtime"] = ["python3.12,python3.13"], ["compatible-runtimes"] = ["python3.12", "python3.13"],
        })));
        var kept = LayerMatrix.Expand(Resolve(project, explicitValues: new()
        {
            ["runtime"] = ["python3.12"], ["architecture"] = ["x86_64,arm64"], ["compatible-runtimes"] = ["python3.12", "python3.13"],
        }));

        Assert.Equal("compatible-runtimes", runtimes.Setting);
        Assert.StartsWith("compatible-runtimes cannot be combined with several runtimes (python3.12, python3.13)", runtimes.Message);
        Assert.Equal(["python3.12", "python3.13"], kept.Entries[1].CompatibleRuntimes);
    }

    [Fact]
    public void A_layer_name_with_no_room_for_its_suffixes_is_refused()
    {
        using var project = NewProject();
        var name = new string('a', 134);   // with '-x86_64': 141

        var error = Assert.Throws<LayerSettingsException>(() => LayerMatrix.Expand(Resolve(project, explicitValues: new()
        {
            ["architecture"] = ["x86_64,arm64"], ["layer-name"] = [name],
        })));
        var fits = LayerMatrix.Expand(Resolve(project, explicitValues: new()
        {
            ["architecture"] = ["x86_64,arm64"], ["layer-name"] = [new string('a', 133)],
        }));

        Assert.Equal("layer-name", error.Setting);
        Assert.Contains("within 140 characters", error.Message);
        Assert.Equal(2, fits.Entries.Count);
    }

    [Theory]
    [InlineData("x86_64,riscv64", "Unknown architecture 'riscv64' (from the command line). Accepted values: x86_64, arm64.")]
    [InlineData("", "Unknown architecture '' (from the command line). Accepted values: x86_64, arm64.")]
    public void Every_item_of_a_list_is_checked(string value, string message)
    {
        using var project = NewProject();

        var error = Assert.Throws<LayerSettingsException>(() => Resolve(project, explicitValues: new() { ["architecture"] = [value] }));

        Assert.Equal(message, error.Message);
    }
}
