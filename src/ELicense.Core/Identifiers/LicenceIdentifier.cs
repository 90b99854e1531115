using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace ELicense.Core.Identifiers;

/// <summary>
/// An electronic-licence identifier (电子证照标识) of GB/T 36904-2018:
/// <c>1.2.156.3005.2.{type code}.{authority code}.{serial}.{version}.{check}</c>, where the type code
/// is the defining body's unified social credit code plus three digits, the authority code is the
/// issuing authority's unified social credit code, the serial is 1-40 characters of <c>0-9A-Z</c>,
/// the version three digits, and the check character ISO 7064 MOD 37,36 over the four fields
/// concatenated without their dots.
/// </summary>
public sealed record LicenceIdentifier
{
    /// <summary>The OID arc GB/T 36904 assigns to electronic licences.</summary>
    public const string Prefix = "1.2.156.3005.2.";
    public const int TypeCodeLength = 21;
    public const int MaxSerialLength = 40;
    public const int MaxLength = 15 + TypeCodeLength + 1 + UnifiedSocialCreditCode.Length + 1 + MaxSerialLength + 1 + 3 + 2;

    private LicenceIdentifier(string typeCode, string authorityCode, string serial, string version, char check)
    {
        TypeCode = typeCode;
        AuthorityCode = authorityCode;
        Serial = serial;
        Version = version;
        Check = check;
    }

    public string TypeCode { get; }
    public string AuthorityCode { get; }
    public string Serial { get; }
    public string Version { get; }
    public char Check { get; }

    public override string ToString() => $"{Prefix}{TypeCode}.{AuthorityCode}.{Serial}.{Version}.{Check}";

    /// <summary>Builds an identifier and computes its check character.</summary>
    /// <exception cref="ArgumentException">A part breaks its format rule; the message says which.</exception>
    public static LicenceIdentifier Create(string typeCode, string authorityCode, string serial, int version = 1)
    {
        var versionText = version is >= 1 and <= 999 ? version.ToString("D3", System.Globalization.CultureInfo.InvariantCulture) : "";
        var error = CheckParts(typeCode, authorityCode, serial, versionText);
        if (error is not null)
        {
            throw new ArgumentException(error);
        }

        return new LicenceIdentifier(typeCode, authorityCode, serial, versionText, Iso7064Mod3736.Compute(typeCode + authorityCode + serial + versionText));
    }

    /// <summary>A new serial: the issue year then 16 random characters of 0-9A-Z (about 82 bits), so serials reveal no issue order.</summary>
    public static string NewSerial(DateTimeOffset issuedAt)
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        return issuedAt.UtcDateTime.Year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)
               + RandomNumberGenerator.GetString(alphabet, 16);
    }

    /// <summary>Parses and validates an identifier, or returns false with a reason in English.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out LicenceIdentifier? identifier, [NotNullWhen(false)] out string? error)
    {
        identifier = null;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            error = "The identifier is empty or too long.";
            return false;
        }

        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            error = $"The identifier does not start with {Prefix}.";
            return false;
        }

        var parts = text[Prefix.Length..].Split('.');
        if (parts.Length != 5)
        {
            error = "The identifier must have five dot-separated parts after the prefix.";
            return false;
        }

        error = CheckParts(parts[0], parts[1], parts[2], parts[3]);
        if (error is not null)
        {
            return false;
        }

        if (parts[4].Length != 1 || parts[4][0] != Iso7064Mod3736.Compute(parts[0] + parts[1] + parts[2] + parts[3]))
        {
            error = "The check character (ISO 7064 MOD 37,36) does not match.";
            return false;
        }

        identifier = new LicenceIdentifier(parts[0], parts[1], parts[2], parts[3], parts[4][0]);
        return true;
    }

    /// <summary>Parses and validates an identifier.</summary>
    /// <exception cref="FormatException">The text is not a valid identifier; the message says why.</exception>
    public static LicenceIdentifier Parse(string text)
        => TryParse(text, out var identifier, out var error) ? identifier : throw new FormatException(error);

    /// <summary>True when a licence-type code is a valid unified social credit code followed by three digits.</summary>
    public static bool IsValidTypeCode(string? code)
        => code is { Length: TypeCodeLength }
           && UnifiedSocialCreditCode.IsValid(code.AsSpan(0, 18))
           && code.AsSpan(18).ContainsAnyExceptInRange('0', '9') is false;

    private static string? CheckParts(string typeCode, string authorityCode, string serial, string version)
    {
        if (!IsValidTypeCode(typeCode))
        {
            return "The licence-type code must be the defining body's unified social credit code followed by three digits.";
        }

        if (!UnifiedSocialCreditCode.IsValid(authorityCode))
        {
            return "The issuing authority's code is not a valid unified social credit code (GB 32100).";
        }

        if (serial.Length is 0 or > MaxSerialLength || serial.AsSpan().ContainsAnyExcept(SerialCharacters))
        {
            return $"The serial must be 1 to {MaxSerialLength} characters of 0-9 and A-Z.";
        }

        if (version.Length != 3 || version.AsSpan().ContainsAnyExceptInRange('0', '9') || version == "000")
        {
            return "The version must be three digits from 001 to 999.";
        }

        return null;
    }

    private static readonly System.Buffers.SearchValues<char> SerialCharacters =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");
}
