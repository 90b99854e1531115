namespace ELicense.Core.Licenses;

/// <summary>The value type and format rule of a licence field. Every value travels as text.</summary>
public enum FieldKind
{
    /// <summary>Free text, trimmed, no control characters, at most the field's maximum length.</summary>
    Text,

    /// <summary>A calendar date written <c>yyyy-MM-dd</c>.</summary>
    Date,

    /// <summary>An 18-character citizen identity number with its GB 11643 check character.</summary>
    CitizenIdNumber,

    /// <summary>An 18-character unified social credit code with its GB 32100 check character.</summary>
    CreditCode,

    /// <summary>A 6-digit GB/T 2260 region code.</summary>
    RegionCode,

    /// <summary>One of the field's listed choices.</summary>
    Choice,

    /// <summary>A non-negative decimal number with at most two decimals, e.g. an area in square metres.</summary>
    Decimal,
}
