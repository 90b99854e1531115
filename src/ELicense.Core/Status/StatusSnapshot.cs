using ELicense.Core.Encoding;

namespace ELicense.Core.Status;

/// <summary>
/// An <see cref="IStatusSource"/> over a fixed set of entries that its maker vouches for: for tests,
/// benchmarks and the in-process demo. Entries answer for any province.
/// </summary>
public sealed class StatusSnapshot : IStatusSource
{
    private readonly Dictionary<StatusReference, StatusEvidence> entries = [];

    /// <summary>Records the status at a reference.</summary>
    public StatusSnapshot Set(StatusReference reference, StatusEvidence evidence)
    {
        entries[reference] = evidence;
        return this;
    }

    public StatusEvidence? Find(string province, StatusReference reference) => entries.GetValueOrDefault(reference);
}
