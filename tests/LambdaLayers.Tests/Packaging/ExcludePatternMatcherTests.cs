using LambdaLayers.Packaging;

namespace LambdaLayers.Tests.Packaging;

public sealed class ExcludePatternMatcherTests
{
    private static readonly ExcludePatternMatcher Defaults = new(["__pycache__/", "*.pyc"]);

    [Theory]
    [InlineData("pkg/__pycache__/mod.cpython-312.pyc", true)]
    [InlineData("__pycache__/x.txt", true)]
    [InlineData("a/b/c/__pycache__/d/e.py", true)]
    [InlineData("mod.pyc", true)]
    [InlineData("deep/er/mod.pyc", true)]
    [InlineData("pkg/mod.py", false)]
    [InlineData("pkg/__pycache__", false)] // a file named like the folder pattern is not a folder
    [InlineData("pkg/mod.pyc.txt", false)]
    public void Default_patterns_match_at_any_depth(string path, bool excluded) =>
        Assert.Equal(excluded, Defaults.IsExcluded(path));

    [Theory]
    [InlineData("bin/*", "bin/tool", true)]
    [InlineData("bin/*", "pkg/bin/tool", false)]
    [InlineData("/docs/", "docs/a/b.md", true)]
    [InlineData("/docs/", "pkg/docs/a.md", false)]
    [InlineData("**/tests/", "pkg/tests/test_a.py", true)]
    [InlineData("**/tests/", "tests/test_a.py", true)]
    [InlineData("pkg/**/*.md", "pkg/a/b/readme.md", true)]
    [InlineData("pkg/**/*.md", "other/readme.md", false)]
    [InlineData("?.txt", "sub/a.txt", true)]
    [InlineData("?.txt", "sub/ab.txt", false)]
    public void Patterns_with_a_slash_are_anchored_at_the_root(string pattern, string path, bool excluded) =>
        Assert.Equal(excluded, new ExcludePatternMatcher([pattern]).IsExcluded(path));
}
