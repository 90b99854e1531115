using System.ComponentModel.DataAnnotations;

namespace ELicense.LicenseService.Configuration;

/// <summary>The store (DESIGN §10). Section <c>Storage</c>.</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Storage";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c>. Empty: start the
    /// embedded Garnet server in this process (the zero-setup default) with its data under <see cref="DataFolder"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The data folder of the embedded server. Relative paths start at the content root.</summary>
    [Required]
    public string DataFolder { get; set; } = "data/garnet";

    /// <summary>
    /// Where the encrypted private keys live when they are not kept in the store: a folder (mode 0700,
    /// files 0600) from which an erased key is really gone — a store's append-only history never held
    /// it. Default: <c>keys</c> under <see cref="DataFolder"/> on the embedded store; on an external Redis
    /// none (replicas on several hosts share the keys through Redis; see docs/key-rotation.md).
    /// A replica sharing an embedded store on the same host names the same folder.
    /// </summary>
    public string? KeyVaultFolder { get; set; }

    /// <summary>How long a store command may take before the request fails with 503. Default 3 s: long enough for
    /// a busy Redis, short enough that a department system sees an outage at once and retries.</summary>
    [Range(100, 60_000)]
    public int CommandTimeoutMilliseconds { get; set; } = 3_000;

    /// <summary>Seconds between checkpoints of the embedded server; the append-only file covers the time between.</summary>
    [Range(1, 3_600)]
    public int EmbeddedCheckpointSeconds { get; set; } = 60;

    /// <summary>
    /// How many replicas must hold a write before it is answered (Redis <c>WAIT</c>). 0 (the default) answers once
    /// the master has it, which is all a single server or the embedded store can do. On a Redis Cluster with replicas
    /// set 1: a licence answered 201 or 200 then survives the failover of its master. Measured cost in docs/performance.md.
    /// </summary>
    [Range(0, 8)]
    public int WaitForReplicas { get; set; }

    /// <summary>How long a write waits for <see cref="WaitForReplicas"/> replicas before the request fails with 503
    /// (the write is kept; the retry finds it and waits again).</summary>
    [Range(10, 60_000)]
    public int ReplicaWaitMilliseconds { get; set; } = 1_000;

    /// <summary>
    /// Read licence records of versions before records were sealed (JSON in clear). Off by default: whoever can
    /// write to the store can write such a record. Turn on for the upgrade of an older store, run
    /// <c>./run.sh store check --repair</c> (it seals every such record), then turn off again.
    /// </summary>
    public bool AcceptPlainRecords { get; set; }

    /// <summary>
    /// How often <c>store check</c> reports (milliseconds; default 1,000). Every report carries the position a
    /// stopped check goes on from, so this is also at most how much work a resumed check repeats. 0 reports after
    /// every page of <see cref="Storage.StoreCheck.PageSize"/> keys read.
    /// </summary>
    [Range(0, 60_000)]
    public int CheckReportMilliseconds { get; set; } = 1_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (WaitForReplicas > 0 && ReplicaWaitMilliseconds >= CommandTimeoutMilliseconds)
        {
            // WAIT holds its connection (one of its own per node): a wait as long as the command timeout would time out the waits queued behind it.
            yield return new ValidationResult(
                $"Storage:ReplicaWaitMilliseconds ({ReplicaWaitMilliseconds}) must be below Storage:CommandTimeoutMilliseconds ({CommandTimeoutMilliseconds}).",
                [nameof(ReplicaWaitMilliseconds)]);
        }
    }
}
