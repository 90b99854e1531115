namespace ELicense.Core.Encoding;

/// <summary>
/// The exceptions BouncyCastle raises for malformed ASN.1 — at parse time or later, when a lazily
/// decoded part (a BIT STRING's padding, an extension, a key) is first read. Each of them means "the
/// bytes are bad", and every reader of certificates and signatures from outside turns them into a refusal.
/// </summary>
public static class MalformedAsn1
{
    /// <summary>Whether <paramref name="exception"/> is how BouncyCastle says that DER it was given is malformed.</summary>
    /// <remarks>Caught around BouncyCastle's calls only, never around a whole check: the same types from our own code are bugs.</remarks>
    public static bool Is(Exception exception) => exception is ArgumentException or IOException or InvalidCastException or FormatException
        or InvalidOperationException or Org.BouncyCastle.Security.GeneralSecurityException;
}
