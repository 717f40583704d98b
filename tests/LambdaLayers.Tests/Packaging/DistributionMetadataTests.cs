using LambdaLayers.Packaging;

namespace LambdaLayers.Tests.Packaging;

public sealed class DistributionMetadataTests
{
    [Theory]
    [InlineData("Typing_Extensions", "typing-extensions")]
    [InlineData("zope.interface", "zope-interface")]
    [InlineData("A__-._b", "a-b")]
    [InlineData("pip", "pip")]
    public void Names_are_normalised_as_PEP_503_does(string name, string expected) =>
        Assert.Equal(expected, DistributionName.Normalize(name));

    [Theory]
    [InlineData("urllib3<3,>=1.21.1", "urllib3", false)]
    [InlineData("PySocks!=1.5.7,>=1.5.6; extra == \"socks\"", "PySocks", true)]
    [InlineData("importlib-metadata>=4; python_version < \"3.10\"", "importlib-metadata", false)]
    [InlineData("pytest ; (python_version >= '3.8') and extra == 'test'", "pytest", true)]
    [InlineData("requests[security] (>=2.0)", "requests", false)]
    public void Requirements_yield_the_name_and_whether_only_an_extra_needs_them(string line, string name, bool extraOnly)
    {
        var requirement = DistributionScanner.ParseRequirement(line);
        Assert.NotNull(requirement);
        Assert.Equal(name, requirement.Name);
        Assert.Equal(extraOnly, requirement.ExtraOnly);
    }

    [Theory]
    [InlineData("pip/__init__.py", "pip/__init__.py")]
    [InlineData("../../bin/pip", "bin/pip")]
    [InlineData("../../../bin/pip3.12", "bin/pip3.12")]
    [InlineData("pkg/./sub/../mod.py", "pkg/mod.py")]
    [InlineData("pkg\\win.py", "pkg/win.py")]
    public void Record_paths_map_into_the_tree(string recordPath, string expected) =>
        Assert.Equal(expected, DistributionScanner.MapRecordPath(recordPath));

    [Fact]
    public void Metadata_record_with_quoted_paths_and_entry_points_are_read()
    {
        using var tree = new LayerTree();
        tree.WriteFile("odd-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: Odd.Name\nVersion: 1.0\nRequires-Dist: six\n\nName: body-not-header\n");
        tree.WriteFile("odd-1.0.dist-info/RECORD", "\"odd/a,b.py\",sha256=x,1\nodd/c.py,,\n../../bin/odd,,\n");
        tree.WriteFile("odd-1.0.dist-info/entry_points.txt", "[console_scripts]\nodd = odd:main\n[gui_scripts]\nodd-gui = odd:gui\n[other]\nnot = a:script\n");

        var distribution = Assert.Single(DistributionScanner.Scan(tree.PythonDirectory));

        Assert.Equal("Odd.Name", distribution.Name);
        Assert.Equal("odd-name", distribution.NormalizedName);
        Assert.Equal("1.0", distribution.Version);
        Assert.Equal(["six"], distribution.Requires.Select(r => r.Name));
        Assert.Equal(["odd/a,b.py", "odd/c.py", "bin/odd"], distribution.RecordedFiles);
        Assert.Equal(["odd", "odd-gui"], distribution.ScriptNames);
    }
}
