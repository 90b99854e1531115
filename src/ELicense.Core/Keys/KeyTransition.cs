using ELicense.Core.Trust;

namespace ELicense.Core.Keys;

/// <summary>One step the lifecycle asks for: a key moves to a state, or leaves the trust list.</summary>
/// <param name="Kid">The key.</param>
/// <param name="To">The new state; null means remove the key.</param>
/// <param name="Why">Why, in English, for the audit log.</param>
public sealed record KeyTransition(string Kid, SignerState? To, string Why);
