namespace LambdaLayers.Tests.Support;

/// <summary>
/// A real PEP 517 backend for function builds, written by nobody here: Debian's setuptools and wheel wheels
/// (package python3-pip-whl, in <see cref="DebianWheelFolder"/>), copied into a folder that
/// <see cref="PackageIndexServer"/> serves. Debian patched that setuptools for its own distutils (the install
/// command's <c>install_layout</c> option), so it builds only under Debian's interpreter: <see cref="Interpreter"/> is
/// the <c>python3.11</c> on PATH whose distutils has that option.
/// </summary>
public sealed class SetuptoolsBackend : IDisposable
{
    /// <summary>Where Debian's python3-pip-whl installs its wheels (LAMBDA_LAYERS_TEST_DEBIAN_WHEELS overrides it).</summary>
    public static string DebianWheelFolder =>
        Environment.GetEnvironmentVariable("LAMBDA_LAYERS_TEST_DEBIAN_WHEELS") is { Length: > 0 } folder ? folder : "/usr/share/python-wheels";

    private static readonly Lazy<string?> DebianInterpreter = new(FindDebianInterpreter);

    private readonly TemporaryDirectory wheels = new("ll-setuptools-index");

    private SetuptoolsBackend(string interpreter)
    {
        Interpreter = interpreter;
    }

    /// <summary>The folder of wheels to serve: setuptools and wheel, plus whatever a test adds.</summary>
    public string WheelFolder => wheels.Path;

    /// <summary>Debian's python3.11, the one interpreter the Debian setuptools wheel builds under.</summary>
    public string Interpreter { get; }

    /// <summary>Skips (locally) or fails (CI) when the Debian wheels or Debian's interpreter are missing.</summary>
    public static SetuptoolsBackend Require()
    {
        var found = Directory.Exists(DebianWheelFolder)
            ? Directory.GetFiles(DebianWheelFolder, "*.whl").Where(w => Path.GetFileName(w).StartsWith("setuptools-", StringComparison.Ordinal) ||
                                                                      Path.GetFileName(w).StartsWith("wheel-", StringComparison.Ordinal)).ToList()
            : [];
        TestEnvironment.Require(found.Count == 2, $"Debian's setuptools and wheel wheels (python3-pip-whl, in {DebianWheelFolder})");
        TestEnvironment.Require(DebianInterpreter.Value is not null, "Debian's python3.11 (its distutils has the install_layout option Debian's setuptools needs)");
        var backend = new SetuptoolsBackend(DebianInterpreter.Value!);
        foreach (var wheel in found)
        {
            File.Copy(wheel, Path.Combine(backend.WheelFolder, Path.GetFileName(wheel)));
        }
        return backend;
    }

    private static string? FindDebianInterpreter()
    {
        const string probe = "import warnings; warnings.simplefilter('ignore'); from distutils.command.install import install; " +
                             "import sys; sys.exit(0 if any(o[0] == 'install-layout=' for o in install.user_options) else 1)";
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, "python3.11");
            if (File.Exists(candidate) && ToolProcess.Run(candidate, ["-c", probe], Path.GetTempPath()).ExitCode == 0)
            {
                return candidate;
            }
        }
        return null;
    }

    public void Dispose() => wheels.Dispose();
}
