namespace LambdaLayers.Execution;

/// <summary>Finds a program the way a shell would, so the build names a missing tool before starting it.</summary>
public static class ProgramLocator
{
    /// <summary>The full path of a program: as given when it contains a folder, else the first match on <paramref name="pathVariable"/>.</summary>
    public static string? Find(string program, string? pathVariable)
    {
        if (program.Contains(Path.DirectorySeparatorChar) || program.Contains(Path.AltDirectorySeparatorChar))
        {
            return File.Exists(program) ? Path.GetFullPath(program) : null;
        }
        var extensions = OperatingSystem.IsWindows()
            ? (Environment.GetEnvironmentVariable("PATHEXT") ?? ".EXE;.CMD;.BAT").Split(';').Prepend("")
            : [""];
        foreach (var directory in (pathVariable ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var extension in extensions)
            {
                var candidate = Path.Combine(directory, program + extension);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    /// <summary>The program on this process's PATH.</summary>
    public static string? FindOnPath(string program) => Find(program, Environment.GetEnvironmentVariable("PATH"));
}
