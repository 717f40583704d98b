namespace LambdaLayers.Execution;

/// <summary>How a child process ended and the last lines it printed (masked, in the order they arrived).</summary>
public sealed record ProcessResult(int ExitCode, bool TimedOut, IReadOnlyList<ProcessLine> Lines)
{
    /// <summary>True when the program ran to the end and exited with 0.</summary>
    public bool Succeeded => ExitCode == 0 && !TimedOut;

    public IEnumerable<string> StandardOutput => Lines.Where(l => !l.IsError).Select(l => l.Text);

    public IEnumerable<string> StandardError => Lines.Where(l => l.IsError).Select(l => l.Text);

    /// <summary>Every kept line, standard output first, one per line (what a version probe reads).</summary>
    public string Text => string.Join('\n', StandardOutput.Concat(StandardError));
}
