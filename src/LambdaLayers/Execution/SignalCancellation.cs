using System.Runtime.InteropServices;

namespace LambdaLayers.Execution;

/// <summary>
/// Turns SIGINT (Ctrl-C), SIGTERM (a cancelled CI job, <c>kill</c>) and SIGHUP (the terminal went away) into
/// the cancellation of a run: the token cancels, <see cref="ProcessRunner"/> stops the running tool with its
/// whole process tree (and the container executor removes its container), and the front end logs
/// "Cancelled" and exits with <see cref="ExitCode"/>. Without it the runtime ends this process at once and
/// leaves pip running. The first signal cancels; any later one gets its default action, so a second Ctrl-C
/// ends a clean-up that takes too long.
/// <para>
/// Front ends hold one for the whole run: the CLI in its <c>Program.cs</c>; a NUKE build calls
/// <see cref="Listen"/> once (before its first layer target) and passes <see cref="Token"/> to the stages
/// instead of <see cref="CancellationToken.None"/>.
/// </para>
/// </summary>
public sealed class SignalCancellation : IDisposable
{
    // POSIX numbers (the same on Linux and macOS); a shell reports a process ended by signal N as 128 + N.
    private static readonly IReadOnlyDictionary<PosixSignal, int> SignalNumbers = new Dictionary<PosixSignal, int>
    {
        [PosixSignal.SIGHUP] = 1,
        [PosixSignal.SIGINT] = 2,
        [PosixSignal.SIGTERM] = 15,
    };

    private readonly CancellationTokenSource _source = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly Lock _gate = new();
    private PosixSignal? _received;

    private SignalCancellation()
    {
    }

    /// <summary>Starts listening; dispose to restore the default handling.</summary>
    public static SignalCancellation Listen()
    {
        var listener = new SignalCancellation();
        foreach (var signal in SignalNumbers.Keys)
        {
            try
            {
                listener._registrations.Add(PosixSignalRegistration.Create(signal, listener.Handle));
            }
            catch (PlatformNotSupportedException)
            {
                // This platform cannot deliver that signal; there is nothing to listen for.
            }
        }
        return listener;
    }

    /// <summary>Cancelled when the first of the signals arrives.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>The signal that cancelled the run, if one did.</summary>
    public PosixSignal? Received
    {
        get
        {
            lock (_gate)
            {
                return _received;
            }
        }
    }

    /// <summary>
    /// 128 + the signal's number when a signal cancelled the run (130 for SIGINT, 143 for SIGTERM, 129 for
    /// SIGHUP: what a shell reports for a process that signal ended), else null.
    /// </summary>
    public int? ExitCode => Received is { } signal ? 128 + SignalNumbers[signal] : null;

    private void Handle(PosixSignalContext context)
    {
        lock (_gate)
        {
            if (_received is not null)
            {
                return; // the second signal: its default action ends the process
            }
            _received = context.Signal;
        }
        context.Cancel = true;
        // Cancelling runs the token's callbacks (stopping the tool); not on the signal thread, which must
        // stay free to deliver a second signal.
        _ = Task.Run(() =>
        {
            try
            {
                _source.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run had already finished.
            }
        });
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _source.Dispose();
    }
}
