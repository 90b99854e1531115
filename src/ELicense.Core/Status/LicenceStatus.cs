namespace ELicense.Core.Status;

/// <summary>The 2-bit status values of the Token Status List (draft-ietf-oauth-status-list §7.1).</summary>
public enum LicenceStatus : byte
{
    Valid = 0,
    Revoked = 1,
    Suspended = 2,
}
