namespace ELicense.Verifier.Trust;

/// <summary>
/// The last good trust list and catalogue of each province on disk: the signed bytes as fetched
/// (<c>{region}.trust-list.cose</c>, <c>{region}.catalogue.cose</c>), so that the copy verifies itself when read back and nothing
/// but the list is trusted. Written to a temporary file and moved over the old one: a crash leaves
/// the old list or the new one, never half of one.
/// </summary>
public sealed class TrustListCache(string folder)
{
    /// <summary>The kind of a province's trust list.</summary>
    public const string TrustList = "trust-list";

    /// <summary>The kind of a province's catalogue document.</summary>
    public const string Catalogue = "catalogue";

    public string Folder { get; } = folder;

    /// <summary>The cached list of a province and when it was written; null when there is none.</summary>
    public (byte[] Bytes, DateTimeOffset WrittenAt)? Read(string region, string kind = TrustList)
    {
        var path = PathOf(region, kind);
        try
        {
            return File.Exists(path) ? (File.ReadAllBytes(path), new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Replaces a province's cached list.</summary>
    /// <exception cref="IOException">The folder cannot be written.</exception>
    public void Write(string region, byte[] bytes, string kind = TrustList)
    {
        Directory.CreateDirectory(Folder);
        var path = PathOf(region, kind);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    private string PathOf(string region, string kind) => Path.Combine(Folder, $"{region}.{kind}.cose");
}
