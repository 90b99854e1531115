namespace ELicense.Core.Trust;

/// <summary>What became of an offered list, and why when it was not taken.</summary>
public sealed record TrustOffer(TrustOfferResult Result, string? Error)
{
    public bool Taken => Result is TrustOfferResult.Accepted or TrustOfferResult.Unchanged;
}
