namespace LambdaLayers.Tests.Support;

/// <summary>
/// Makes the files a tree should never hold, for real: FIFOs (mkfifo), Unix sockets (bound by this process), character
/// devices (mknod, which needs root, as the tests run in CI) and names that are not UTF-8 (written by Python, since
/// .NET can only name files in UTF-8).
/// </summary>
public static class SpecialFiles
{
    /// <summary>The byte 0xFF, not valid UTF-8, in a file name; .NET shows it as U+FFFD.</summary>
    public const string NonUtf8Name = "bad\uFFFDname.py";

    public static void Fifo(string path) => Run("mkfifo", [path]);

    /// <summary>
    /// Binds a Unix socket at <paramref name="path"/> in Python, whose socket file stays after the socket is closed
    /// (.NET deletes the file of a socket it bound when the socket is disposed).
    /// </summary>
    public static void Socket(string path) =>
        Run("python3", ["-c", "import socket, sys; socket.socket(socket.AF_UNIX, socket.SOCK_STREAM).bind(sys.argv[1])", path]);

    /// <summary>A character device with /dev/null's numbers (1, 3): reading it ends at once, a FIFO's read never does.</summary>
    public static void CharacterDevice(string path)
    {
        TestEnvironment.Require(Environment.UserName == "root", "root (mknod makes device files only as root)");
        Run("mknod", [path, "c", "1", "3"]);
    }

    /// <summary>Makes the kind of special file named <paramref name="kind"/>: fifo, socket or device.</summary>
    public static void Make(string kind, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        switch (kind)
        {
            case "fifo": Fifo(path); break;
            case "socket": Socket(path); break;
            case "device": CharacterDevice(path); break;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <summary>Writes an empty file named "bad", byte 0xFF, "name.py" in <paramref name="folder"/>; returns the name as .NET shows it.</summary>
    public static string NonUtf8File(string folder)
    {
        Directory.CreateDirectory(folder);
        Run("python3", ["-c", "import os, sys; open(os.path.join(os.fsencode(sys.argv[1]), b'bad\\xffname.py'), 'wb').close()", folder]);
        return NonUtf8Name;
    }

    /// <summary>Deletes a tree .NET cannot delete itself (it holds a name that is not UTF-8).</summary>
    public static void RemoveTree(string folder) => Run("rm", ["-rf", "--", folder]);

    private static void Run(string program, IReadOnlyList<string> arguments)
    {
        var (exitCode, output) = ToolProcess.Run(program, arguments, Path.GetTempPath());
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({exitCode}): {output}");
        }
    }
}
