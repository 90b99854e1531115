using ELicense.Core.Encoding;
using ELicense.Core.Licenses;
using ELicense.LicenseService.Storage;

namespace ELicense.LicenseService.Endpoints;

/// <summary>Links of a licence resource.</summary>
public sealed record LicenceLinks(string Self, string Pdf, string QrPng, string QrSvg)
{
    public static LicenceLinks For(string id)
    {
        var self = "/api/v1/licences/" + Uri.EscapeDataString(id);
        return new LicenceLinks(self, self + "/pdf", self + "/qr?format=png", self + "/qr?format=svg");
    }
}

/// <summary>The answer to an issue request.</summary>
public sealed record IssuedLicence(string Id, string Type, string Qr, StatusEntry Status, DateTimeOffset IssuedAt, LicenceLinks Links)
{
    public static IssuedLicence From(LicenceRecord record, LicencePayload payload) => new(
        record.Id, record.Type, record.Qr, new StatusEntry(payload.Status.List, payload.Status.Index), record.IssuedAt, LicenceLinks.For(record.Id));
}

/// <summary>Where a licence's status lives.</summary>
public sealed record StatusEntry(string List, long Index);

/// <summary>A licence as its issuer, an administrator or its holder sees it.</summary>
public sealed record LicenceView(
    string Id,
    string Type,
    string TypeName,
    Holder Holder,
    IReadOnlyDictionary<string, string> Fields,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidUntil,
    Issuer Issuer,
    DateTimeOffset IssuedAt,
    StatusEntry Status,
    string Qr,
    LicenceLinks Links)
{
    public static LicenceView From(LicenceRecord record, LicencePayload payload, LicenceType type) => new(
        record.Id, type.Key, type.NameZh, payload.Holder, payload.Fields, payload.ValidFrom, payload.ValidUntil, payload.Issuer,
        payload.IssuedAt, new StatusEntry(payload.Status.List, payload.Status.Index), record.Qr, LicenceLinks.For(record.Id));
}
