namespace LambdaLayers.Execution.Containers;

/// <summary>
/// A build plan rendered as one POSIX sh script. <see cref="Text"/> holds no secret: each secret is read
/// by the script from a carrier variable (<c>LAMBDA_LAYERS_SECRET_1</c>, …) that the container gets by
/// name only (<c>docker run -e NAME</c>), its value living in the docker child process's environment.
/// </summary>
public sealed class ContainerScript
{
    internal ContainerScript(string text, IReadOnlyDictionary<string, string> secretVariables)
    {
        Text = text;
        SecretVariables = secretVariables;
    }

    /// <summary>The script; safe to write to disk and to show.</summary>
    public string Text { get; }

    /// <summary>Carrier variable name → secret value. Goes into the docker process environment only.</summary>
    public IReadOnlyDictionary<string, string> SecretVariables { get; }

    /// <summary>What the script prints before each step ("lambda-layers: step 2/3: title"); the executor reads it to name a failed step.</summary>
    public const string StepMarker = "lambda-layers: step ";

    public override string ToString() => Text;
}
