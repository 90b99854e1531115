using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ELicense.Hosting;

/// <summary>
/// Validates every option registered with <c>ValidateOnStart</c> at once, as the first hosted service is
/// built. The host itself validates only after it has built all hosted services, and a service that reads
/// an option while being built (a start-up check, a sync) would stop start-up with that option's failure
/// alone; this way one start names every bad setting (several are reported as an <see cref="AggregateException"/>).
/// Add it with <c>AddHostedService</c> before any other hosted service: they are built in the order they were added.
/// </summary>
public sealed class StartupValidation : IHostedService
{
    /// <exception cref="OptionsValidationException">One section has bad settings.</exception>
    /// <exception cref="AggregateException">Several sections have; each inner exception names its settings.</exception>
    public StartupValidation(IStartupValidator validator) => validator.Validate();

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
