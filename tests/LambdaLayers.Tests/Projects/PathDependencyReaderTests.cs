using LambdaLayers.Projects;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Projects;

/// <summary>Reading path dependencies from requirements files, Poetry and uv projects (files only, no tools).</summary>
public sealed class PathDependencyReaderTests
{
    [Theory]
    [InlineData("-e ../other", "../other", null, true)]
    [InlineData("--editable=../other", "../other", null, true)]
    [InlineData("-e./other[extra]", "./other", null, true)]
    [InlineData("-e file:../other#egg=other", "file:../other", "other", true)]
    [InlineData("./wheels/x-1.0-py3-none-any.whl", "./wheels/x-1.0-py3-none-any.whl", null, false)]
    [InlineData("x-1.0-py3-none-any.whl --hash=sha256:00", "x-1.0-py3-none-any.whl", null, false)]
    [InlineData("mylib @ file:../mylib", "file:../mylib", "mylib", false)]
    [InlineData("mylib[fast]@file:../mylib ; python_version >= \"3.11\"", "file:../mylib", "mylib", false)]
    [InlineData("file:///opt/libs/x", "file:///opt/libs/x", null, false)]
    [InlineData("../sibling ; sys_platform == \"linux\"", "../sibling", null, false)]
    public void Local_requirement_lines_are_recognised(string line, string location, string? name, bool editable)
    {
        var local = Read(line).Single();

        Assert.Equal(location, local.WrittenPath);
        Assert.Equal(name, local.Name);
        Assert.Equal(editable, local.Editable);
    }

    [Theory]
    [InlineData("tinyutil==1.0")]
    [InlineData("requests[socks]>=2 ; python_version >= \"3.8\"")]
    [InlineData("mylib @ https://example.com/mylib-1.0.tar.gz")]
    [InlineData("-e git+https://github.com/o/r.git#egg=r")]
    [InlineData("-r other.txt")]
    [InlineData("--find-links ./wheels")]
    [InlineData("# ../commented-out")]
    [InlineData("${LIBS}/mylib")]
    public void Other_lines_are_not_path_dependencies(string line) => Assert.Empty(Read(line));

    [Fact]
    public void Relative_paths_resolve_against_the_project_folder_and_lines_are_numbered_as_written()
    {
        using var project = new TempProject().Write("requirements.txt",
            "tinyutil==1.0 \\\n    --hash=sha256:00\n\nmylib @ file:../libs/my%20lib\n-e ./local\n/opt/x-1.0.tar.gz\n");

        var found = PathDependencyReader.ForRequirements(project.Path("requirements.txt"), project.Root);

        Assert.Equal(3, found.Count);
        Assert.Equal(Path.GetFullPath(Path.Combine(project.Root, "..", "libs", "my lib")), found[0].ResolvedPath);
        Assert.Equal("requirements.txt line 4", found[0].DeclaredIn);
        Assert.Equal(Path.Combine(project.Root, "local"), found[1].ResolvedPath);
        Assert.Equal(PathDependencyKind.Directory, found[1].Kind);
        Assert.True(found[2].WrittenAbsolute);
        Assert.Equal(PathDependencyKind.SourceArchive, found[2].Kind);
    }

    [Fact]
    public void Poetry_path_dependencies_in_every_group_are_placed_and_those_of_selected_groups_installed()
    {
        using var project = new TempProject("""
            [tool.poetry]
            name = "app"

            [tool.poetry.dependencies]
            python = "^3.11"
            mylib = { path = "../mylib", develop = true }
            tinyutil = "^1.0"

            [tool.poetry.group.lambda]
            optional = true

            [tool.poetry.group.lambda.dependencies]
            grouplib = { path = "../grouplib" }

            [tool.poetry.group.dev.dependencies]
            devlib = [{ path = "../devlib", markers = "sys_platform == 'linux'" }]
            """).Write("poetry.lock", """
            [[package]]
            name = "mylib"
            version = "0.1.0"
            develop = true

            [package.dependencies]
            sublib = "*"

            [package.source]
            type = "directory"
            url = "../mylib"

            [[package]]
            name = "sublib"
            version = "1.0"

            [package.source]
            type = "file"
            url = "../wheels/sublib-1.0-py3-none-any.whl"

            [[package]]
            name = "orphan"
            version = "1.0"

            [package.source]
            type = "directory"
            url = "../orphan"
            """);

        var found = PathDependencyReader.ForPoetry(project.Root, project.Path("pyproject.toml"), project.Path("poetry.lock"), ["lambda"], []);

        var byName = found.ToDictionary(d => d.Name!);
        Assert.Equal(["devlib", "grouplib", "mylib", "orphan", "sublib"], byName.Keys.Order());
        Assert.True(byName["mylib"] is { Installed: true, Placed: true, Editable: true, DeclaredIn: "pyproject.toml [tool.poetry.dependencies] mylib" });
        Assert.True(byName["grouplib"] is { Installed: true, Placed: true });
        Assert.True(byName["devlib"] is { Installed: false, Placed: true }, "Poetry loads every group's paths, so they are placed");
        Assert.True(byName["sublib"] is { Installed: true, Kind: PathDependencyKind.Wheel, DeclaredIn: "poetry.lock package sublib" });
        Assert.True(byName["orphan"] is { Installed: false, Placed: false });

        var mainOnly = PathDependencyReader.ForPoetry(project.Root, project.Path("pyproject.toml"), project.Path("poetry.lock"), [], []);
        Assert.False(mainOnly.Single(d => d.Name == "grouplib").Installed);
    }

    [Fact]
    public void Uv_local_packages_come_from_the_lock_with_members_always_placed()
    {
        using var project = new TempProject("""
            [project]
            name = "uv-app"
            version = "0.1.0"
            dependencies = ["mylib", "member"]

            [dependency-groups]
            dev = ["grouplib"]

            [tool.uv.sources]
            mylib = { path = "../mylib" }
            member = { workspace = true }
            grouplib = { path = "../grouplib", editable = true }

            [tool.uv.workspace]
            members = ["packages/*"]
            """).Write("uv.lock", """
            version = 1
            revision = 2

            [manifest]
            members = ["member", "tools", "uv-app"]

            [[package]]
            name = "grouplib"
            version = "0.3.0"
            source = { editable = "../grouplib" }

            [[package]]
            name = "member"
            version = "0.2.0"
            source = { editable = "packages/member" }
            dependencies = [{ name = "wheeldep" }]

            [[package]]
            name = "mylib"
            version = "0.1.0"
            source = { directory = "../mylib" }

            [[package]]
            name = "tools"
            version = "0.1.0"
            source = { virtual = "packages/tools" }

            [[package]]
            name = "uv-app"
            version = "0.1.0"
            source = { virtual = "." }
            dependencies = [{ name = "member" }, { name = "mylib" }]

            [package.dev-dependencies]
            dev = [{ name = "grouplib" }]

            [[package]]
            name = "wheeldep"
            version = "1.0"
            source = { path = "wheels/wheeldep-1.0-py3-none-any.whl" }
            """);

        var found = PathDependencyReader.ForUv(project.Root, project.Path("pyproject.toml"), project.Path("uv.lock"), [], []).ToDictionary(d => d.Name!);

        Assert.Equal(["grouplib", "member", "mylib", "tools", "wheeldep"], found.Keys.Order());
        Assert.True(found["mylib"] is { Installed: true, Editable: false, DeclaredIn: "pyproject.toml [tool.uv.sources] mylib" });
        Assert.True(found["member"] is { Installed: true, Placed: true, Editable: true, DeclaredIn: "pyproject.toml [tool.uv.workspace] members (member)" });
        Assert.True(found["wheeldep"] is { Installed: true, Kind: PathDependencyKind.Wheel, DeclaredIn: "uv.lock package wheeldep" });
        Assert.True(found["tools"] is { Virtual: true, Installed: false, Placed: true });
        Assert.True(found["grouplib"] is { Installed: false, Placed: false });

        var withDev = PathDependencyReader.ForUv(project.Root, project.Path("pyproject.toml"), project.Path("uv.lock"), ["dev"], []);
        Assert.True(withDev.Single(d => d.Name == "grouplib").Installed);
    }

    [Fact]
    public void Lock_files_without_local_sources_are_not_parsed()
    {
        // Broken TOML on purpose: a lock that names no local source is only scanned, never parsed.
        using var project = new TempProject("[project]\nname = \"x\"\n").Write("uv.lock", "version = 1\n[[package]]\nname = \"x\"\nsource = { virtual = \".\" }\n=broken\n");

        Assert.Empty(PathDependencyReader.ForUv(project.Root, project.Path("pyproject.toml"), project.Path("uv.lock"), [], []));
    }

    [Fact]
    public void The_repository_root_is_the_nearest_folder_with_git_or_the_project_itself()
    {
        using var temp = new TemporaryDirectory();
        var project = temp.Combine("repo", "services", "app");
        Directory.CreateDirectory(project);
        Assert.Equal(project, RepositoryRoot.Find(project));

        File.WriteAllText(temp.Combine("repo", ".git"), "gitdir: elsewhere\n");
        Assert.Equal(temp.Combine("repo"), RepositoryRoot.Find(project));
    }

    private static IReadOnlyList<PathDependency> Read(string line)
    {
        using var project = new TempProject().Write("requirements.txt", line + "\n");
        return PathDependencyReader.ForRequirements(project.Path("requirements.txt"), project.Root);
    }
}
