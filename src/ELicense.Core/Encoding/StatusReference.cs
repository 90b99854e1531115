namespace ELicense.Core.Encoding;

/// <summary>Where a licence's status lives: a status list (its URI or id) and the index in it (DESIGN §6).</summary>
/// <param name="List">The status list's URI or id.</param>
/// <param name="Index">The licence's index in that list.</param>
public sealed record StatusReference(string List, long Index);
