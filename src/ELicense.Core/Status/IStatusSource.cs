using ELicense.Core.Encoding;

namespace ELicense.Core.Status;

/// <summary>
/// Answers a licence's status from status lists the host has already fetched and verified. A pure
/// lookup: it never goes to the network, so the pipeline stays free of I/O.
/// </summary>
public interface IStatusSource
{
    /// <summary>The status at the reference in the list of <paramref name="province"/>, or null when that list is not at hand.</summary>
    /// <param name="province">The province of the licence's signer: only its lists speak for the licence.</param>
    /// <param name="reference">The licence's status reference.</param>
    StatusEvidence? Find(string province, StatusReference reference);
}
