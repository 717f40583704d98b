using System.Diagnostics;
using Serilog;

namespace LambdaLayers.FileSystem;

/// <summary>
/// Keeps two runs from working in one build folder at once (two CI jobs on one checkout, a second terminal):
/// pip would fail half-way with an OSError about files the other run is replacing. A stage holds an exclusive
/// lock on a file beside the build folder (<c>.&lt;name&gt;.lock</c>, beside it because the build folder itself is
/// wiped); a second run waits for it, saying so, and gives up with a message after <see cref="DefaultWait"/>.
/// Where the lock file cannot be made (a read-only checkout), the run goes on without it.
/// The lock is the kernel's (.NET takes <c>flock</c> for <see cref="FileShare.None"/>), so a killed run never
/// leaves a stale lock behind.
/// </summary>
public sealed class BuildFolderLock : IDisposable
{
    /// <summary>How long a run waits for another run's stage on the same build folder.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(30);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    private readonly FileStream? _stream;

    private BuildFolderLock(FileStream? stream, string path)
    {
        _stream = stream;
        Path = path;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    public static string PathFor(LayerLayout layout)
    {
        var build = System.IO.Path.TrimEndingDirectorySeparator(layout.BuildDirectory);
        return System.IO.Path.Combine(System.IO.Path.GetDirectoryName(build)!, "." + System.IO.Path.GetFileName(build) + ".lock");
    }

    /// <summary>Takes the lock of <paramref name="layout"/>'s build folder, waiting up to <paramref name="wait"/> for another run.</summary>
    public static async Task<BuildFolderLock> AcquireAsync(LayerLayout layout, ILogger log, TimeSpan? wait, CancellationToken cancellationToken)
    {
        var path = PathFor(layout);
        var limit = wait ?? DefaultWait;
        var clock = Stopwatch.StartNew();
        var announced = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                if (announced)
                {
                    log.Information("The other run is done after {Seconds:0.0} s; going on", clock.Elapsed.TotalSeconds);
                }
                return new BuildFolderLock(stream, path);
            }
            catch (IOException e) when (!IsLockConflict(path))
            {
                return Unlocked(path, log, e);
            }
            catch (IOException) when (clock.Elapsed < limit)
            {
                if (!announced)
                {
                    log.Warning("Another run is working in {BuildDirectory} (it holds {Lock}); waiting up to {Minutes:0.#} min for it to finish",
                        layout.BuildDirectory, path, limit.TotalMinutes);
                    announced = true;
                }
                await Task.Delay(Poll, cancellationToken);
            }
            catch (IOException e)
            {
                throw new LayerException(
                    $"Another run has been working in the layer build folder '{layout.BuildDirectory}' for more than " +
                    $"{limit.TotalMinutes:0.#} min (it holds '{path}'). Wait for it to finish or stop it, or give this run its own " +
                    "--build-dir, then run again.", e);
            }
            catch (UnauthorizedAccessException e)
            {
                return Unlocked(path, log, e);
            }
        }
    }

    // A conflict leaves the file in place (the other run made it); other I/O errors (a read-only folder) do not.
    private static bool IsLockConflict(string path) => File.Exists(path);

    // A folder this user cannot write to (a read-only checkout whose layer is current) cannot hold the lock file;
    // such a run changes nothing there, and a stage that has to write says so with its own error.
    private static BuildFolderLock Unlocked(string path, ILogger log, Exception error)
    {
        log.Debug("No lock for the build folder: cannot create {Lock} ({Error})", path, error.Message);
        return new BuildFolderLock(null, path);
    }

    public void Dispose() => _stream?.Dispose();
}
