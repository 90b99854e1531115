using ELicense.Core.Identifiers;
using ELicense.Core.Licenses;

namespace ELicense.Core.Encoding;

/// <summary>
/// The content of a presentation made from a licence (DESIGN §4): the fields the holder chose, a
/// window of its own, the licence's own validity (key 11), and every citizen identity number masked
/// by <see cref="CitizenIdNumber.Mask"/> — the holder's (declared a citizen's, or shaped like one, as
/// a birth certificate's may be), a field of kind <see cref="FieldKind.CitizenIdNumber"/> (a spouse,
/// a parent), and any written inside another field. The rule is the same whichever fields are shown,
/// so no choice of fields can complete a masked number.
/// </summary>
public static class PresentationPayload
{
    /// <summary>The presentation of <paramref name="licence"/> showing <paramref name="fields"/>, valid from <paramref name="issuedAt"/> to <paramref name="validUntil"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="licence"/> is not a licence, or the window is empty.
    /// The caller decides the window and that the licence may be presented at all.</exception>
    /// <param name="licence">The licence.</param>
    /// <param name="type">Its type's definition (the version it names).</param>
    /// <param name="fields">The fields the holder chose; fields the definition hides from presentations are left out.</param>
    /// <param name="issuedAt">When the presentation is made.</param>
    /// <param name="validUntil">When it expires.</param>
    public static LicencePayload From(LicencePayload licence, LicenceType type, IEnumerable<string> fields, DateTimeOffset issuedAt, DateTimeOffset validUntil)
    {
        if (licence.Kind != PayloadKind.Licence)
        {
            throw new ArgumentException("A presentation is made from a licence.", nameof(licence));
        }

        if (validUntil <= issuedAt)
        {
            throw new ArgumentException($"A presentation's window must not be empty ({issuedAt:O} to {validUntil:O}).", nameof(validUntil));
        }

        if (type.Code != licence.TypeCode || type.Version != licence.TypeVersion)
        {
            throw new ArgumentException($"The licence is of {licence.TypeCode} v{licence.TypeVersion}, not {type}.", nameof(type));
        }

        var holder = licence.Holder;
        var chosen = fields.Where(f => type.Field(f) is { Mask: not FieldMask.Hidden }).ToHashSet(StringComparer.Ordinal);
        return licence with
        {
            Kind = PayloadKind.Presentation,
            Holder = IsCitizenNumber(holder) ? holder with { IdNumber = CitizenIdNumber.Mask(holder.IdNumber) } : holder,
            Fields = licence.Fields.Where(f => chosen.Contains(f.Key)).ToDictionary(
                f => f.Key,
                f => type.Field(f.Key)?.Kind == FieldKind.CitizenIdNumber ? CitizenIdNumber.Mask(f.Value) : CitizenIdNumber.MaskWithin(f.Value, holder.IdNumber),
                StringComparer.Ordinal),
            IssuedAt = issuedAt,
            ValidFrom = issuedAt,
            ValidUntil = validUntil,
            LicenceValidity = new LicenceValidity(licence.ValidFrom, licence.ValidUntil),
        };
    }

    private static bool IsCitizenNumber(Holder holder)
        => holder.IdType == HolderIdType.CitizenId || CitizenIdNumber.IsValid(holder.IdNumber.ToUpperInvariant());
}
