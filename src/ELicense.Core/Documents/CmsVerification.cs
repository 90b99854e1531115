namespace ELicense.Core.Documents;

/// <summary>The outcome of checking a detached CMS signature.</summary>
/// <param name="Valid">Whether the signature verifies over the data.</param>
/// <param name="SignerCertificate">The signer's DER certificate when it was found, for the caller to check its chain.</param>
/// <param name="Error">Why it failed, in English; null when valid.</param>
public sealed record CmsVerification(bool Valid, byte[]? SignerCertificate, string? Error)
{
    public static CmsVerification Succeeded(byte[] certificate) => new(true, certificate, null);

    public static CmsVerification Failed(string error, byte[]? certificate = null) => new(false, certificate, error);
}
