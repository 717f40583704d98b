using LambdaLayers.Cli;
using LambdaLayers.Execution;

// Ctrl-C, SIGTERM and SIGHUP cancel the run: the running tool is stopped with its child processes, the log
// says "Cancelled", and the exit code is the shell's for that signal (130, 143, 129).
using var signals = SignalCancellation.Listen();
var exitCode = await CliApplication.RunAsync(args, Console.Out, Console.Error, environment: null, stages: null, signals.Token);
return exitCode != ExitCodes.Success && signals.ExitCode is { } signalled ? signalled : exitCode;
