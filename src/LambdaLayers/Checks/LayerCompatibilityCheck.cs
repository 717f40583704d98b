using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using LambdaLayers.FileSystem;
using LambdaLayers.Packaging;
using LambdaLayers.Settings;

namespace LambdaLayers.Checks;

/// <summary>
/// Checks, before anything is zipped, that every file going into the layer can load on the target runtime
/// and architecture (DESIGN §2): each kept distribution's wheel tags; every ELF file's machine and the
/// <c>GLIBC_2.N</c> versions it needs; each CPython extension module's suffix; and that every file is a
/// regular, readable file (a FIFO would hang the zip writer, so the type is read without opening it).
/// Files are sniffed by their first bytes, not their names, because a <c>py3-none-any</c> wheel can carry
/// a shared library under any name; only Python sources, bytecode and text formats, which nothing loads as
/// native code, are passed over by extension. Only the few bytes each check needs are read.
/// </summary>
public static partial class LayerCompatibilityCheck
{
    private const int SniffLength = 4;

    /// <summary>
    /// The files that are not regular files (FIFOs, sockets, devices), found without opening any. Cheap, and
    /// it must pass before anything opens the files: opening a FIFO for reading blocks.
    /// </summary>
    public static IReadOnlyList<CompatibilityProblem> FindSpecialFiles(LayerContents contents, string zipRoot, CancellationToken cancellationToken)
    {
        var versions = contents.KeptDistributions.ToDictionary(d => d.Name, d => d.Version, StringComparer.Ordinal);
        var problems = new ConcurrentBag<CompatibilityProblem>();
        // Linux reports size 0 for FIFOs, sockets and devices, so only files that looked empty to the tree walk
        // need their type asked there; elsewhere (a macOS FIFO shows the bytes waiting in it) every file is asked.
        var suspects = OperatingSystem.IsLinux() ? contents.Entries.Where(e => e.Size == 0) : contents.Entries;
        Parallel.ForEach(suspects,
            new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
            entry =>
            {
                var kind = FileKinds.OfTarget(entry.SourcePath);
                // A file that vanished since the walk is not a special file; the zip writer names it if it stays gone.
                if (kind is not (FileKind.Regular or FileKind.Missing))
                {
                    var owner = contents.OwnerByZipPath.TryGetValue(entry.ZipPath, out var name) ? name : LayerContents.UnownedName;
                    problems.Add(new CompatibilityProblem(CompatibilityProblemKind.SpecialFile, owner, versions.GetValueOrDefault(owner),
                        entry.ZipPath[zipRoot.Length..], $"is {FileKinds.Describe(kind)}, not a regular file", ""));
                }
            });
        return problems.OrderBy(p => p.File, StringComparer.Ordinal).ToList();
    }

    /// <param name="fileTypesChecked">True when <see cref="FindSpecialFiles"/> already passed for these contents.</param>
    public static CompatibilityCheckResult Run(LayerSettings settings, LayerContents contents, string pythonDirectory, string zipRoot,
        CancellationToken cancellationToken, bool fileTypesChecked = false)
    {
        var special = fileTypesChecked ? [] : FindSpecialFiles(contents, zipRoot, cancellationToken);
        var specialFiles = special.Select(p => p.File).ToHashSet(StringComparer.Ordinal);
        var runtime = settings.Runtime;
        var target = NativeTarget.For(settings.Architecture);
        var runtimeGlibc = new GlibcVersion(2, runtime.GlibcMinor);
        var runtimeHasGlibc = $"{runtime.Name} ({runtime.AmazonLinux}) has glibc {runtimeGlibc}";
        var versions = contents.KeptDistributions.ToDictionary(d => d.Name, d => d.Version, StringComparer.Ordinal);
        var problems = new ConcurrentBag<CompatibilityProblem>(special);
        var elfFiles = 0;

        Parallel.ForEach(contents.Entries,
            new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
            entry =>
            {
                var relative = entry.ZipPath[zipRoot.Length..];
                var owner = contents.OwnerByZipPath.TryGetValue(entry.ZipPath, out var name) ? name : LayerContents.UnownedName;
                void Report(CompatibilityProblemKind kind, string needs, string has) =>
                    problems.Add(new CompatibilityProblem(kind, owner, versions.GetValueOrDefault(owner), relative, needs, has));

                if (specialFiles.Contains(relative))
                {
                    return;
                }
                var fileName = relative[(relative.LastIndexOf('/') + 1)..];
                var namedLikeLibrary = fileName.Contains(".so", StringComparison.Ordinal) && SharedLibraryName().IsMatch(fileName);
                if (namedLikeLibrary && ExtensionModuleSuffix.Mismatch(fileName, runtime, target) is { } suffixMismatch)
                {
                    Report(CompatibilityProblemKind.ExtensionSuffix, suffixMismatch, "");
                }
                if (!namedLikeLibrary && (entry.Size < SniffLength || NeverNativeCode(fileName)))
                {
                    return; // too short to be anything but data, or a format nothing loads as native code
                }
                try
                {
                    // A handle and one positional read: the cheapest way to sniff thousands of files.
                    using var handle = File.OpenHandle(entry.SourcePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                    Span<byte> magic = stackalloc byte[SniffLength];
                    var read = RandomAccess.Read(handle, magic, 0);
                    if (!ElfReader.StartsWithMagic(magic[..read]))
                    {
                        if (namedLikeLibrary)
                        {
                            Report(CompatibilityProblemKind.NotElf, $"is named like a shared library but is not an ELF file ({ForeignFormats.Identify(magic[..read])}), so Linux cannot load it", "");
                        }
                        return;
                    }
                    Interlocked.Increment(ref elfFiles);
                    using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
                    var elf = ElfReader.TryRead(stream)!;
                    if (elf.Machine != target.ElfMachine)
                    {
                        Report(CompatibilityProblemKind.Machine, $"is built for {ElfMachines.Describe(elf.Machine)} (ELF machine {elf.Machine})",
                            $"the layer targets {settings.Architecture.Name} (ELF machine {target.ElfMachine})");
                    }
                    var newest = NewestGlibcNeed(elf);
                    if (newest is { } need && need.Version > runtimeGlibc)
                    {
                        Report(CompatibilityProblemKind.Glibc, $"needs {need.Name} (glibc {need.Version}, from {need.File})", runtimeHasGlibc);
                    }
                }
                catch (InvalidElfException e)
                {
                    Report(CompatibilityProblemKind.InvalidElf, $"starts like an ELF file but {e.Message}", "");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Report(CompatibilityProblemKind.Unreadable, $"cannot be read ({e.Message})", "");
                }
            });

        foreach (var distribution in contents.KeptDistributions)
        {
            var tags = WheelTags.Read(Path.Combine(pythonDirectory, distribution.DistInfoFolder, "WHEEL"));
            if (WheelTags.Mismatch(tags, runtime, settings.Architecture) is { } reason)
            {
                problems.Add(new CompatibilityProblem(CompatibilityProblemKind.WheelTag, distribution.Name, distribution.Version,
                    distribution.DistInfoFolder + "/WHEEL", $"says the wheel is {string.Join(", ", tags)}: {reason}", ""));
            }
        }

        var ordered = problems
            .OrderBy(p => p.Distribution, StringComparer.Ordinal)
            .ThenBy(p => p.File, StringComparer.Ordinal)
            .ThenBy(p => p.Kind)
            .ToList();
        var byDistribution = ordered.ToLookup(p => p.Distribution, StringComparer.Ordinal);
        var checks = contents.KeptDistributions
            .Select(d => (d.Name, d.Version))
            .Concat(byDistribution.Where(g => !versions.ContainsKey(g.Key)).Select(g => (Name: g.Key, Version: (string?)null)))
            .Select(d => new DistributionCheck(d.Name, d.Version,
                byDistribution[d.Name].Any() ? DistributionCheck.ProblemResult : DistributionCheck.OkResult,
                byDistribution[d.Name].Select(p => p.Describe()).ToList()))
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .ToList();
        return new CompatibilityCheckResult(checks, ordered, contents.Entries.Count, elfFiles);
    }

    /// <summary>The newest glibc release among the file's version needs, with the version name and library that asks for it.</summary>
    private static (string Name, GlibcVersion Version, string File)? NewestGlibcNeed(ElfFile elf)
    {
        (string, GlibcVersion, string)? newest = null;
        foreach (var need in elf.VersionNeeds)
        {
            foreach (var name in need.Versions)
            {
                if (GlibcVersion.FromSymbolVersion(name) is { } version && (newest is null || version > newest.Value.Item2))
                {
                    newest = (name, version, need.File);
                }
            }
        }
        return newest;
    }

    // Python sources and bytecode, and text formats: neither the import system nor the dynamic loader takes
    // these for a shared library, and they are most of a layer's files, so they are not opened.
    private static readonly IReadOnlySet<string> NonNativeExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".py", ".pyi", ".pyc", ".pyx", ".pxd", ".pxi", ".typed",
        ".txt", ".md", ".rst", ".json", ".toml", ".cfg", ".ini", ".yaml", ".yml", ".csv", ".html", ".css", ".js",
        ".h", ".hpp", ".c", ".cc", ".cpp",
    };

    private static bool NeverNativeCode(string fileName)
    {
        var dot = fileName.LastIndexOf('.');
        return dot > 0 && NonNativeExtensions.Contains(fileName[dot..]);
    }

    // libfoo.so, _speedups.cpython-312-x86_64-linux-gnu.so, libgfortran-040039e1.so.5.0.0
    [GeneratedRegex(@"\.so(\.\d+)*$")]
    private static partial Regex SharedLibraryName();
}
