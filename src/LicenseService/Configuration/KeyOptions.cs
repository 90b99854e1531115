using System.ComponentModel.DataAnnotations;
using ELicense.Core.Keys;

namespace ELicense.LicenseService.Configuration;

/// <summary>
/// The document-signer key lifecycle and the protection of private keys at rest. Section <c>Keys</c>.
/// Timing defaults and their reasons are those of <see cref="KeyLifecycleOptions"/> (docs/key-rotation.md).
/// </summary>
public sealed class KeyOptions
{
    public const string Section = "Keys";

    /// <summary>How long a new key is published before it signs. Default 2 days.</summary>
    public TimeSpan PropagationTime { get; set; } = KeyLifecycleOptions.Default.PropagationTime;

    /// <summary>How long a key signs before the next one takes over. Default 90 days.</summary>
    public TimeSpan RotationInterval { get; set; } = KeyLifecycleOptions.Default.RotationInterval;

    /// <summary>How long a retired key stays published after the last licence it can have signed expired. Default 14 days.</summary>
    public TimeSpan RetentionAfterLastValidity { get; set; } = KeyLifecycleOptions.Default.RetentionAfterLastValidity;

    /// <summary>
    /// How often each replica reads the key set from the store, applies due transitions and rotations,
    /// and picks up changes other replicas made should the store's change channel miss one (a
    /// revocation elsewhere normally stops this replica signing with that key within a second).
    /// Default 10 seconds: one small read per replica.
    /// </summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Accept key records without a seal (written by a version before key records were sealed) and seal
    /// them at the next change. Off by default: a record without a valid seal was not written by this
    /// service and is ignored. Turn on for the one start that upgrades an older store, then off again.
    /// </summary>
    public bool AcceptUnsealedKeyRecords { get; set; }

    /// <summary>Licences a re-issue job handles per saved step (1–10,000). Default 200: progress survives a crash with at most that much redone.</summary>
    public int ReissuePageSize { get; set; } = 200;

    /// <summary>
    /// The most licences a re-issue job handles per second (1–100,000). Default 1,000: a compromise of a key
    /// that signed a million licences is re-issued in under 20 minutes while issuing goes on at full speed.
    /// </summary>
    public int ReissuePerSecond { get; set; } = 1_000;

    /// <summary>How long the rotation lock is held at most should its holder die. Default 60 seconds (a CA may be slow).</summary>
    public TimeSpan LockTime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The cipher of new key envelopes and of the store's wrapped secrets: <c>Sm4Gcm</c> (the default; GB/T 39786
    /// expects national algorithms) or <c>Aes256Gcm</c>. Envelopes of either stay readable; key maintenance re-wraps
    /// the other kind into this one, as it does after a KEK change.
    /// </summary>
    public Core.Keys.EnvelopeAlgorithm EnvelopeAlgorithm { get; set; } = Core.Keys.EnvelopeAlgorithm.Sm4Gcm;

    /// <summary>
    /// A file of key-encryption keys, one per line: <c>id base64-of-32-bytes</c>; lines starting with
    /// <c>#</c> are comments. Keep it outside the store and the configuration files (a secret volume,
    /// a KMS-rendered file). Relative paths start at the content root.
    /// </summary>
    public string KekFile { get; set; } = "";

    /// <summary>Key-encryption keys given directly, by id (base64 of 32 bytes), e.g. from environment variables
    /// <c>Keys__Keks__2026a</c>. Merged with <see cref="KekFile"/>.</summary>
    public Dictionary<string, string> Keks { get; set; } = [];

    /// <summary>The KEK that protects new keys; every key under another KEK is re-wrapped under it at the next
    /// check. Default: the first KEK of the file.</summary>
    public string CurrentKek { get; set; } = "";

    /// <summary>How long a signed trust list is valid. Default 7 days: verifiers refresh hourly and keep
    /// verifying from their last good copy through a week-long outage of the province.</summary>
    public TimeSpan TrustListLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long HTTP caches may keep the trust list (Cache-Control max-age). Default 5 minutes.</summary>
    public TimeSpan TrustListTimeToLive { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The validity of the trust-list signer's certificate; a new signer is made when a sixth of it is left. Default 2 years.</summary>
    public TimeSpan ListSignerValidity { get; set; } = TimeSpan.FromDays(730);

    public KeyLifecycleOptions Lifecycle => new()
    {
        PropagationTime = PropagationTime,
        RotationInterval = RotationInterval,
        RetentionAfterLastValidity = RetentionAfterLastValidity,
    };
}
