namespace ELicense.Verifier.Tests.Support;

/// <summary>
/// The attack and compromise tests: each starts its own provinces and Verifier and measures their time
/// and memory, so they run one after the other rather than sharing two cores with each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AttackCollection
{
    public const string Name = "Attacks on real processes";
}
