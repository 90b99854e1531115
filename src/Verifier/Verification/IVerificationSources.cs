using ELicense.Core.Status;
using ELicense.Core.Trust;
using ELicense.Core.Verification;

namespace ELicense.Verifier.Verification;

/// <summary>
/// What a verification is checked against: the trust material of the provinces' trust lists and the
/// status lists. Online these are fetched and kept fresh (<see cref="OnlineSources"/>); offline they
/// come from a bundle (<see cref="Offline.TrustBundle"/>).
/// </summary>
public interface IVerificationSources
{
    TrustMaterial Trust { get; }

    IStatusSource Status { get; }

    /// <summary>Makes sure the status list a prepared licence names (of its signer's province) is at hand, if it can be; never throws for a failed fetch.</summary>
    Task EnsureStatusAsync(StatusListKey key, TrustMaterial trust, CancellationToken cancellationToken);
}

/// <summary>The running Verifier's sources: the synchronised trust lists and the status lists fetched whole.</summary>
public sealed class OnlineSources(Trust.TrustSync trust, Status.StatusSync status) : IVerificationSources
{
    public TrustMaterial Trust => trust.Lists.Material;

    public IStatusSource Status => status.Source;

    public Task EnsureStatusAsync(StatusListKey key, TrustMaterial material, CancellationToken cancellationToken) =>
        status.EnsureAsync(key, material, cancellationToken);
}
