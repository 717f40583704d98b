namespace Nuke.Common.Tooling;

/// <summary>Stand-in of NUKE's settings-configuration delegate (the PackSettings pattern).</summary>
public delegate TSettings Configure<TSettings>(TSettings settings);
