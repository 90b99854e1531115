using ELicense.Core.Licenses;

namespace ELicense.Core.Keys;

/// <summary>
/// The timing of the key lifecycle of DESIGN §7. Defaults and their reasons:
/// <list type="bullet">
/// <item><see cref="PropagationTime"/> 2 days: a new key is published this long before it signs, so that
/// every verifier has fetched it. Verifiers refresh trust lists hourly by default and keep working from
/// a cached copy; two days cover a verifier that was offline over a weekend day. (Duende
/// IdentityServer uses 14 days for browser-cached JWKS; our verifiers refresh on a timer.)</item>
/// <item><see cref="RotationInterval"/> 90 days: a key signs for about a quarter (Duende's default),
/// well inside the EU DCC's practice of document signers that sign for at most a year; a short signing
/// period limits what one stolen key can have signed.</item>
/// <item><see cref="RetentionAfterLastValidity"/> 14 days: a retired key stays in the trust list until the
/// last licence it can have signed has expired, plus this margin for clock skew and late checks.</item>
/// </list>
/// </summary>
public sealed record KeyLifecycleOptions
{
    public static readonly KeyLifecycleOptions Default = new();

    public TimeSpan PropagationTime { get; init; } = TimeSpan.FromDays(2);

    public TimeSpan RotationInterval { get; init; } = TimeSpan.FromDays(90);

    public TimeSpan RetentionAfterLastValidity { get; init; } = TimeSpan.FromDays(14);

    /// <summary>The longest validity of any licence in the catalogue (20 years for the ID card); a retired key
    /// stays published this long after it stopped signing. Permanent licence types count as this long too:
    /// their verification rests on the certificate chain, whose DS certificate outlives the signing period by it.</summary>
    public TimeSpan LongestLicenceValidity { get; init; } =
        LicenceCatalogue.NationalBase.LongestValidity!.Value;

    /// <summary>The rules between the settings; empty when they hold.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (PropagationTime <= TimeSpan.Zero)
        {
            problems.Add("PropagationTime must be positive.");
        }

        if (RotationInterval <= PropagationTime)
        {
            problems.Add("RotationInterval must be longer than PropagationTime, or a key would be replaced before it was published long enough.");
        }

        if (RetentionAfterLastValidity < TimeSpan.Zero)
        {
            problems.Add("RetentionAfterLastValidity must not be negative.");
        }

        return problems;
    }
}
