namespace LambdaLayers.Execution;

/// <summary>One line a child process printed, already masked, and whether it came from standard error.</summary>
public readonly record struct ProcessLine(string Text, bool IsError);
