namespace LambdaLayers.Checks;

/// <summary>Why a file or distribution of the layer would not load on the target Lambda runtime.</summary>
public enum CompatibilityProblemKind
{
    /// <summary>An ELF file built for another processor (<c>e_machine</c>).</summary>
    Machine,

    /// <summary>An ELF file that needs a newer glibc than the runtime's (<c>GLIBC_2.N</c> version needs).</summary>
    Glibc,

    /// <summary>An extension module named for another CPython version, build or platform.</summary>
    ExtensionSuffix,

    /// <summary>A wheel whose tags do not fit the runtime.</summary>
    WheelTag,

    /// <summary>A file named like a shared library that is not ELF (a macOS or Windows library, text, …).</summary>
    NotElf,

    /// <summary>An ELF file that is cut short or malformed.</summary>
    InvalidElf,

    /// <summary>A FIFO, socket or device where a regular file belongs.</summary>
    SpecialFile,

    /// <summary>A file that could not be read.</summary>
    Unreadable,
}
