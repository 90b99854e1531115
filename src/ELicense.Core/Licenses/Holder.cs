namespace ELicense.Core.Licenses;

/// <summary>The person or organisation a licence is issued to.</summary>
/// <param name="Name">The holder's name as printed.</param>
/// <param name="IdType">One of <see cref="HolderIdType"/>.</param>
/// <param name="IdNumber">The identity document's number.</param>
public sealed record Holder(string Name, string IdType, string IdNumber);
