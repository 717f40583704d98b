namespace LambdaLayers.Checks;

/// <summary>
/// One entry of an ELF file's <c>.gnu.version_r</c> section (SHT_GNU_verneed): a shared library the file
/// was linked against (<c>libc.so.6</c>) and the symbol versions it needs from it (<c>GLIBC_2.34</c>).
/// <c>readelf -V</c> prints the same as "File: libc.so.6" followed by one "Name:" line per version.
/// </summary>
public sealed record ElfVersionNeed(string File, IReadOnlyList<string> Versions);
