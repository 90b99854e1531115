using ELicense.Core.Crypto;
using ELicense.Core.Encoding;
using ELicense.Core.Status;
using ELicense.Core.Trust;
using ELicense.Core.Verification;
using ELicense.DevPki;
using ELicense.Testing;

namespace ELicense.LicenseService.Tests.Support;

/// <summary>
/// A verifier as another department runs one, knowing only the national roots of certs/dev and the
/// province's trust-list URL: it refreshes the trust list on its own timer, checks its signature
/// chain, never goes back to an older list, and fetches whole status lists by a licence's status
/// reference.
/// </summary>
public sealed class VerifyingSide : IAsyncDisposable
{
    private static readonly CertificateChainValidator Roots = new(
        [DevPkiFiles.Read(RepositoryPaths.DevCertificates, KeyFamily.Sm2).Root.Certificate, DevPkiFiles.Read(RepositoryPaths.DevCertificates, KeyFamily.Rsa).Root.Certificate]);

    private readonly HttpClient client;
    private readonly CancellationTokenSource stop = new();
    private readonly Task? timer;
    private readonly StatusListCollection statuses = new();
    private readonly TrustListCollection lists = new(Roots);

    /// <param name="client">An anonymous client of the province's service.</param>
    /// <param name="refresh">The trust-list refresh interval; null: refresh only when told.</param>
    public VerifyingSide(HttpClient client, TimeSpan? refresh = null)
    {
        this.client = client;
        if (refresh is { } interval)
        {
            timer = Task.Run(async () =>
            {
                using var periodic = new PeriodicTimer(interval);
                while (await periodic.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
                {
                    try
                    {
                        await RefreshAsync();
                    }
                    catch (HttpRequestException)
                    {
                        // Keep verifying from the list held.
                    }
                }
            });
        }
    }

    public VerifiedTrustList Held => lists.Held.GetValueOrDefault("320000")?.List ?? throw new InvalidOperationException("No trust list fetched yet.");

    /// <summary>Fetches the trust list once and takes it when it verifies and is not older than the one held.</summary>
    public async Task RefreshAsync()
    {
        var bytes = await client.GetByteArrayAsync("/.well-known/elicense/trust-list");
        var offer = lists.Offer("320000", bytes, DateTimeOffset.UtcNow);
        if (offer.Result == TrustOfferResult.Refused)
        {
            throw new InvalidOperationException("The trust list was refused: " + offer.Error);
        }
    }

    /// <summary>Verifies a QR text with the trust list held, fetching its status list; at <paramref name="now"/>, default the present.</summary>
    public async Task<Verdict> VerifyAsync(string qr, DateTimeOffset? now = null)
    {
        var trust = lists.Material;
        var at = now ?? DateTimeOffset.UtcNow;
        var pipeline = new VerificationPipeline();
        var prepared = pipeline.Prepare(qr, trust, at);
        if (prepared.StatusToFetch is { } key)
        {
            var token = await client.GetByteArrayAsync("/api/v1/status-lists/" + key.Name);
            if (StatusListTokenCodec.TryVerify(token, trust, key.Province, key.Name, DateTimeOffset.UtcNow, null, 1 << 20, out var verified, out _))
            {
                statuses.Offer(verified!, DateTimeOffset.UtcNow, trust);
            }
        }

        return pipeline.Complete(prepared, statuses, at);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (timer is not null)
        {
            try
            {
                await timer;
            }
            catch (OperationCanceledException)
            {
            }
        }

        stop.Dispose();
    }
}
