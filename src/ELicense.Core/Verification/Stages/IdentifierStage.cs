using ELicense.Core.Identifiers;
using ELicense.Core.Reasons;

namespace ELicense.Core.Verification.Stages;

/// <summary>
/// DESIGN §5: before any cryptography, the identifier is a well-formed GB/T 36904 identifier
/// (credit codes with their GB 32100 check characters, ISO 7064 MOD 37,36 check character) and
/// names the same licence type and issuing authority as the payload.
/// </summary>
public sealed class IdentifierStage : VerificationStage
{
    public override CheckName Check => CheckName.Identifier;

    public override Reason? Run(VerificationState state)
    {
        var payload = state.Payload;
        if (!LicenceIdentifier.TryParse(payload.Identifier, out var identifier, out var error))
        {
            return ReasonCatalogue.Create(ReasonCode.IdentifierInvalid, error);
        }

        return identifier.TypeCode != payload.TypeCode || identifier.AuthorityCode != payload.Issuer.AuthorityCode
            ? ReasonCatalogue.Create(ReasonCode.IdentifierMismatch)
            : null;
    }
}
