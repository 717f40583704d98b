namespace LambdaLayers.Nuke;

/// <summary>
/// Fails a layer target with the stage's message (or "Cancelled by SIGTERM."). NUKE logs a failing target's
/// exception with <c>ToString()</c>; a <see cref="LayerException"/> is a complete message for a user, so this
/// prints just that message, without the stack trace (which would say nothing to the user, and could echo
/// paths or values).
/// </summary>
internal sealed class LayerTargetException(string reason, Exception cause) : Exception(reason, cause)
{
    public override string ToString() => Message;
}
