using System.Diagnostics;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Execution.Containers;

/// <summary>What the Docker tests share: the requirement checks and docker queries.</summary>
internal static class DockerTestSupport
{
    public const string DefaultImage = "public.ecr.aws/sam/build-python3.11:latest-x86_64";

    /// <summary>Skips (locally) or fails (CI) unless the docker CLI, a daemon and the python3.11 image are there.</summary>
    public static void RequireDocker()
    {
        TestEnvironment.RequireProgram("docker");
        TestEnvironment.Require(Docker("info", "--format", "{{.ServerVersion}}").ExitCode == 0, "A Docker daemon (DOCKER_HOST)");
        TestEnvironment.Require(Docker("image", "inspect", DefaultImage).ExitCode == 0, $"The image {DefaultImage} (scripts/setup/service-docker.sh builds it offline)");
    }

    /// <summary>
    /// A label every container of this test run carries (through <c>--docker-args</c>), so the checks below see
    /// this run's containers only: other builds on the same daemon (another checkout's tests) start
    /// containers with the executor's names too.
    /// </summary>
    public static readonly string RunLabel = $"lambda-layers.test-run={Guid.NewGuid():N}";

    /// <summary>This run's containers named like the executor's, running or not.</summary>
    public static IReadOnlyList<string> ExecutorContainers() =>
        Docker("ps", "-a", "--filter", "name=lambda-layers-", "--filter", $"label={RunLabel}", "--format", "{{.Names}}").Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static (int ExitCode, string Output) Docker(params string[] arguments)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output + error.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, "docker is not on PATH");
        }
    }

    /// <summary>Distributions in an artifacts folder, by their dist-info folder names.</summary>
    public static IReadOnlyList<string> Distributions(string pythonDirectory) =>
        Directory.EnumerateDirectories(pythonDirectory, "*.dist-info").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;
}
