using System.Globalization;
using System.Security.Cryptography;
using LambdaLayers.Checks;
using LambdaLayers.Execution;
using LambdaLayers.FileSystem;
using LambdaLayers.Packaging;
using LambdaLayers.Settings;
using Serilog;

namespace LambdaLayers.Pipeline;

/// <summary>
/// PackageLayer: turns <c>artifacts/python</c> into a byte-reproducible <c>layer.zip</c> and writes
/// <c>layer.json</c> beside it, or skips when nothing that decides the zip changed since the last run.
/// The size budget and the file types (no FIFO, socket or device) are checked before anything is written.
/// The zip is then written to a temporary file in the build folder while the compatibility check
/// (<see cref="LayerCompatibilityCheck"/>, which stops the writer at its first problem) and the import
/// smoke test run beside it; the temporary file replaces layer.zip only when both passed, so a failure
/// never leaves a half-written or unchecked layer.zip. Beside the checks, the bytecode step
/// (<see cref="BytecodeCompiler"/>) compiles the layer's Python files for the runtime into a work folder, and
/// the pycs join the zip when the layer with them fits the budget. Container-mode smoke tests and compiles run
/// on the executor <paramref name="containerExecutor"/> makes. The function code is packaged by the same stage
/// with its own <see cref="PackageTarget"/> (its zip, report, zip root, budget and place on Lambda).
/// </summary>
public sealed class PackageLayerStage(ILogger log, Func<LayerSettings, IPlanExecutor>? containerExecutor = null)
{
    private readonly ILogger _log = log.ForContext<PackageLayerStage>();

    /// <summary>The compression level, parallelism and memory window of the zip writer.</summary>
    public DeterministicZipWriter Writer { get; init; } = new();

    /// <summary>The import smoke test (its time limit); it runs unless the settings turn it off.</summary>
    public ImportSmokeTest SmokeTest { get; init; } = new(log, containerExecutor);

    /// <summary>The bytecode step (its time limit and workers); it runs unless the settings turn it off.</summary>
    public BytecodeCompiler Bytecode { get; init; } = new(log, containerExecutor);

    /// <summary>The folder under the layer build folder the bytecode step compiles into; removed once the zip is written.</summary>
    public const string BytecodeFolderName = "bytecode";

    /// <summary>False only for the benchmark's baseline: packaging without the compatibility check and smoke test.</summary>
    internal bool VerifyLayer { get; init; } = true;

    public Task<PackageLayerResult> RunAsync(LayerSettings settings, CancellationToken ct)
    {
        if (!Directory.Exists(settings.Layout.PythonDirectory))
        {
            throw new LayerException(
                $"There is nothing to package: '{settings.Layout.PythonDirectory}' does not exist. Run BuildLayer first; it installs the dependencies there.");
        }
        return RunAsync(settings, PackageTarget.ForLayer(settings), ct);
    }

    /// <summary>Packages <paramref name="target"/>'s tree into its zip, or skips when nothing that decides the zip changed.</summary>
    public async Task<PackageLayerResult> RunAsync(LayerSettings settings, PackageTarget target, CancellationToken ct)
    {
        if (!Directory.Exists(target.TreeDirectory))
        {
            throw new LayerException($"There is nothing to package: '{target.TreeDirectory}' does not exist.");
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var previous = PackageRecord.TryRead(target.ReportPath);
        var check = settings.Force ? new ChangeCheck(false, "forced (--force)") : CompareWithPrevious(settings, target, previous);
        if (check.Unchanged)
        {
            if (check.Refreshed is not null)
            {
                check.Refreshed.Write(target.ReportPath);
            }
            foreach (var warning in (check.Refreshed ?? previous)!.Warnings ?? [])
            {
                _log.Warning("{Warning}", warning);
            }
            _log.Debug("Checked for changes in {Milliseconds} ms", clock.ElapsedMilliseconds);
            return new PackageLayerResult(true, check.Reason, check.Refreshed ?? previous!);
        }

        _log.Information("Packaging {Directory} into {Zip} because {Reason}", target.TreeDirectory, target.ZipPath, check.Reason);
        var report = await PackageAsync(settings, target, check.Signature, check.ContentHash, ct).ConfigureAwait(false);
        return new PackageLayerResult(false, check.Reason, report);
    }

    /// <param name="knownSignature">The stat signature the change check took, if it got that far.</param>
    /// <param name="knownContentHash">The content hash the change check computed after taking
    /// <paramref name="knownSignature"/>, if it did; it holds if the signature still matches after the zip is written.</param>
    private async Task<PackageRecord> PackageAsync(LayerSettings settings, PackageTarget target,
        ArtifactsSignature? knownSignature, string? knownContentHash, CancellationToken ct)
    {
        var zipRoot = target.ZipRoot;

        // The stat signature is taken before reading anything (or was, by the change check) and again after
        // the zip is written; if they differ, something wrote into artifacts/ meanwhile and neither the zip
        // nor the recorded content hash can be trusted.
        // Signature and plan only read metadata (and RECORDs), so they run side by side before any content is read.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var signatureTask = knownSignature is not null
            ? Task.FromResult(knownSignature)
            : Task.Run(() => ArtifactsSignature.Compute(target.ArtifactsDirectory), ct);
        var contents = new LayerContentPlanner(_log).Plan(target.TreeDirectory, zipRoot, settings.Excludes, settings.ExcludePatterns);
        var signature = await signatureTask.ConfigureAwait(false);
        _log.Debug("Scanned, planned {Files} files and took the stat signature in {Milliseconds} ms", contents.Entries.Count, clock.ElapsedMilliseconds);
        var unzipped = contents.UnzippedBytes;
        target.CheckBudget(unzipped, contents.DistributionSizes());
        var (leftOut, warnings) = new ExclusionReview(_log).Review(settings, contents);
        if (VerifyLayer && LayerCompatibilityCheck.FindSpecialFiles(contents, zipRoot, ct) is { Count: > 0 } specialFiles)
        {
            // Before any file is opened: the zip writer would block for good on a FIFO.
            DiscardStaleOutputs(target);
            throw LayerIncompatibleException.From(specialFiles, settings, target.What);
        }
        // The check reads beside the zip writer (into a temporary file) and stops it as soon as it finds a
        // problem; layer.zip is replaced only after the check has passed.
        using var stopWriting = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var compatibilityCheck = VerifyLayer
            ? Task.Run<CompatibilityCheckResult?>(() => CheckCompatibility(settings, target, contents, stopWriting, ct), ct)
            : Task.FromResult<CompatibilityCheckResult?>(null);
        // On its own thread from the start: finding the interpreter runs processes, which must not hold up the zip writer.
        var smokeTest = !VerifyLayer
            ? Task.FromResult(SmokeTestOutcome.Off("not run"))
            : settings.SmokeTest && target.SmokeTestSkipReason is { } skip
                ? Task.FromResult(SmokeTestOutcome.Skipped(skip))
                : Task.Run(() => SmokeTest.RunAsync(settings, contents, zipRoot, ct, target.SmokeTestPaths), ct);

        // The content hash for layer.json runs beside the compressors; it is needed only at the end. It
        // gets its own thread: on a thread-pool thread it would block one of the few workers the
        // compressors are queued on until the pool slowly injects another.
        var contentHash = knownContentHash is not null
            ? Task.FromResult(knownContentHash)
            : Task.Factory.StartNew(() => DirectoryHash.Compute(target.ArtifactsDirectory), ct,
                TaskCreationOptions.LongRunning, TaskScheduler.Default);

        Directory.CreateDirectory(target.BuildDirectory);
        var temporary = Path.Combine(target.BuildDirectory, $".{target.ZipName}.{Guid.NewGuid():N}.tmp");
        var bytecodeFolder = Path.Combine(target.BuildDirectory, BytecodeFolderName);
        BytecodeOutcome bytecode;
        LayerContents packaged;
        ZipWriteResult written;
        string sha256Hex, sha256Base64, artifactsHash;
        SmokeTestOutcome smoke;
        CompatibilityCheckResult? compatibility;
        bool unchangedMeanwhile;
        try
        {
            // Compiled from what survived the exclusions (the patterns drop the installed tree's own bytecode first),
            // beside the checks; stopped with the writer when the compatibility check finds a problem.
            try
            {
                bytecode = FitBudget(await Bytecode.CompileAsync(settings, contents.Entries, bytecodeFolder, target.RuntimeRoot, stopWriting.Token)
                    .ConfigureAwait(false), unzipped, target);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                ThrowIfIncompatible(await compatibilityCheck.ConfigureAwait(false), settings, target);
                throw;
            }
            packaged = contents.WithBytecode(bytecode);
            await using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20))
            {
                clock.Restart();
                try
                {
                    written = await Writer.WriteAsync(packaged.Entries, output, stopWriting.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    ThrowIfIncompatible(await compatibilityCheck.ConfigureAwait(false), settings, target);
                    throw;
                }
                _log.Debug("Wrote the zip in {Milliseconds} ms", clock.ElapsedMilliseconds);
                clock.Restart();
                var signatureAfter = Task.Run(() => ArtifactsSignature.Compute(target.ArtifactsDirectory), ct);
                output.Position = 0;
                var digest = await SHA256.HashDataAsync(output, ct).ConfigureAwait(false);
                unchangedMeanwhile = (await signatureAfter.ConfigureAwait(false)).Stat == signature.Stat;
                _log.Debug("Hashed the zip and re-took the stat signature in {Milliseconds} ms", clock.ElapsedMilliseconds);
                sha256Hex = Convert.ToHexStringLower(digest);
                sha256Base64 = Convert.ToBase64String(digest);
            }
            clock.Restart();
            artifactsHash = await contentHash.ConfigureAwait(false);
            _log.Debug("Waited {Milliseconds} ms for the artifacts content hash", clock.ElapsedMilliseconds);
            if (!unchangedMeanwhile)
            {
                throw new LayerException(
                    $"Files in '{target.ArtifactsDirectory}' changed while {target.StageName} was reading them, so {target.ZipName} was not replaced. " +
                    $"Make sure no other build (or a module imported by the smoke test) writes there at the same time, then run {target.StageName} again.");
            }
            compatibility = await compatibilityCheck.ConfigureAwait(false);
            ThrowIfIncompatible(compatibility, settings, target);
            clock.Restart();
            smoke = await smokeTest.ConfigureAwait(false);
            _log.Debug("Waited {Milliseconds} ms for the import smoke test", clock.ElapsedMilliseconds);
            if (smoke.Result == SmokeTestOutcome.FailedResult)
            {
                DiscardStaleOutputs(target);
                throw SmokeTestFailedException.From(smoke, settings, target.ZipName, target.SmokeTestAdvice);
            }
            File.Move(temporary, target.ZipPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Reading artifacts/ reports its own errors (LayerExceptions); what is left is writing the zip.
            TryDelete(temporary);
            throw new LayerException(
                $"Cannot write {target.ZipName} in '{target.BuildDirectory}': {(e is UnauthorizedAccessException ? "permission denied" : e.Message.TrimEnd('.'))}. " +
                $"Make sure this user may write to the build folder and that the disk has room, then run {target.StageName} again.", e);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
        finally
        {
            BytecodeCompiler.DeleteWorkFolder(bytecodeFolder);
        }

        var zippedByPath = written.Entries.ToDictionary(e => e.ZipPath, e => e.CompressedSize, StringComparer.Ordinal);
        var report = new PackageRecord
        {
            PackagerFormatVersion = LayerFingerprint.PackagerFormatVersion,
            Fingerprint = target.Fingerprint,
            ArtifactsHash = artifactsHash,
            ArtifactsStatSignature = signature.Stat,
            ArtifactsShapeSignature = signature.Shape,
            ZipSha256 = sha256Hex,
            CodeSha256 = sha256Base64,
            ZipBytes = written.ArchiveBytes,
            ZipLastWriteUtc = File.GetLastWriteTimeUtc(target.ZipPath),
            UnzippedBytes = packaged.UnzippedBytes,
            FileCount = written.Entries.Count,
            ZipRoot = zipRoot,
            CompressionLevel = Writer.CompressionLevel,
            Zip64 = written.UsedZip64,
            Distributions = packaged.DistributionSizes(zippedByPath),
            ExcludedDistributions = contents.ExcludedDistributions.Select(d => $"{d.Name} {d.Version}".Trim()).ToList(),
            ExcludedFiles = contents.ExcludedFiles,
            ExcludedBytes = contents.ExcludedBytes,
            Compatibility = compatibility?.Distributions,
            SmokeTest = smoke,
            Bytecode = bytecode,
            LeftOut = leftOut,
            Warnings = warnings,
        };
        report.Write(target.ReportPath);

        _log.Information("Wrote {Zip}: {Files} files, {Unzipped} bytes unzipped, {Zipped} bytes zipped, CodeSha256 {CodeSha256}",
            target.ZipPath, report.FileCount, report.UnzippedBytes, report.ZipBytes, report.CodeSha256);
        _log.Information("Budget: {Unzipped} {Budget}", report.UnzippedBytes, target.BudgetDescription);
        foreach (var distribution in report.Distributions.Take(10))
        {
            _log.Information("  {Distribution} {Version}: {Unzipped} bytes unzipped, {Zipped} bytes zipped, {Files} files",
                distribution.Name, distribution.Version, distribution.UnzippedBytes, distribution.ZippedBytes, distribution.Files);
        }
        if (report.ZipBytes > LambdaLimits.DirectUploadZipBytes)
        {
            _log.Information("{Zip} is {Zipped} bytes, over the {Limit}-byte limit of a direct upload: it will be published through S3",
                target.ZipName, report.ZipBytes, LambdaLimits.DirectUploadZipBytes);
        }
        return report;
    }

    /// <summary>
    /// The bytecode as compiled when the layer with it fits the size budget; otherwise none, with the reason. The
    /// layer without it already passed the budget check, and bytecode only speeds up cold starts.
    /// </summary>
    private BytecodeOutcome FitBudget(BytecodeOutcome bytecode, long unzipped, PackageTarget target)
    {
        var limit = target.BudgetLimit;
        if (bytecode.Bytes == 0 || unzipped + bytecode.Bytes <= limit)
        {
            return bytecode;
        }
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"with its {bytecode.Bytes:N0} bytes of bytecode the {target.What} would be {unzipped + bytecode.Bytes:N0} bytes unzipped, over the {limit:N0} it may take, so it is packaged without");
        _log.Warning("No bytecode in {Zip}: {Reason}", target.ZipName, reason);
        return BytecodeOutcome.Skipped(reason) with { Interpreter = bytecode.Interpreter, CacheTag = bytecode.CacheTag };
    }

    /// <summary>Runs the compatibility check (file types already checked) and stops the zip writer when it finds problems.</summary>
    private CompatibilityCheckResult CheckCompatibility(LayerSettings settings, PackageTarget target, LayerContents contents,
        CancellationTokenSource stopWriting, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = LayerCompatibilityCheck.Run(settings, contents, target.TreeDirectory, target.ZipRoot, ct, fileTypesChecked: true);
        _log.Debug("Checked {Files} files ({Elf} ELF) for compatibility in {Milliseconds} ms", result.FilesChecked, result.ElfFiles, clock.ElapsedMilliseconds);
        if (!result.Passed)
        {
            try
            {
                stopWriting.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The stage already ended (the writer failed on its own); nothing left to stop.
            }
            return result;
        }
        _log.Information("Compatibility check passed: {Distributions} distributions, {Files} files ({Elf} ELF) fit {Runtime} on {Architecture} (glibc 2.{Glibc})",
            result.Distributions.Count, result.FilesChecked, result.ElfFiles, settings.Runtime.Name, settings.Architecture.Name, settings.Runtime.GlibcMinor);
        return result;
    }

    /// <summary>
    /// When the check found problems: removes any layer.zip and layer.json of an earlier run (they no longer
    /// match artifacts/, and nothing may publish them) and throws the check's error.
    /// </summary>
    private static void ThrowIfIncompatible(CompatibilityCheckResult? result, LayerSettings settings, PackageTarget target)
    {
        if (result is { Passed: false })
        {
            DiscardStaleOutputs(target);
            throw LayerIncompatibleException.From(result.Problems, settings, target.What);
        }
    }

    private static void DiscardStaleOutputs(PackageTarget target)
    {
        TryDelete(target.ZipPath);
        TryDelete(target.ReportPath);
    }

    /// <summary>
    /// What the change check found: whether the zip may stay, why, a refreshed report when contents proved
    /// equal but metadata moved (so the next run is cheap again), and the artifacts signature and content
    /// hash it computed on the way, so packaging does not compute them a second time.
    /// </summary>
    private sealed record ChangeCheck(bool Unchanged, string Reason, PackageRecord? Refreshed = null,
        ArtifactsSignature? Signature = null, string? ContentHash = null);

    /// <summary>
    /// Whether the zip on disk is still what these settings and artifacts would produce. Cheap checks come
    /// first (fingerprint, zip size and mtime, artifacts stat signature); contents are hashed only when
    /// the metadata differs.
    /// </summary>
    private static ChangeCheck CompareWithPrevious(LayerSettings settings, PackageTarget target, PackageRecord? previous)
    {
        var report = Path.GetFileName(target.ReportPath);
        if (previous is null)
        {
            return new ChangeCheck(false, $"there is no {report} from an earlier package");
        }
        if (previous.Fingerprint != target.Fingerprint)
        {
            return new ChangeCheck(false, "the fingerprint changed (settings, manifest or packager format)");
        }
        if (previous.Compatibility is null)
        {
            return new ChangeCheck(false, $"{report} records no compatibility check");
        }
        if (settings.SmokeTest && previous.SmokeTest is null or { Result: SmokeTestOutcome.OffResult })
        {
            return new ChangeCheck(false, $"the import smoke test is on and did not run for the {target.ZipName} on disk");
        }
        var zip = new FileInfo(target.ZipPath);
        if (!zip.Exists)
        {
            return new ChangeCheck(false, $"{target.ZipName} is missing");
        }
        if (previous.UnzippedBytes > target.BudgetLimit)
        {
            return new ChangeCheck(false, "the recorded layer no longer fits the size budget");
        }
        var refreshed = previous;
        var zipMoved = zip.Length != previous.ZipBytes || zip.LastWriteTimeUtc != previous.ZipLastWriteUtc;
        if (zipMoved)
        {
            if (zip.Length != previous.ZipBytes || HashFile(target.ZipPath) != previous.ZipSha256)
            {
                return new ChangeCheck(false, $"{target.ZipName} differs from the one recorded in {report}");
            }
            refreshed = refreshed with { ZipLastWriteUtc = zip.LastWriteTimeUtc };
        }
        var signature = ArtifactsSignature.Compute(target.ArtifactsDirectory);
        if (signature.Stat != previous.ArtifactsStatSignature)
        {
            if (signature.Shape != previous.ArtifactsShapeSignature)
            {
                return new ChangeCheck(false, "files in artifacts/ were added, removed, resized or changed mode", Signature: signature);
            }
            var contentHash = DirectoryHash.Compute(target.ArtifactsDirectory);
            if (contentHash != previous.ArtifactsHash)
            {
                return new ChangeCheck(false, "file contents in artifacts/ changed", Signature: signature, ContentHash: contentHash);
            }
            refreshed = refreshed with { ArtifactsStatSignature = signature.Stat };
        }
        var reason = $"fingerprint, artifacts and {target.ZipName} are unchanged" +
                     (ReferenceEquals(refreshed, previous) ? "" : " (files were touched but their contents are the same)");
        return new ChangeCheck(true, reason, ReferenceEquals(refreshed, previous) ? null : refreshed);
    }

    private static string HashFile(string path)
    {
        using var stream = RegularFile.OpenRead(path, "Delete it, then run PackageLayer again.");
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // best effort: a leftover temporary file in the build folder is wiped by the next build
        }
    }
}
