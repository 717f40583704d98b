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

    /// <summary>Containers named like the executor's, running or not.</summary>
    public static IReadOnlyList<string> ExecutorContainers() =>
        Docker("ps", "-a", "--filter", "name=lambda-layers-", "--format", "{{.Names}}").Output
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
