namespace LambdaLayers.Execution.Containers;

/// <summary>The <c>docker</c> CLI is not on PATH.</summary>
public sealed class DockerNotFoundException : LayerException
{
    public DockerNotFoundException(string command)
        : base($"--mode container needs the '{command}' command, and it is not on PATH. Install Docker (or podman with a 'docker' alias), or build without containers: --mode cross-platform installs Lambda-compatible wheels on the host.")
    {
    }
}
