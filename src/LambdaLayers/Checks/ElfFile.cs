namespace LambdaLayers.Checks;

/// <summary>
/// What the compatibility check reads from an ELF file: its class and byte order, its type
/// (<c>e_type</c>: 1 relocatable, 2 executable, 3 shared object), the machine it was built for
/// (<c>e_machine</c>, see <see cref="ElfMachines"/>) and the symbol versions it needs.
/// <see cref="HasSectionHeaders"/> is false for a file stripped of its section table, whose version
/// needs cannot be found this way (the list is then empty).
/// </summary>
public sealed record ElfFile(
    ElfClass Class,
    bool IsLittleEndian,
    ushort Type,
    ushort Machine,
    bool HasSectionHeaders,
    IReadOnlyList<ElfVersionNeed> VersionNeeds);
