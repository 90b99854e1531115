namespace ELicense.LicenseService.Storage;

/// <summary>
/// The store failed while a group of licences was issued, after every safe retry. Says, per request
/// of the group, whether its licence is stored all the same (a write cut short on a cluster may have
/// stored some records), so that the answer can say truthfully what happened.
/// </summary>
public sealed class IssueStoreException(int count, IReadOnlyDictionary<int, (bool? Stored, string Id)> stored, Exception inner, bool unknown = false)
    : Exception("The store failed while licences were issued: " + inner.Message, inner)
{
    /// <summary>How many requests the group had.</summary>
    public int Count { get; } = count;

    /// <summary>Per request index: true stored, false not stored, null unknown; requests refused before signing are absent (not stored).</summary>
    public bool? Stored(int index) => stored.TryGetValue(index, out var value) ? value.Stored : unknown ? null : false;

    /// <summary>The identifier request <paramref name="index"/> was to get; null for a request refused before signing.</summary>
    public string? Identifier(int index) => stored.TryGetValue(index, out var value) ? value.Id : null;
}
