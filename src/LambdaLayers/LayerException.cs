namespace LambdaLayers;

/// <summary>
/// Base of every error this tool reports to a user. Its message is complete on its own — it names the
/// input at fault and says what to do — and contains no secret, so front ends print the message and no
/// stack trace.
/// </summary>
public class LayerException : Exception
{
    public LayerException(string message) : base(message) { }

    public LayerException(string message, Exception inner) : base(message, inner) { }
}
