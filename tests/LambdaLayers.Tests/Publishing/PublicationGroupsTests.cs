using LambdaLayers.Publishing;
using LambdaLayers.Settings;

namespace LambdaLayers.Tests.Publishing;

/// <summary>Which layers a matrix publishes, what they are called and what their versions claim (DESIGN §2, "Matrix naming").</summary>
public sealed class PublicationGroupsTests
{
    private static LayerMatrix Matrix(string runtimes, string architectures) => LayerMatrix.Expand(new LayerSettings
    {
        ProjectDirectory = "/tmp/project",
        PyProjectPath = "/tmp/project/pyproject.toml",
        Tool = ToolKind.Pip,
        Runtime = LambdaRuntimes.Find("python3.12")!,
        Runtimes = runtimes.Split(',').Select(r => LambdaRuntimes.Find(r)!).ToArray(),
        Architectures = architectures.Split(',').Select(a => LambdaArchitecture.Find(a)!).ToArray(),
        LayerName = "deps",
        Prefix = "team/deps",
    });

    // Fingerprints that differ per entry, as real ones do (each holds its runtime and architecture).
    private static string[] Fingerprints(LayerMatrix matrix) =>
        matrix.Entries.Select(e => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(e.MatrixEntry!)))).ToArray();

    private static IReadOnlyList<string> Describe(IReadOnlyList<PublicationGroup> groups) => groups
        .Select(g => $"{g.Publication.LayerName}: {string.Join(",", g.Publication.CompatibleRuntimes)} × {string.Join(",", g.Publication.CompatibleArchitectures)}")
        .ToArray();

    private static IReadOnlyList<PublicationGroup> Plan(LayerMatrix matrix, params string[] zips) =>
        PublicationGroups.Plan(matrix, "deps", Fingerprints(matrix), zips);

    [Fact]
    public void A_pure_python_layer_identical_on_both_architectures_is_one_layer_compatible_with_both()
    {
        var matrix = Matrix("python3.12", "x86_64,arm64");

        var groups = Plan(matrix, "aa", "aa");

        Assert.Equal(["deps: python3.12 × x86_64,arm64"], Describe(groups));
        var publication = groups[0].Publication;
        Assert.Equal([0, 1], groups[0].Members);
        Assert.Equal(PublicationGroups.Marker(Fingerprints(matrix)), publication.Fingerprint);
        Assert.Equal("team/deps", publication.ManifestPrefix);
        Assert.Equal(["python3.12-x86_64", "python3.12-arm64"], publication.Entries);
    }

    [Fact]
    public void A_native_layer_is_one_layer_per_architecture_with_the_architecture_as_suffix()
    {
        var matrix = Matrix("python3.12", "x86_64,arm64");

        var groups = Plan(matrix, "aa", "bb");

        Assert.Equal(["deps-x86_64: python3.12 × x86_64", "deps-arm64: python3.12 × arm64"], Describe(groups));
        // One entry: the Description carries its fingerprint, as a single run of the same inputs would.
        Assert.Equal(Fingerprints(matrix)[1], groups[1].Publication.Fingerprint);
        Assert.Equal("team/deps/arm64", groups[1].Publication.ManifestPrefix);
    }

    [Fact]
    public void Each_dimension_is_merged_where_the_zips_allow_and_suffixed_where_not()
    {
        var matrix = Matrix("python3.12,python3.13", "x86_64,arm64");

        // Entries in order: 3.12 x86_64, 3.12 arm64, 3.13 x86_64, 3.13 arm64.
        Assert.Equal(["deps-x86_64: python3.12,python3.13 × x86_64", "deps-arm64: python3.12,python3.13 × arm64"],
            Describe(Plan(matrix, "x", "a", "x", "a")));                     // an abi3 wheel: the same for every runtime
        Assert.Equal(["deps-python312: python3.12 × x86_64,arm64", "deps-python313: python3.13 × x86_64,arm64"],
            Describe(Plan(matrix, "p", "p", "q", "q")));                     // pure Python, but other versions per runtime
        Assert.Equal(["deps-python312-x86_64: python3.12 × x86_64", "deps-python312-arm64: python3.12 × arm64",
                      "deps-python313-x86_64: python3.13 × x86_64", "deps-python313-arm64: python3.13 × arm64"],
            Describe(Plan(matrix, "1", "2", "3", "4")));
        Assert.Equal(["deps: python3.12,python3.13 × x86_64,arm64"], Describe(Plan(matrix, "s", "s", "s", "s")));
    }

    [Fact]
    public void Runtimes_that_share_a_zip_share_a_layer_with_no_runtime_suffix()
    {
        var matrix = Matrix("python3.11,python3.12,python3.13", "x86_64");

        var groups = Plan(matrix, "old", "new", "new");

        Assert.Equal(["deps-python311: python3.11 × x86_64", "deps: python3.12,python3.13 × x86_64"], Describe(groups));
    }

    [Fact]
    public void Entries_with_one_zip_that_are_not_every_combination_of_their_values_are_split_by_runtime()
    {
        var matrix = Matrix("python3.12,python3.13", "x86_64,arm64");

        // A version compatible with 3.12, 3.13, x86_64 and arm64 would claim 3.13 arm64, whose zip differs.
        var groups = Plan(matrix, "a", "a", "a", "b");

        Assert.Equal(["deps-python312: python3.12 × x86_64,arm64", "deps-python313-x86_64: python3.13 × x86_64", "deps-python313-arm64: python3.13 × arm64"],
            Describe(groups));
    }

    [Fact]
    public void Layers_that_would_share_a_name_are_published_per_entry()
    {
        var matrix = Matrix("python3.10,python3.11,python3.12,python3.13", "x86_64");

        // Both pairs would be "deps" (several runtimes each, no suffix).
        var groups = Plan(matrix, "al2", "al2", "al2023", "al2023");

        Assert.Equal(["deps-python310: python3.10 × x86_64", "deps-python311: python3.11 × x86_64",
                      "deps-python312: python3.12 × x86_64", "deps-python313: python3.13 × x86_64"], Describe(groups));
        Assert.Equal(groups.Count, groups.Select(g => g.Publication.LayerName).Distinct().Count());
    }

    [Fact]
    public void A_compatible_list_of_a_dimension_the_matrix_does_not_vary_is_what_the_version_claims()
    {
        var matrix = LayerMatrix.Expand(Matrix("python3.12", "x86_64,arm64").Settings with { CompatibleRuntimes = ["python3.12", "python3.13"] });

        var groups = PublicationGroups.Plan(matrix, "deps", Fingerprints(matrix), ["aa", "aa"]);

        Assert.Equal(["deps: python3.12,python3.13 × x86_64,arm64"], Describe(groups));
    }

    [Fact]
    public void The_marker_of_several_entries_does_not_depend_on_their_order_and_differs_from_each_fingerprint()
    {
        var a = new string('a', 64);
        var b = new string('b', 64);

        Assert.Equal(a, PublicationGroups.Marker([a]));
        Assert.Equal(PublicationGroups.Marker([a, b]), PublicationGroups.Marker([b, a]));
        Assert.Matches("^[0-9a-f]{64}$", PublicationGroups.Marker([a, b]));
        Assert.NotEqual(a, PublicationGroups.Marker([a, b]));
        Assert.NotEqual(PublicationGroups.Marker([a, b]), PublicationGroups.Marker([a, b, new string('c', 64)]));
    }

    [Fact]
    public void Candidate_names_go_from_most_merged_to_one_per_entry()
    {
        var matrix = Matrix("python3.12,python3.13", "x86_64,arm64");

        var candidates = PublicationGroups.CandidateNames(matrix, "deps");

        Assert.Equal(["deps", "deps-python312", "deps-python313", "deps-x86_64", "deps-arm64",
                      "deps-python312-x86_64", "deps-python312-arm64", "deps-python313-x86_64", "deps-python313-arm64"],
            candidates.Select(c => c.Name));
        Assert.Equal([1, 3], candidates.Single(c => c.Name == "deps-arm64").Entries);
        Assert.Equal(["deps", "deps-x86_64", "deps-arm64"], PublicationGroups.CandidateNames(Matrix("python3.12", "x86_64,arm64"), "deps").Select(c => c.Name));
    }
}
