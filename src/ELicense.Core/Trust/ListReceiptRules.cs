namespace ELicense.Core.Trust;

/// <summary>
/// How a list that carries trust or status (trust list, status list, catalogue) is judged when it is
/// received (DESIGN §3, §13): its signer's chain must be valid at the receipt time, its iat may lie at
/// most <see cref="ClockSkew"/> ahead of that time, and it may not claim a lifetime (exp − iat) longer
/// than <see cref="MaxLifetime"/>. A list's own dates never vouch for its signer: a list backdated into
/// an expired signer's validity, or dated years ahead to outrank every genuine list, is refused.
/// </summary>
/// <param name="ClockSkew">How far the signer's clock may run ahead of the receiver's.</param>
/// <param name="MaxLifetime">The longest exp − iat accepted.</param>
public sealed record ListReceiptRules(TimeSpan ClockSkew, TimeSpan MaxLifetime)
{
    /// <summary>Trust lists: 5 minutes of skew; a province signs them for 7 days, 31 days is the most accepted.</summary>
    public static readonly ListReceiptRules TrustLists = new(TimeSpan.FromMinutes(5), TimeSpan.FromDays(31));

    /// <summary>Status lists: 5 minutes of skew; a province signs them for 24 hours, 7 days is the most accepted.</summary>
    public static readonly ListReceiptRules StatusLists = new(TimeSpan.FromMinutes(5), TimeSpan.FromDays(7));

    /// <summary>Why a list dated <paramref name="issuedAt"/>…<paramref name="expiresAt"/> received at <paramref name="receivedAt"/> is refused; null when its dates are acceptable.</summary>
    public string? Problem(DateTimeOffset issuedAt, DateTimeOffset expiresAt, DateTimeOffset receivedAt) =>
        issuedAt > receivedAt + ClockSkew ? $"its iat {issuedAt:O} lies ahead of the receipt time {receivedAt:O}"
        : expiresAt - issuedAt > MaxLifetime ? $"it claims a lifetime of {expiresAt - issuedAt}, more than the {MaxLifetime} accepted"
        : null;
}
