namespace LambdaLayers.Tests.Support;

/// <summary>
/// A pip project whose one requirement is a local source tree with an in-tree PEP 517 backend that blocks for ten
/// minutes in its first hook: pip runs that hook in a subprocess of its own, as it does for any sdist. The signal
/// tests stop a front end while that grandchild runs.
/// </summary>
public static class BlockingProject
{
    public static string Write(string project, string package)
    {
        Directory.CreateDirectory(package);
        File.WriteAllText(Path.Combine(package, "pyproject.toml"),
            "[build-system]\nrequires = []\nbuild-backend = \"slow_backend\"\nbackend-path = [\".\"]\n\n[project]\nname = \"slowpkg\"\nversion = \"1.0\"\n");
        File.WriteAllText(Path.Combine(package, "slow_backend.py"),
            "import time\n\ndef get_requires_for_build_wheel(config_settings=None):\n    time.sleep(600)\n    return []\n");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "pyproject.toml"), "[project]\nname = \"blocked\"\nversion = \"0.1.0\"\nrequires-python = \">=3.11\"\n");
        File.WriteAllText(Path.Combine(project, "requirements.txt"), $"slowpkg @ {new Uri(package).AbsoluteUri}\n");
        return project;
    }
}
