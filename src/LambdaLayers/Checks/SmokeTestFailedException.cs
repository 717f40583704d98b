using System.Text;
using LambdaLayers.Settings;

namespace LambdaLayers.Checks;

/// <summary>
/// A module of the layer did not import in an interpreter of the runtime's version, so PackageLayer wrote
/// no layer.zip. The message names each distribution and module with the exception's last line, and says
/// what to do.
/// </summary>
public sealed class SmokeTestFailedException(SmokeTestOutcome outcome, string message) : LayerException(message)
{
    public SmokeTestOutcome Outcome { get; } = outcome;

    private const string LayerAdvice =
        "if a module needs a distribution the layer leaves out, stop excluding it (--exclude, --no-default-excludes) " +
        "or add it to the project's dependencies; if the package itself is broken for this runtime, pin another version. " +
        "A module that only imports inside a configured application can be let through with --no-smoke-test.";

    /// <param name="zipName">The zip that was not written: layer.zip, or function.zip for the function code.</param>
    /// <param name="advice">What to do, for a target whose modules are not the layer's (the function's own code); null gives the layer's advice.</param>
    public static SmokeTestFailedException From(SmokeTestOutcome outcome, LayerSettings settings, string zipName = "layer.zip", string? advice = null)
    {
        var text = new StringBuilder();
        text.Append($"The import smoke test failed with {outcome.Interpreter}, so {zipName} was not written; on Lambda {settings.Runtime.Name} " +
                    $"these imports would fail the same way:");
        foreach (var failure in outcome.Failures)
        {
            var name = failure.Version is null ? failure.Distribution : $"{failure.Distribution} {failure.Version}";
            text.Append($"\n  {name}: import {failure.Module} failed: {failure.Error}");
        }
        text.Append("\n  What to do: " + (advice ?? LayerAdvice));
        return new SmokeTestFailedException(outcome, text.ToString());
    }
}
