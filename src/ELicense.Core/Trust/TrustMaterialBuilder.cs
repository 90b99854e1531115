namespace ELicense.Core.Trust;

/// <summary>
/// Builds <see cref="TrustMaterial"/> from certificates: each signer certificate is admitted only
/// when it chains to a configured root through a provincial CA; refusals are collected with reasons.
/// </summary>
public sealed class TrustMaterialBuilder
{
    private readonly CertificateChainValidator validator;
    private readonly List<TrustedSigner> signers = [];
    private readonly List<string> refusals = [];

    public TrustMaterialBuilder(CertificateChainValidator validator) => this.validator = validator;

    /// <summary>Why certificates were refused, one line each.</summary>
    public IReadOnlyList<string> Refusals => refusals;

    /// <summary>Adds a document signer if its chain holds; returns false (and records why) otherwise.</summary>
    public bool Add(
        byte[] certificate, IEnumerable<byte[]> provincialCas, SignerState state = SignerState.Active, DateTimeOffset? compromisedAt = null, DateTimeOffset? retiredAt = null)
    {
        var chain = validator.Validate(certificate, provincialCas);
        if (!chain.IsValid)
        {
            refusals.Add(chain.Error!);
            return false;
        }

        signers.Add(new TrustedSigner(Kid.Compute(certificate), certificate, chain.Province!, chain.Key!, chain.Window, state, compromisedAt, RetiredAt: retiredAt));
        return true;
    }

    /// <summary>The material with every admitted signer.</summary>
    public TrustMaterial Build(DateTimeOffset asOf, DateTimeOffset? staleAfter = null) => new(signers, asOf, staleAfter);
}
