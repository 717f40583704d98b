namespace LambdaLayers.Checks;

/// <summary>The word size an ELF file declares in <c>e_ident[EI_CLASS]</c>.</summary>
public enum ElfClass
{
    /// <summary>ELFCLASS32 (1): 32-bit offsets and addresses.</summary>
    Elf32 = 1,

    /// <summary>ELFCLASS64 (2): 64-bit offsets and addresses.</summary>
    Elf64 = 2,
}
