namespace LambdaLayers.Execution.Containers;

/// <summary>The build image is not present locally and pulling it failed.</summary>
public sealed class ContainerImageUnavailableException : LayerException
{
    public ContainerImageUnavailableException(string image, string platform, string dockerSaid)
        : base($"The container image '{image}' ({platform}) is not present locally and 'docker pull' failed: {dockerSaid} Check the image name (--image), your network and registry login ('docker login'), or pull it yourself: docker pull --platform {platform} {image}")
    {
        Image = image;
        Platform = platform;
    }

    public string Image { get; }

    public string Platform { get; }
}
