namespace LambdaLayers.Execution.Containers;

/// <summary>
/// A build plan rendered as one POSIX sh script. <see cref="Text"/> holds no secret: the script reads each
/// one from its standard input (<see cref="StandardInput"/>, fed through <c>docker run --interactive</c>)
/// into an unexported carrier variable (<c>LAMBDA_LAYERS_SECRET_1</c>, …), so no secret is in the docker
/// client's argv or environment, in the container's configuration (<c>docker inspect</c>) or in a file.
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

    /// <summary>Carrier variable name → secret value, in the order the script reads them.</summary>
    public IReadOnlyDictionary<string, string> SecretVariables { get; }

    /// <summary>What the script expects on standard input: each secret on a line of its own, in carrier order; null when it needs none.</summary>
    public string? StandardInput => SecretVariables.Count == 0 ? null : string.Concat(SecretVariables.Values.Select(v => v + "\n"));

    /// <summary>What the script prints before each step ("lambda-layers: step 2/3: title"); the executor reads it to name a failed step.</summary>
    public const string StepMarker = "lambda-layers: step ";

    public override string ToString() => Text;
}
