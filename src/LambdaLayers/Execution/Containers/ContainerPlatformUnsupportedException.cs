namespace LambdaLayers.Execution.Containers;

/// <summary>The target architecture differs from the Docker host's and nothing emulates it.</summary>
public sealed class ContainerPlatformUnsupportedException : LayerException
{
    public ContainerPlatformUnsupportedException(string architecture, string platform, string daemonArchitecture, string detail)
        : base($"--architecture {architecture} needs containers for {platform}, but the Docker host is {daemonArchitecture} and cannot run them: {detail} Register QEMU emulation (docker run --privileged --rm tonistiigi/binfmt --install arm64, or apt-get install qemu-user-static binfmt-support), build on a {architecture} machine, or use --mode cross-platform.")
    {
        Architecture = architecture;
    }

    public string Architecture { get; }
}
