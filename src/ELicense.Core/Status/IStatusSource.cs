namespace ELicense.Core.Status;

/// <summary>
/// Answers a licence's status from status lists the host has already fetched and verified. A pure
/// lookup: it never goes to the network, so the pipeline stays free of I/O.
/// </summary>
public interface IStatusSource
{
    /// <summary>The status at the reference, or null when the list is not at hand.</summary>
    StatusEvidence? Find(StatusReference reference);
}
