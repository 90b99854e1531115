using ELicense.Core.Encoding;
using ELicense.Core.Licenses;
using ELicense.Core.Reasons;

namespace ELicense.Core.Verification.Stages;

/// <summary>
/// DESIGN §12: the signed content keeps the rules of its type's definition — exactly the version the
/// licence names, as published by the <b>signer's</b> province (a catalogue of another province never
/// speaks for it) or the national base. It runs last, once the signature, the signer and the status
/// have been judged: a type no catalogue at hand defines cannot be checked, which leaves a licence
/// that passed everything else INDETERMINATE (<see cref="ReasonCode.TypeUnknown"/>), never INVALID
/// for that alone; a revoked or forged one has failed before.
/// </summary>
public sealed class ContentStage : VerificationStage
{
    public override CheckName Check => CheckName.Content;

    public override Reason? Run(VerificationState state)
    {
        var payload = state.Payload;
        state.Type = state.Trust.Catalogues.Find(state.Signer?.Province, payload.TypeCode, payload.TypeVersion);
        if (state.Type is null)
        {
            return ReasonCatalogue.Create(ReasonCode.TypeUnknown, $"({payload.TypeCode} v{payload.TypeVersion})", $"（{payload.TypeCode} 第 {payload.TypeVersion} 版）");
        }

        var fieldError = state.Decoded!.Kind == PayloadKind.Licence
            ? LicenceContentValidator.Validate(state.Type, payload.Holder, payload.Fields, payload.ValidFrom, payload.ValidUntil).FirstOrDefault()
            : CheckPresentedFields(state.Type, payload);
        return fieldError is null ? null : ReasonCatalogue.Create(ReasonCode.ContentInvalid, fieldError.Message, fieldError.MessageZh);
    }

    /// <summary>A presentation shows a subset of fields, possibly masked: each must be a presentable field of the type and within its length.</summary>
    private static FieldError? CheckPresentedFields(LicenceType type, LicencePayload payload)
    {
        foreach (var (key, value) in payload.Fields)
        {
            var definition = type.Field(key);
            if (definition is null || definition.Mask == FieldMask.Hidden)
            {
                return FieldErrors.Unknown("fields." + key, type.NameZh);
            }

            if (value.Length > definition.MaxLength)
            {
                return FieldErrors.TooLong("fields." + key, definition.MaxLength);
            }
        }

        return null;
    }
}
