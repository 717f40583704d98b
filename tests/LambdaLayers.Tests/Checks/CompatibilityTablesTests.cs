using LambdaLayers.Checks;
using LambdaLayers.Packaging;
using LambdaLayers.Settings;
using LambdaLayers.FileSystem;
using LambdaLayers.Pipeline;
using LambdaLayers.Reporting;
using LambdaLayers.Execution;
using LambdaLayers.Execution.Containers;
using LambdaLayers.Planning;

namespace LambdaLayers.Tests.Checks;

/// <summary>The fact tables of the check: wheel tags, extension suffixes, glibc version names, shebangs.</summary>
public sealed class CompatibilityTablesTests
{
    private static LambdaRuntime Runtime(string name) => LambdaRuntimes.Find(name)!;

    [Theory]
    [InlineData("py3-none-any", "python3.11", "x86_64")]
    [InlineData("py2.py3-none-any", "python3.14", "arm64")]
    [InlineData("cp312-cp312-manylinux_2_17_x86_64", "python3.12", "x86_64")]
    [InlineData("cp312-cp312-manylinux2014_aarch64", "python3.12", "arm64")]
    [InlineData("cp311-cp311-manylinux_2_26_x86_64", "python3.11", "x86_64")]
    [InlineData("cp310-cp310-manylinux1_x86_64", "python3.10", "x86_64")]
    [InlineData("cp38-abi3-manylinux_2_28_x86_64", "python3.13", "x86_64")]
    [InlineData("cp312-cp312-manylinux_2_34_x86_64", "python3.12", "x86_64")]
    [InlineData("cp312-cp312-linux_x86_64", "python3.12", "x86_64")]
    [InlineData("py310-none-any", "python3.12", "x86_64")]
    public void Wheel_tags_that_fit_the_runtime(string tag, string runtime, string architecture)
    {
        Assert.Null(WheelTags.Mismatch([tag], Runtime(runtime), LambdaArchitecture.Find(architecture)!));
    }

    [Theory]
    [InlineData("cp311-cp311-manylinux_2_28_x86_64", "python3.11", "needs glibc 2.28 (python3.11 has 2.26)")]
    [InlineData("cp312-cp312-manylinux_2_39_x86_64", "python3.12", "needs glibc 2.39 (python3.12 has 2.34)")]
    [InlineData("cp311-cp311-manylinux2014_x86_64", "python3.12", "built for the ABI of CPython 3.11")]
    [InlineData("cp312-cp312-manylinux2014_aarch64", "python3.12", "built for aarch64, not x86_64")]
    [InlineData("cp312-cp312-macosx_11_0_arm64", "python3.12", "built for macOS")]
    [InlineData("cp312-cp312-musllinux_1_2_x86_64", "python3.12", "built for musl libc")]
    [InlineData("cp312-cp312-win_amd64", "python3.12", "built for Windows")]
    [InlineData("cp313-cp313t-manylinux2014_x86_64", "python3.13", "free-threaded")]
    [InlineData("pp310-pypy310_pp73-manylinux2014_x86_64", "python3.10", "built for the ABI 'pypy310_pp73'")]
    [InlineData("cp313-abi3-manylinux2014_x86_64", "python3.12", "built for CPython 3.13 or later")]
    [InlineData("py2-none-any", "python3.12", "built for Python 2")]
    public void Wheel_tags_that_do_not_fit_say_why(string tag, string runtime, string reason)
    {
        var mismatch = WheelTags.Mismatch([tag], Runtime(runtime), LambdaArchitecture.X86_64);

        Assert.NotNull(mismatch);
        Assert.Contains(reason, mismatch);
    }

    [Fact]
    public void A_wheel_fits_when_any_of_its_tags_fits()
    {
        Assert.Null(WheelTags.Mismatch(["cp312-cp312-manylinux_2_39_x86_64", "cp312-cp312-manylinux_2_17_x86_64"], Runtime("python3.12"), LambdaArchitecture.X86_64));
        Assert.Null(WheelTags.Mismatch([], Runtime("python3.12"), LambdaArchitecture.X86_64));
    }

    [Fact]
    public void Wheel_tags_are_read_from_the_tag_lines_of_WHEEL()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "Wheel-Version: 1.0\nGenerator: bdist_wheel\nRoot-Is-Purelib: false\nTag: cp312-cp312-manylinux_2_17_x86_64\nTag: cp312-cp312-manylinux2014_x86_64\n");

            Assert.Equal(["cp312-cp312-manylinux_2_17_x86_64", "cp312-cp312-manylinux2014_x86_64"], WheelTags.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("_speedups.cpython-312-x86_64-linux-gnu.so", "python3.12", "x86_64", null)]
    [InlineData("_speedups.abi3.so", "python3.10", "x86_64", null)]
    [InlineData("_speedups.so", "python3.10", "x86_64", null)]
    [InlineData("libfoo.so.1", "python3.10", "x86_64", null)]
    [InlineData("_speedups.cpython-312-aarch64-linux-gnu.so", "python3.12", "arm64", null)]
    [InlineData("_speedups.cpython-311-x86_64-linux-gnu.so", "python3.12", "x86_64", "built for CPython 3.11")]
    [InlineData("_speedups.cpython-312-aarch64-linux-gnu.so", "python3.12", "x86_64", "built for aarch64-linux-gnu")]
    [InlineData("_speedups.cpython-313t-x86_64-linux-gnu.so", "python3.13", "x86_64", "the free-threaded build")]
    [InlineData("_speedups.cpython-312-darwin.so", "python3.12", "x86_64", "built for darwin")]
    [InlineData("_speedups.cpython-312-x86_64-linux-musl.so", "python3.12", "x86_64", "x86_64-linux-musl")]
    [InlineData("_speedups.pypy310-pp73-x86_64-linux-gnu.so", "python3.10", "x86_64", "PyPy")]
    public void Extension_module_suffixes_are_judged_by_the_names_cpython_loads(string fileName, string runtime, string architecture, string? reason)
    {
        var mismatch = ExtensionModuleSuffix.Mismatch(fileName, Runtime(runtime), NativeTarget.For(LambdaArchitecture.Find(architecture)!));

        if (reason is null)
        {
            Assert.Null(mismatch);
        }
        else
        {
            Assert.NotNull(mismatch);
            Assert.Contains(reason, mismatch);
            Assert.Contains(ExtensionModuleSuffix.Expected(Runtime(runtime), NativeTarget.For(LambdaArchitecture.Find(architecture)!)), mismatch);
        }
    }

    [Theory]
    [InlineData("GLIBC_2.34", 2, 34)]
    [InlineData("GLIBC_2.2.5", 2, 2)]
    [InlineData("GLIBC_2.17", 2, 17)]
    [InlineData("GLIBC_ABI_DT_RELR", 2, 36)]
    public void Glibc_symbol_versions_name_the_release_they_need(string name, int major, int minor)
    {
        Assert.Equal(new GlibcVersion(major, minor), GlibcVersion.FromSymbolVersion(name));
    }

    [Theory]
    [InlineData("GLIBC_PRIVATE")]
    [InlineData("GLIBCXX_3.4.29")]
    [InlineData("CXXABI_1.3")]
    [InlineData("OPENSSL_3.0.0")]
    public void Other_version_names_say_nothing_about_glibc(string name)
    {
        Assert.Null(GlibcVersion.FromSymbolVersion(name));
    }

    [Fact]
    public void Foreign_binary_formats_are_named()
    {
        Assert.Equal("a 64-bit macOS Mach-O library", ForeignFormats.Identify([0xcf, 0xfa, 0xed, 0xfe]));
        Assert.Equal("a Windows PE/DLL file", ForeignFormats.Identify("MZ\x90\0"u8));
        Assert.Equal("an empty file", ForeignFormats.Identify([]));
        Assert.Equal("it starts with bytes 3c68746d", ForeignFormats.Identify("<htm"u8));
    }

    [Theory]
    [InlineData("#!/home/ci/.venv/bin/python3.11\nimport sys\nfrom tool import main\nsys.exit(main())\n", "#!/usr/bin/env python3\nimport sys\nfrom tool import main\nsys.exit(main())\n")]
    [InlineData("#!/var/lang/bin/python3.12\r\nprint(1)\r\n", "#!/usr/bin/env python3\nprint(1)\r\n")]
    [InlineData("#!/usr/bin/python3 -E\nprint(1)\n", "#!/usr/bin/env python3\nprint(1)\n")]
    [InlineData("#!/bin/sh\n'''exec' \"/home/my user/venv/bin/python3\" \"$0\" \"$@\"\n' '''\nimport sys\n", "#!/usr/bin/env python3\nimport sys\n")]
    public void Console_scripts_naming_a_build_host_interpreter_get_a_portable_shebang(string script, string expected)
    {
        var rewritten = ConsoleScriptShebangs.Portable(System.Text.Encoding.UTF8.GetBytes(script));

        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(rewritten!));
    }

    [Theory]
    [InlineData("#!/usr/bin/env python3\nprint(1)\n")]
    [InlineData("#!/bin/sh\necho hi\n")]
    [InlineData("#!/usr/bin/perl\nprint 1;\n")]
    [InlineData("\x7fELF binary")]
    public void Other_files_in_bin_are_left_alone(string script)
    {
        Assert.Null(ConsoleScriptShebangs.Portable(System.Text.Encoding.UTF8.GetBytes(script)));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Rewriting_shebangs_keeps_the_mode_and_gives_the_same_bytes_from_any_host_path()
    {
        var root = Path.Combine(Path.GetTempPath(), "ll-shebang-" + Guid.NewGuid().ToString("N"));
        try
        {
            var bin = Path.Combine(root, "bin");
            Directory.CreateDirectory(bin);
            File.WriteAllText(Path.Combine(bin, "tool-a"), "#!/home/alice/build/.venv/bin/python3.12\nfrom tool import main\nmain()\n");
            File.WriteAllText(Path.Combine(bin, "tool-b"), "#!/opt/ci/agent-7/python/bin/python3\nfrom tool import main\nmain()\n");
            File.WriteAllText(Path.Combine(bin, "helper.sh"), "#!/bin/sh\necho hi\n");
            File.SetUnixFileMode(Path.Combine(bin, "tool-a"), (UnixFileMode)0b111_101_101);

            var rewritten = ConsoleScriptShebangs.Rewrite(root);

            Assert.Equal(["tool-a", "tool-b"], rewritten);
            Assert.Equal(File.ReadAllBytes(Path.Combine(bin, "tool-a")), File.ReadAllBytes(Path.Combine(bin, "tool-b")));
            Assert.Equal("#!/usr/bin/env python3\nfrom tool import main\nmain()\n", File.ReadAllText(Path.Combine(bin, "tool-a")));
            Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(Path.Combine(bin, "tool-a")));
            Assert.Empty(ConsoleScriptShebangs.Rewrite(root)); // a second pass changes nothing
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
