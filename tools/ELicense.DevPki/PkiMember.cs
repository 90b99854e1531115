using ELicense.Core.Crypto;

namespace ELicense.DevPki;

/// <summary>A key and its certificate in a generated PKI.</summary>
public sealed record PkiMember(ISigningKey Key, byte[] Certificate);
