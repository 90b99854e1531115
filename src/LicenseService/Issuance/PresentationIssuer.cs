using ELicense.Core.Encoding;
using ELicense.Core.Licenses;
using ELicense.Core.Status;
using ELicense.Hosting;
using ELicense.LicenseService.Catalogue;
using ELicense.LicenseService.Signing;
using ELicense.LicenseService.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ELicense.LicenseService.Issuance;

/// <summary>
/// Signs a citizen's presentation of one of her licences (the dynamic <c>ELP1:</c> QR of DESIGN §4) beside
/// <see cref="LicenceIssuer"/>: only her own licence (another holder's is not found), only a valid one (not revoked or
/// suspended, within its validity), only from a stored record that verifies (the store is not a signing oracle), only the
/// fields it has; valid <see cref="Configuration.IssuanceOptions.PresentationLifetime"/>, never past the licence's own end.
/// </summary>
public sealed class PresentationIssuer(
    LicenceStore licences, StatusListStore statusLists, AuditLog audit, ProvinceCatalogue catalogue, SigningKeyRing keys, StoredLicenceCheck check,
    IOptions<Configuration.IssuanceOptions> options, TimeProvider time)
{
    /// <summary>The presentation of licence <paramref name="id"/> for the holder <paramref name="subject"/> (her citizen identity number), or why not.</summary>
    public async Task<(Presentation? Presentation, ProblemDetails? Problem)> PresentAsync(string id, string subject, IReadOnlyList<string>? chosen)
    {
        var found = await StoredLicence.FindAsync(licences, catalogue, id).ConfigureAwait(false);
        if (found is null || !string.Equals(found.Payload.Holder.IdNumber, subject, StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problems.Problems.NotFound("licence"));
        }

        var status = await statusLists.GetAsync(found.Payload.Status).ConfigureAwait(false);
        if (status != LicenceStatus.Valid)
        {
            var (word, wordZh) = status == LicenceStatus.Revoked ? ("revoked", "吊销") : ("suspended", "暂停使用");
            return (null, HttpProblems.Create(StatusCodes.Status409Conflict, "licence-" + word,
                $"The licence is {word}.", $"该证照已被{wordZh}。",
                $"A {word} licence cannot be presented; ask the issuing authority.", $"已被{wordZh}的证照不能出示，请联系发证机关。"));
        }

        // Signed from the stored record only when that record verifies: the store is not a signing oracle.
        if (await found.UnverifiedAsync(check, audit, "presentation", subject.Length > 0 ? "citizen" : "-").ConfigureAwait(false) is { } refused)
        {
            return (null, refused);
        }

        // A presentation is signed now and valid for a minute: it must not make a licence VALID outside its own validity.
        var now = time.GetUtcNow();
        var licence = found.Payload;
        if (licence.ValidFrom > now || licence.ValidUntil is { } ended && ended <= now)
        {
            var (word, wordZh) = licence.ValidFrom > now ? ("not valid yet", "尚未生效") : ("expired", "已过有效期");
            return (null, HttpProblems.Create(StatusCodes.Status409Conflict, "licence-not-in-validity",
                $"The licence is {word}.", $"该证照{wordZh}。",
                $"A licence can be presented only within its validity ({licence.ValidFrom:yyyy-MM-dd} to {(licence.ValidUntil is { } u ? u.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "no end")}).",
                $"证照只能在有效期内出示（{licence.ValidFrom:yyyy-MM-dd} 至 {(licence.ValidUntil is { } v ? v.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "长期")}）。"));
        }

        var fields = (chosen ?? found.Type.PresentedByDefault).Distinct(StringComparer.Ordinal).ToList();
        var unknown = fields.Where(f => !licence.Fields.ContainsKey(f)).ToList();
        if (unknown.Count > 0)
        {
            return (null, HttpProblems.Validation(unknown.Select(f => new FieldError("fields", "unknown",
                $"The licence has no field '{f}'; it has: {string.Join(", ", licence.Fields.Keys)}.", $"该证照没有字段“{f}”。")).ToList()));
        }

        var lifetime = options.Value.PresentationLifetime;
        var validUntil = licence.ValidUntil is { } end && end < now + lifetime ? end : now + lifetime;
        var presentation = PresentationPayload.From(licence, found.Type, fields, now, validUntil);
        var qr = QrPayloadCodec.Encode(presentation, keys.PayloadSigner);
        return (new Presentation(
            qr, Rendering.QrMatrix.Create(qr).ToSvg(), found.Record.Id, presentation.Fields.Keys.ToList(), validUntil, (int)Math.Ceiling((validUntil - now).TotalSeconds)), null);
    }
}

/// <summary>A presentation: the <c>ELP1:</c> text, the same drawn as an SVG QR code, and when it expires.</summary>
public sealed record Presentation(string Qr, string QrSvg, string LicenceId, IReadOnlyList<string> Fields, DateTimeOffset ValidUntil, int ExpiresInSeconds);
