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

/// <summary>
/// The compromise drills (DESIGN §7), apart from the other attacks: most of their 80 s each is the real time a
/// Verifier with default settings is given to be right (60 s) and is then watched (15 s), time in which the
/// machine is nearly idle; run beside the other attacks rather than after them, they cost the suite no time of their
/// own. The two drills (Garnet, redis-server) still run one after the other, so that only one province re-issues at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class CompromiseDrillCollection
{
    public const string Name = "Compromise drills on real processes";
}
