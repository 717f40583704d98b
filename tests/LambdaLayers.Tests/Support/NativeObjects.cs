using System.Buffers.Binary;

namespace LambdaLayers.Tests.Support;

/// <summary>
/// Real native objects for the compatibility tests, compiled by this machine's gcc (DESIGN §4): shared
/// libraries that need a given glibc symbol version (<c>close_range</c> → GLIBC_2.34, <c>arc4random</c> →
/// GLIBC_2.36), a CPython extension module built against a pyenv interpreter's headers, and copies with
/// <c>e_machine</c> patched to another architecture. Compiled once per process and cached.
/// </summary>
public static class NativeObjects
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        var folder = new TemporaryDirectory("ll-native");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => folder.Dispose();
        return folder.Path;
    });

    private static readonly Dictionary<string, byte[]> Cache = new(StringComparer.Ordinal);

    /// <summary>A shared library whose only function calls <c>close_range</c>: it needs GLIBC_2.34.</summary>
    public static byte[] NeedsGlibc234() => SharedLibrary("needs_glibc_2_34",
        "#define _GNU_SOURCE\n#include <unistd.h>\nint close_fds(void) { return close_range(100, 200, 0); }\n");

    /// <summary>A shared library whose only function calls <c>arc4random</c>: it needs GLIBC_2.36.</summary>
    public static byte[] NeedsGlibc236() => SharedLibrary("needs_glibc_2_36",
        "#include <stdlib.h>\n#include <stdint.h>\nuint32_t random_word(void) { return arc4random(); }\n");

    /// <summary>A shared library that needs nothing newer than glibc's baseline (it calls <c>strlen</c>).</summary>
    public static byte[] Plain() => SharedLibrary("plain",
        "#include <string.h>\nunsigned long length_of(const char *s) { return strlen(s); }\n");

    /// <summary>
    /// A real CPython extension module <c>{name}</c> for the given interpreter (its include folder comes from
    /// sysconfig), whose <c>answer()</c> returns 42; import it to prove native code loads.
    /// </summary>
    public static byte[] PythonExtension(string python, string name)
    {
        var include = ToolProcess.Run(python, ["-c", "import sysconfig; print(sysconfig.get_paths()['include'])"], Path.GetTempPath());
        Assert.True(include.ExitCode == 0, include.Output);
        var source = $$$"""
            #define PY_SSIZE_T_CLEAN
            #include <Python.h>
            static PyObject *answer(PyObject *self, PyObject *args) { return PyLong_FromLong(42); }
            static PyMethodDef methods[] = {{"answer", answer, METH_NOARGS, "42"}, {NULL, NULL, 0, NULL}};
            static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "{{{name}}}", NULL, -1, methods};
            PyMODINIT_FUNC PyInit_{{{name}}}(void) { return PyModule_Create(&module); }
            """;
        return SharedLibrary($"ext_{name}_{include.Output.Trim().GetHashCode():x8}", source, "-I" + include.Output.Trim());
    }

    /// <summary>Compiles C source into a shared library with gcc and returns its bytes.</summary>
    public static byte[] SharedLibrary(string name, string source, params string[] extraArguments)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(name, out var cached))
            {
                return cached;
            }
            var gcc = TestEnvironment.RequireProgram("gcc");
            var sourcePath = Path.Combine(Folder.Value, name + ".c");
            var output = Path.Combine(Folder.Value, name + ".so");
            File.WriteAllText(sourcePath, source);
            var result = ToolProcess.Run(gcc, ["-shared", "-fPIC", "-O1", "-o", output, sourcePath, .. extraArguments], Folder.Value);
            Assert.True(result.ExitCode == 0, $"gcc failed for {name}: {result.Output}");
            return Cache[name] = File.ReadAllBytes(output);
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to a file in the cache folder and returns its path (for readelf).</summary>
    public static string Save(string fileName, byte[] bytes)
    {
        var path = Path.Combine(Folder.Value, fileName);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A copy of a little-endian ELF file with its <c>e_machine</c> (bytes 18-19) set to <paramref name="machine"/>.</summary>
    public static byte[] WithMachine(byte[] elf, ushort machine)
    {
        var copy = (byte[])elf.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(18), machine);
        return copy;
    }
}
