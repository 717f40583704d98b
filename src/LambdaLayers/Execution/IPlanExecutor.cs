using LambdaLayers.Planning;

namespace LambdaLayers.Execution;

/// <summary>
/// Runs a <see cref="BuildPlan"/>: copies its files, runs its commands in order and leaves the packages in
/// <c>artifacts/python</c>. The plan is all an executor reads: it carries the index, the container part
/// (image, platform, mounts, docker arguments), the host's tool and the time limit. Failures are
/// <see cref="LayerException"/>s whose text has every secret masked (<see cref="SecretMasker.For"/>);
/// <see cref="BuildFailureTranslator"/> turns a failed command's output into the user-facing error.
/// <see cref="HostExecutor"/> runs on this machine; the container executor renders the same plan as a
/// script inside the build image.
/// </summary>
public interface IPlanExecutor
{
    /// <summary>
    /// Checks that this executor can run the plan at all (a container engine, its image), so a build that
    /// cannot start fails before the previous build's folder is wiped.
    /// </summary>
    Task CheckAsync(BuildPlan plan, CancellationToken cancellationToken);

    Task ExecuteAsync(BuildPlan plan, CancellationToken cancellationToken);
}
