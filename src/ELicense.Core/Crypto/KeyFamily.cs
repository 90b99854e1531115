namespace ELicense.Core.Crypto;

/// <summary>The kind of key pair; a key of one family never verifies a signature of the other's algorithm.</summary>
public enum KeyFamily
{
    Sm2,
    Rsa,
}
