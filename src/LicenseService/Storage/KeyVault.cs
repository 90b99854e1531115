using System.Text.RegularExpressions;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// Encrypted private keys (<c>ELS1</c> SM4-GCM or <c>ELK1</c> AES-256-GCM envelopes of <see cref="Core.Keys.KeyProtector"/>) as files, one per kid, beside the embedded store,
/// and the ledger of revoked kids (<c>{kid}.revoked</c>):
/// the store's append-only file and checkpoints then never hold a private key, and erasing one
/// (overwritten, flushed, deleted) leaves no copy the service wrote. Folder 0700, files 0600,
/// written to a temporary file and renamed. The kid comes from a store record: only 16 lower-case
/// hex digits name a file.
/// </summary>
public sealed partial class KeyVault
{
    private readonly string folder;

    /// <param name="folder">The folder (made 0700).</param>
    /// <param name="holdsEnvelopes">Whether the private keys live here (the embedded store), or only the revocation ledger
    /// (an external Redis, whose replicas on other hosts share the keys through Redis).</param>
    public KeyVault(string folder, bool holdsEnvelopes = true)
    {
        this.folder = folder;
        HoldsEnvelopes = holdsEnvelopes;
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

    /// <summary>Whether the encrypted private keys live here rather than in the store.</summary>
    public bool HoldsEnvelopes { get; }

    /// <summary>The record as it goes to the store: with a vault, the envelope goes to the vault (before the commit) and the record says so.</summary>
    public StoredKey ToStore(StoredKey key)
    {
        if (!HoldsEnvelopes || !key.HasPrivateKey)
        {
            return key;
        }

        Write(key.Kid, key.PrivateKey);
        return key with { PrivateKey = [], PrivateKeyInVault = true };
    }

    /// <summary>The record as the service uses it: the envelope read back from the vault; an erased key's file erased should a crash have left it.</summary>
    public StoredKey Resolved(StoredKey key)
    {
        if (key.State == Core.Trust.SignerState.Revoked && Revocation(key.Kid) is null)
        {
            // A crash between the revocation's commit and its ledger entry: written now.
            RecordRevocation(key.Kid, key.CompromisedAt);
        }

        if (!HoldsEnvelopes)
        {
            return key;
        }

        if (!key.PrivateKeyInVault)
        {
            if (key.PrivateKeyErasedAt is not null)
            {
                Erase(key.Kid);
            }

            return key;
        }

        return Read(key.Kid) is { } envelope ? key with { PrivateKey = envelope } : key;
    }

    /// <summary>Writes the envelope of a key (replacing an older one, e.g. after a re-wrap).</summary>
    public void Write(string kid, byte[] envelope)
    {
        var path = PathOf(kid);
        // A name of its own: replicas sharing the folder may write the same key's envelope at once (a re-seal on both), and a shared
        // temporary name let one replica move the file away under the other.
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var file = new FileStream(temporary, options))
            {
                file.Write(envelope);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
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

    /// <summary>
    /// Notes that a key is revoked, with its compromise time (ISO 8601, or "none"): the ledger outside
    /// the store against which a record put back from before the revocation is recognised.
    /// </summary>
    public void RecordRevocation(string kid, DateTimeOffset? compromisedAt)
    {
        var path = PathOf(kid, ".revoked");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, compromisedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "none");
        }
    }

    /// <summary>The ledger's entry for a key: null when it was never revoked here; else its compromise time (null: none stated).</summary>
    public RevocationEntry? Revocation(string kid)
    {
        var path = PathOf(kid, ".revoked");
        if (!File.Exists(path))
        {
            return null;
        }

        var text = File.ReadAllText(path).Trim();
        return new RevocationEntry(DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var at) ? at : null);
    }

    private string PathOf(string kid, string suffix = ".elk") => KidPattern().IsMatch(kid)
        ? Path.Combine(folder, kid + suffix)
        : throw new InvalidOperationException("A key record names a kid that is not 16 hex digits.");

    /// <summary>A revocation the ledger holds: the compromise time stated then (null: none, everything the key signed).</summary>
    public sealed record RevocationEntry(DateTimeOffset? CompromisedAt);

    [GeneratedRegex("^[0-9a-f]{16}$")]
    private static partial Regex KidPattern();
}
