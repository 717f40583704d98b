namespace LambdaLayers.Tests.Support;

/// <summary>
/// This Linux machine's process table as /proc shows it, for tests that must prove a process is gone. A
/// zombie (state Z: dead, waiting to be reaped by a parent or an init that may never come in a container)
/// counts as gone.
/// </summary>
public static class ProcessTable
{
    public static void Require() => TestEnvironment.Require(Directory.Exists("/proc/self"), "A Linux /proc process table");

    /// <summary>True while <paramref name="pid"/> exists and is not a zombie.</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // "pid (comm) S …": the state follows the last ')' (comm may itself hold parentheses).
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The argv of <paramref name="pid"/> joined with spaces ("" when gone).</summary>
    public static string CommandLine(int pid) => Read($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();

    /// <summary>Running processes whose environment holds <paramref name="marker"/> (a unique value a test gave its process tree).</summary>
    public static IReadOnlyList<int> WithEnvironmentMarker(string marker) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : -1)
            .Where(pid => pid > 0 && Read($"/proc/{pid}/environ").Contains(marker, StringComparison.Ordinal) && IsRunning(pid))
            .ToList();

    /// <summary>Polls until none of <paramref name="pids"/> runs, or <paramref name="limit"/> passes; returns the ones still running.</summary>
    public static async Task<IReadOnlyList<int>> WaitUntilGoneAsync(IEnumerable<int> pids, TimeSpan limit)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var running = pids.Where(IsRunning).ToList();
            if (running.Count == 0 || clock.Elapsed > limit)
            {
                return running;
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Sends <paramref name="signal"/> (a POSIX number: 2 SIGINT, 15 SIGTERM) to <paramref name="pid"/>, as kill(1) would.</summary>
    public static void Signal(int pid, int signal)
    {
        if (kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed with errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
