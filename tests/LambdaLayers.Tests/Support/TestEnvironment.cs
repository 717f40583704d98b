namespace LambdaLayers.Tests.Support;

/// <summary>
/// Decides what a test does when a real tool or service it needs is missing: outside CI it is skipped
/// with the reason shown; in CI (CI=true, as scripts/test.sh sets up everything) it fails, so a broken
/// setup can never pass as a green run of skipped tests.
/// </summary>
public static class TestEnvironment
{
    public static bool RequireAll =>
        IsTrue(Environment.GetEnvironmentVariable("CI")) ||
        IsTrue(Environment.GetEnvironmentVariable("LAMBDA_LAYERS_REQUIRE_ALL_TOOLS"));

    /// <summary>Skips (locally) or fails (CI) unless <paramref name="available"/> holds.</summary>
    public static void Require(bool available, string what)
    {
        if (available)
        {
            return;
        }
        var message = $"{what} is not available; scripts/test.sh installs and starts it.";
        if (RequireAll)
        {
            Assert.Fail(message);
        }
        Assert.Skip(message);
    }

    /// <summary>Skips (locally) or fails (CI) unless <paramref name="program"/> is on PATH; returns its full path.</summary>
    public static string RequireProgram(string program)
    {
        var path = FindOnPath(program);
        Require(path is not null, $"'{program}' (on PATH)");
        return path!;
    }

    public static string? FindOnPath(string program)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private static bool IsTrue(string? value) =>
        string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || value == "1";
}
