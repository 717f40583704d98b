namespace LambdaLayers.Execution.Containers;

/// <summary>
/// How the container executor talks to Docker. Defaults suit a user's machine; tests and unusual setups
/// override single values.
/// </summary>
public sealed record ContainerExecutorOptions
{
    /// <summary>The CLI to run: "docker", or "podman", or a full path.</summary>
    public string DockerCommand { get; init; } = "docker";

    /// <summary>
    /// "uid:gid" the container runs as. Null picks the owner of the files: this process's user, or, when
    /// this process is root, the owner of the project folder (so <c>sudo</c> or a root CI job leaves
    /// files the project's owner can delete).
    /// </summary>
    public string? User { get; init; }

    /// <summary>
    /// The <c>docker run --network</c> value. Null decides: "host" when the plan or the index points at a
    /// loopback address (127.0.0.1, localhost, ::1), which a container can only reach through the host's
    /// network; otherwise Docker's default bridge. Ignored when the extra docker arguments name a network.
    /// </summary>
    public string? Network { get; init; }

    /// <summary>Variables set (or, with a null value, removed) in the docker CLI's environment: DOCKER_HOST, PATH.</summary>
    public IReadOnlyDictionary<string, string?> DockerEnvironment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Versions to install for tools the image lacks; null asks the host's tools (<c>poetry --version</c>).</summary>
    public IReadOnlyList<ToolInstallation>? ToolVersions { get; init; }

    /// <summary>Pull the image when it is not present locally.</summary>
    public bool PullMissingImage { get; init; } = true;

    /// <summary>How many of the script's last output lines a failure message quotes.</summary>
    public int FailureOutputLines { get; init; } = Execution.BuildFailureTranslator.ShownLines;

    /// <summary>Where /proc/sys/fs/binfmt_misc is (the emulation check reads it); tests point it elsewhere.</summary>
    public string BinfmtDirectory { get; init; } = "/proc/sys/fs/binfmt_misc";
}
