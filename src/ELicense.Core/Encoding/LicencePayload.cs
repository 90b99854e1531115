using ELicense.Core.Licenses;

namespace ELicense.Core.Encoding;

/// <summary>
/// The signed content of a licence or a presentation (DESIGN §4). A presentation carries only the
/// fields the holder chose to show, expires 60 seconds after it was made, and states the licence's
/// own validity (see <see cref="PresentationPayload"/>).
/// </summary>
/// <param name="Kind">Licence or presentation.</param>
/// <param name="Identifier">The GB/T 36904 identifier.</param>
/// <param name="TypeCode">The licence-type code; must equal the one in the identifier.</param>
/// <param name="Issuer">The issuing authority; its code must equal the one in the identifier.</param>
/// <param name="Holder">The holder.</param>
/// <param name="Fields">The type-specific fields, by key.</param>
/// <param name="IssuedAt">When it was signed.</param>
/// <param name="ValidFrom">When it starts to be valid.</param>
/// <param name="ValidUntil">When it stops being valid; null for a permanent licence. Required for a presentation.</param>
/// <param name="Status">Where its revocation status lives.</param>
/// <param name="LicenceValidity">The licence's own validity, carried by a presentation (key 11). Null in a licence, where
/// the key is refused, and in a presentation made before the key existed.</param>
/// <param name="TypeVersion">The version of the licence type's definition it was issued under (key 12; absent = 1, so licences
/// issued before versions existed keep their meaning).</param>
public sealed record LicencePayload(
    PayloadKind Kind,
    string Identifier,
    string TypeCode,
    Issuer Issuer,
    Holder Holder,
    IReadOnlyDictionary<string, string> Fields,
    DateTimeOffset IssuedAt,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidUntil,
    StatusReference Status,
    LicenceValidity? LicenceValidity = null,
    int TypeVersion = 1)
{
    /// <summary>The payload format version this code writes and reads.</summary>
    public const int FormatVersion = 1;
}
