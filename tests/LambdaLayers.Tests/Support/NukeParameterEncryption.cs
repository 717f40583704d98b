using System.Security.Cryptography;
using System.Text;

namespace LambdaLayers.Tests.Support;

/// <summary>
/// Writes a secret the way NUKE 10.1 stores a <c>[Secret]</c> parameter in <c>.nuke/parameters.json</c>
/// (<c>nuke :secrets</c>), so a test can hand a real NUKE build an encrypted value to decrypt: AES-256-CBC with
/// PKCS#7 padding, key and IV the first 32 and next 16 bytes of PBKDF2-HMAC-SHA256 over the UTF-8 password with
/// NUKE's fixed 13-byte salt and 10,000 iterations, written as <c>v1:</c> plus Base64.
/// </summary>
public static class NukeParameterEncryption
{
    // NUKE's salt: the ASCII bytes of "Ivan Medvedev".
    private static readonly byte[] Salt = [0x49, 0x76, 0x61, 0x6e, 0x20, 0x4d, 0x65, 0x64, 0x76, 0x65, 0x64, 0x65, 0x76];

    public static string Encrypt(string clearText, string password)
    {
        var keyAndIv = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Salt, 10_000, HashAlgorithmName.SHA256, 48);
        using var aes = Aes.Create();
        aes.Key = keyAndIv[..32];
        var cipher = aes.EncryptCbc(Encoding.UTF8.GetBytes(clearText), keyAndIv[32..], PaddingMode.PKCS7);
        return "v1:" + Convert.ToBase64String(cipher);
    }
}
