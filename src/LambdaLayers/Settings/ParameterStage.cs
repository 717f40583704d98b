namespace LambdaLayers.Settings;

/// <summary>
/// The first stage that reads a parameter. A command runs its stage and the ones before it, so it takes the
/// parameters of those stages only: <c>lambda-layers package --help</c> lists no publishing option. The values
/// are the stages' order (build 1, package 2, publish 3).
/// </summary>
public enum ParameterStage
{
    Build = 1,
    Package = 2,
    Publish = 3,
}
