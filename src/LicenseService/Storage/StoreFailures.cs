using StackExchange.Redis;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// What a store failure is, and when repeating the command is safe. A store failure is any error of
/// the store client — a refusal, a lost connection, a command that timed out (StackExchange.Redis's
/// <see cref="RedisTimeoutException"/> is a <see cref="TimeoutException"/>, not a
/// <see cref="RedisException"/>) — or a write that did not reach the replicas it must.
/// A <em>refusal</em> is an answer from the server that it did not run the command:
/// <c>TRYAGAIN</c> (a multi-key command during slot migration), <c>CLUSTERDOWN</c>, <c>LOADING</c>,
/// <c>READONLY</c> (a replica, e.g. a demoted master before the client saw the failover), <c>MASTERDOWN</c>, and
/// <c>MOVED</c> where the client was told not to follow it (the replica wait's marker, <see cref="StoreConnection"/>).
/// Those pass once the cluster settles, and repeating a refused command changes nothing twice.
/// </summary>
public static class StoreFailures
{
    private static readonly string[] Refusals = ["TRYAGAIN", "CLUSTERDOWN", "LOADING", "READONLY", "MASTERDOWN", "MOVED"];

    /// <summary>The waits between attempts: about 3 s in all, longer than a slot's migration step and a replica's promotion after a short node timeout.</summary>
    private static readonly TimeSpan[] Backoff = [.. new[] { 50, 100, 200, 400, 800, 1_600 }.Select(ms => TimeSpan.FromMilliseconds(ms))];

    /// <summary>No attempt starts after this much time: a store that times out every command fails the request after one timeout, not six.</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(3.2);

    /// <summary>Whether the exception says the store could not do what it was asked.</summary>
    public static bool IsStoreFailure(Exception e) => e is RedisException or TimeoutException or StoreNotReplicatedException;

    /// <summary>Whether the server refused the command without running it.</summary>
    public static bool IsRefusal(Exception e) =>
        e is RedisServerException && Refusals.Any(r => e.Message.StartsWith(r, StringComparison.Ordinal));

    /// <summary>Whether a repeat may succeed: a refusal, a lost connection or a timeout. Repeat only what is idempotent on these.</summary>
    public static bool IsTransient(Exception e) => IsRefusal(e) || e is RedisConnectionException or TimeoutException or StoreNotReplicatedException;

    /// <summary>
    /// Runs <paramref name="operation"/> and repeats it, with growing waits, while it fails with an
    /// error <paramref name="repeatable"/> accepts; the last failure is thrown.
    /// </summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> operation, Func<Exception, bool> repeatable, TimeProvider? time = null, CancellationToken cancellation = default)
    {
        time ??= TimeProvider.System;
        var started = time.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await operation().ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < Backoff.Length && time.GetElapsedTime(started) + Backoff[attempt] < Budget && repeatable(e)
                                      && !cancellation.IsCancellationRequested)
            {
                await Task.Delay(Backoff[attempt], time, cancellation).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs a single store command, repeating it while the server refuses it (see <see cref="IsRefusal"/>).</summary>
    public static Task<T> RefusedAgainAsync<T>(Func<Task<T>> command) => RetryAsync(command, IsRefusal);
}

/// <summary>A write reached its master but not, within the configured wait, the replicas it must reach to be answered.</summary>
public sealed class StoreNotReplicatedException(string message) : Exception(message);
