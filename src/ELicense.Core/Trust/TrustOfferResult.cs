namespace ELicense.Core.Trust;

/// <summary>The outcomes of <see cref="TrustListCollection.Offer"/>.</summary>
public enum TrustOfferResult
{
    Accepted,
    Unchanged,
    Older,
    Refused,
}
