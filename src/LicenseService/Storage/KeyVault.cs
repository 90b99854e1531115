using System.Text.RegularExpressions;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// Encrypted private keys (<c>ELK1</c> envelopes) as files, one per kid, beside the embedded store:
/// the store's append-only file and checkpoints then never hold a private key, and erasing one
/// (overwritten, flushed, deleted) leaves no copy the service wrote. Folder 0700, files 0600,
/// written to a temporary file and renamed. The kid comes from a store record: only 16 lower-case
/// hex digits name a file.
/// </summary>
public sealed partial class KeyVault
{
    private readonly string folder;

    public KeyVault(string folder)
    {
        this.folder = folder;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Writes the envelope of a key (replacing an older one, e.g. after a re-wrap).</summary>
    public void Write(string kid, byte[] envelope)
    {
        var path = PathOf(kid);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(temporary, options))
        {
            file.Write(envelope);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The envelope of a key, or null when the vault has none.</summary>
    public byte[]? Read(string kid) => File.Exists(PathOf(kid)) ? File.ReadAllBytes(PathOf(kid)) : null;

    /// <summary>Overwrites the envelope with zeros, flushes and deletes it; nothing happens when there is none.</summary>
    public void Erase(string kid)
    {
        var path = PathOf(kid);
        if (!File.Exists(path))
        {
            return;
        }

        using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            file.Write(new byte[file.Length]);
            file.Flush(flushToDisk: true);
        }

        File.Delete(path);
    }

    private string PathOf(string kid) => KidPattern().IsMatch(kid)
        ? Path.Combine(folder, kid + ".elk")
        : throw new InvalidOperationException("A key record names a kid that is not 16 hex digits.");

    [GeneratedRegex("^[0-9a-f]{16}$")]
    private static partial Regex KidPattern();
}
