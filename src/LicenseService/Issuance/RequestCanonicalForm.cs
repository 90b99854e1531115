using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using ELicense.Core.Licenses;

namespace ELicense.LicenseService.Issuance;

/// <summary>
/// A hash of what an issue request asks for, independent of JSON spelling (key order, spacing,
/// date format), so that a retry is recognised as the same request and anything else is not.
/// </summary>
public static class RequestCanonicalForm
{
    public static string Hash(LicenceType type, IssueRequest request)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(type.Code);
            writer.WriteStringValue(request.Holder?.Name);
            writer.WriteStringValue(request.Holder?.IdType ?? type.HolderIdType);
            writer.WriteStringValue(request.Holder?.IdNumber);
            writer.WriteStartArray();
            foreach (var (key, value) in (request.Fields ?? []).OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                writer.WriteStringValue(key);
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
            writer.WriteStringValue(request.ValidFrom?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            writer.WriteStringValue(request.ValidUntil?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            writer.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }
}
