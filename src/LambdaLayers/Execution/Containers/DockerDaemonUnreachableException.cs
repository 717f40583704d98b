namespace LambdaLayers.Execution.Containers;

/// <summary>The docker CLI is there but no daemon answers it.</summary>
public sealed class DockerDaemonUnreachableException : LayerException
{
    public DockerDaemonUnreachableException(string dockerHost, string dockerSaid)
        : base($"--mode container cannot reach the Docker daemon ({dockerHost}): {dockerSaid} Start it (Docker Desktop, 'sudo systemctl start docker', or 'dockerd &'), point DOCKER_HOST at a running one, or build without containers with --mode cross-platform.")
    {
        DockerHost = dockerHost;
    }

    /// <summary>Where the CLI looked: DOCKER_HOST, or the default context.</summary>
    public string DockerHost { get; }
}
