namespace ELicense.Core.Status;

/// <summary>A status list token whose signature and signer held, with the province it speaks for and the signer that made it.</summary>
/// <param name="Province">The province it was fetched from and speaks for.</param>
/// <param name="Token">The token.</param>
/// <param name="SignerKid">The kid of its signer.</param>
/// <param name="SignerCertificate">The DER certificate of its signer: at every use the signer is admitted again against the trust held then.</param>
public sealed record VerifiedStatusList(string Province, StatusListToken Token, byte[] SignerKid, byte[] SignerCertificate);
