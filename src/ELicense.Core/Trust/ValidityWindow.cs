namespace ELicense.Core.Trust;

/// <summary>A closed time interval, e.g. where every certificate of a chain is valid.</summary>
public readonly record struct ValidityWindow(DateTimeOffset NotBefore, DateTimeOffset NotAfter)
{
    public bool Contains(DateTimeOffset instant) => instant >= NotBefore && instant <= NotAfter;

    public ValidityWindow Intersect(ValidityWindow other)
        => new(NotBefore > other.NotBefore ? NotBefore : other.NotBefore, NotAfter < other.NotAfter ? NotAfter : other.NotAfter);
}
