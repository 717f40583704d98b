namespace LambdaLayers.Settings;

/// <summary>
/// A private package index. The password is a secret: it is handed to child processes only through
/// their environment and never printed; <see cref="ToString"/> masks it.
/// </summary>
public sealed record PackageIndex(string Name, Uri Url, string? Username, string? Password)
{
    /// <summary>
    /// The index name as Poetry and uv spell it in environment variable names: upper case, every
    /// character that is not a letter or digit replaced by '_'.
    /// </summary>
    public string EnvironmentName =>
        new(Name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_').ToArray());

    public bool HasCredentials => !string.IsNullOrEmpty(Username) || !string.IsNullOrEmpty(Password);

    public override string ToString() =>
        $"{Name} ({Url}{(HasCredentials ? $", user {Username ?? ""}, password ***" : "")})";
}
