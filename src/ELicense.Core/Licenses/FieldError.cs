namespace ELicense.Core.Licenses;

/// <summary>One bad field of a request or payload, with a stable code and messages in both languages.</summary>
/// <param name="Field">The path of the field, e.g. <c>fields.birthDate</c> or <c>holder.idNumber</c>.</param>
/// <param name="Code">A stable code: required, unknown, too_long, format, check_character, choice, inconsistent, range.</param>
/// <param name="Message">The English message.</param>
/// <param name="MessageZh">The Chinese message.</param>
public sealed record FieldError(string Field, string Code, string Message, string MessageZh);
