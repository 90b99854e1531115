using System.Threading.RateLimiting;
using ELicense.Verifier.Configuration;
using Microsoft.Extensions.Options;

namespace ELicense.Verifier.Documents;

/// <summary>
/// Bounds the costly work of the verify API, decoding pictures and verifying and rendering PDFs (DESIGN §13:
/// uploads are bounded in concurrency per caller): each caller (token <c>sub</c>) may have at most
/// <see cref="UploadOptions.MaxConcurrentPerCaller"/> uploads in hand — being received, waiting or in work —
/// and is refused beyond (429); in all at most <see cref="UploadOptions.MaxConcurrent"/> are in work at once
/// and <see cref="UploadOptions.QueueLimit"/> wait in turn, oldest first, and more are refused (503). QR texts
/// never pass here: a flood of uploads from one caller cannot slow another caller's scanned codes. The work
/// runs on a thread of its own at a lower CPU priority (<see cref="RunAsync{T}"/>), so its synchronous
/// decoding never holds the thread-pool threads that the light requests need, and when the cores are busy
/// the QR texts are answered first.
/// </summary>
public sealed class UploadLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> callers;
    private readonly ConcurrencyLimiter places;

    public UploadLimiter(IOptions<VerifierOptions> options)
        : this(options.Value.Uploads)
    {
    }

    public UploadLimiter(UploadOptions settings)
    {
        Settings = settings;
        callers = PartitionedRateLimiter.Create<string, string>(caller => RateLimitPartition.GetConcurrencyLimiter(caller, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = settings.MaxConcurrentPerCaller,
            QueueLimit = 0,
        }));
        places = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = settings.MaxConcurrent,
            QueueLimit = settings.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    public UploadOptions Settings { get; }

    /// <summary>One of the caller's own places, held until disposed; null when the caller has all of them in hand.</summary>
    public IDisposable? TryEnter(string caller)
    {
        var lease = callers.AttemptAcquire(caller);
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        return null;
    }

    /// <summary>A place to work in, waiting in the queue for one; null when the queue is full.</summary>
    public async Task<IDisposable?> WaitForPlaceAsync(CancellationToken cancellationToken)
    {
        var lease = await places.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        return null;
    }

    /// <summary>Runs the synchronous start of the work (up to its first wait) on a thread of its own, at a lower CPU
    /// priority; the caller holds a place for it. Also used for reading a rendered page.</summary>
    public static Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(
            () =>
            {
                LowerThisThreadsPriority();
                return work();
            },
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    /// <summary>Gives the calling thread (and the renderers it starts, which inherit it) nice 10 on Linux, where
    /// <c>setpriority(PRIO_PROCESS, 0, …)</c> applies to the calling thread alone: when the cores are busy, QR
    /// texts are answered first and uploads wait. The thread is the work's own and ends with it.</summary>
    private static void LowerThisThreadsPriority()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = SetPriority(0, 0, 10);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: the work runs at the normal priority.
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int priority);

    public void Dispose()
    {
        callers.Dispose();
        places.Dispose();
    }
}
