using ELicense.Core.Reasons;
using ELicense.Core.Verification;

namespace ELicense.Core.Documents;

/// <summary>
/// A PDF after the first phase of <see cref="DocumentPipeline"/>: its signature, its signer and the
/// licence it carries (itself prepared). The host then fetches <see cref="StatusToFetch"/> and, when
/// <see cref="NeedsPrintedQr"/>, reads the printed QR, and completes.
/// </summary>
public sealed class PreparedDocument
{
    internal PreparedDocument(DocumentState state, Reason? refusal)
    {
        State = state;
        Refusal = refusal;
    }

    internal DocumentState State { get; }

    /// <summary>Why the document was refused before a licence could be read from it; null when one was.</summary>
    internal Reason? Refusal { get; }

    /// <summary>The status list the carried licence needs; null when nothing may be fetched.</summary>
    public StatusListKey? StatusToFetch => Refusal is null ? State.Licence?.StatusToFetch : null;

    /// <summary>Whether the printed QR is to be compared with the carried licence: the PDF is signed by a trusted signer admitted for it and carries one
    /// (a PDF whose signer may not have signed it is INVALID already and not rendered).</summary>
    public bool NeedsPrintedQr => Refusal is null && State.Payload is not null && State.SignerRefusal is null;

    /// <summary>The carried licence's identifier, once its signature verified.</summary>
    public string? VerifiedIdentifier => State.Licence?.VerifiedIdentifier;
}
