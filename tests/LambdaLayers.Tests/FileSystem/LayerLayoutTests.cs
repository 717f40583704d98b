using LambdaLayers.FileSystem;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.FileSystem;

public sealed class LayerLayoutTests
{
    [Fact]
    public void Cleaning_removes_only_the_build_folder()
    {
        using var project = new TempProject("[project]\nname='x'\n");
        project.Write("build/lambda/layer/artifacts/python/a.py", "").Write("build/keep.txt", "keep");
        var layout = new LayerLayout(project.Root);

        layout.CleanBuildDirectory();

        Assert.True(Directory.Exists(layout.BuildDirectory));
        Assert.Empty(Directory.EnumerateFileSystemEntries(layout.BuildDirectory));
        Assert.True(File.Exists(project.Path("build/keep.txt")));
        Assert.True(File.Exists(project.Path("pyproject.toml")));
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("/tmp")]
    public void Cleaning_refuses_the_project_root_a_parent_or_an_outside_folder(string buildDirectory)
    {
        using var project = new TempProject("[project]\nname='x'\n");
        var layout = new LayerLayout(project.Root, Path.GetFullPath(Path.Combine(project.Root, buildDirectory)));

        Assert.Throws<UnsafeLayoutException>(layout.CleanBuildDirectory);
        Assert.True(File.Exists(project.Path("pyproject.toml")));
    }

    [Fact]
    public void Cleaning_refuses_a_build_folder_that_is_a_link_out_of_the_project()
    {
        using var outside = new TempProject();
        outside.Write("precious.txt", "do not delete");
        using var project = new TempProject("[project]\nname='x'\n");
        Directory.CreateDirectory(project.Path("build/lambda"));
        Directory.CreateSymbolicLink(project.Path("build/lambda/layer"), outside.Root);
        var layout = new LayerLayout(project.Root);

        Assert.Throws<UnsafeLayoutException>(layout.CleanBuildDirectory);
        Assert.True(File.Exists(outside.Path("precious.txt")));
    }
}
