namespace LambdaLayers.Planning;

/// <summary>
/// The project or settings cannot be built as they are (a missing lock file, no interpreter for the
/// runtime, a tool without a needed command); found before anything runs, so nothing was touched.
/// </summary>
public sealed class BuildInputException(string input, string message) : LayerException(message)
{
    /// <summary>The file or setting at fault ("poetry.lock", "python").</summary>
    public string Input { get; } = input;
}
