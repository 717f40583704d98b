using System.Text.RegularExpressions;

namespace LambdaLayers.Publishing;

/// <summary>
/// One <c>lambda:GetLayerVersion</c> grant. The statement id is derived from whom it is for, so granting
/// the same thing twice names the same statement and Lambda's ResourceConflictException means "already there".
/// </summary>
public sealed partial record LayerGrant(string StatementId, string Principal, string? OrganizationId)
{
    /// <summary>
    /// Reads one <c>--share-with</c> value: a 12-digit account id, an organization id (<c>o-…</c>) or
    /// <c>*</c> for every AWS account.
    /// </summary>
    public static LayerGrant Parse(string value)
    {
        var text = value.Trim();
        if (text == "*")
        {
            return new LayerGrant("lambda-layers-everyone", "*", null);
        }
        if (AccountId().IsMatch(text))
        {
            return new LayerGrant($"lambda-layers-account-{text}", text, null);
        }
        if (OrganizationIdPattern().IsMatch(text))
        {
            return new LayerGrant($"lambda-layers-org-{text}", "*", text);
        }
        throw new Settings.LayerSettingsException("share-with",
            $"'{value}' is not something a layer can be shared with: give a 12-digit AWS account id, an organization id (o-xxxxxxxxxx) or * for everyone.");
    }

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountId();

    [GeneratedRegex("^o-[a-z0-9]{10,32}$")]
    private static partial Regex OrganizationIdPattern();
}
