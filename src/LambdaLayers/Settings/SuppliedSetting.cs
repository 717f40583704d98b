namespace LambdaLayers.Settings;

/// <summary>
/// A raw parameter value that a front end found itself, with where it found it. A NUKE build supplies its
/// parameters this way: NUKE reads its command line, its environment variables and its parameters file (and
/// decrypts the secrets there), and the origin keeps the source in error messages
/// ("from the command line (NUKE parameter Runtime)").
/// </summary>
/// <param name="Name">The parameter, in any spelling <see cref="LayerParameters.Find"/> accepts.</param>
/// <param name="Values">The raw text; one element except for list parameters (or a value given twice).</param>
/// <param name="Origin">Where the value came from, as an error message should name it.</param>
/// <param name="Precedence">The rank of that source.</param>
public sealed record SuppliedSetting(string Name, IReadOnlyList<string> Values, string Origin, SettingPrecedence Precedence);
