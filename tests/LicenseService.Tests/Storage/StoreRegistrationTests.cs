using ELicense.Core.Keys;
using ELicense.LicenseService.Configuration;
using ELicense.LicenseService.Issuance;
using ELicense.LicenseService.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace ELicense.LicenseService.Tests.Storage;

/// <summary>
/// The store parts are registered one by one and built without store I/O; the shared secrets come from the
/// explicit start-up step, and a part used before it says so rather than inventing a secret.
/// </summary>
public sealed class StoreRegistrationTests
{
    [Fact]
    public async Task Every_store_part_is_built_with_the_store_down_and_one_that_needs_a_secret_before_the_start_up_step_says_so()
    {
        await using var provider = Services("127.0.0.1:1");

        // Nothing listens on port 1: a part that read the store while being built would fail here.
        var holders = provider.GetRequiredService<HolderKeys>();
        var serials = provider.GetRequiredService<SerialFactory>();
        var cipher = provider.GetRequiredService<RecordCipher>();
        foreach (var part in new[] { typeof(LicenceStore), typeof(StatusIndexAllocator), typeof(StatusListStore), typeof(KeyStore), typeof(AuditLog), typeof(ReissueJobStore), typeof(CatalogueStore) })
        {
            Assert.NotNull(provider.GetRequiredService(part));
        }

        var early = Assert.Throws<InvalidOperationException>(() => holders.For("citizen-id", "11010519491231002X"));
        Assert.Contains("start-up step", early.Message);
        Assert.Throws<InvalidOperationException>(() => serials.For("dept", "key-1", DateTimeOffset.UnixEpoch));
        Assert.Throws<InvalidOperationException>(() => cipher.Open("x", [0xE5, 1, 0, 0]));
    }

    [Fact]
    public async Task The_start_up_step_loads_the_secrets_once_and_every_part_then_uses_the_same_ones()
    {
        using var redis = new ELicense.Testing.RedisServer();
        await using var first = Services(redis.ConnectionString);
        await first.GetRequiredService<ProvinceSecrets>().LoadAsync(CancellationToken.None);
        await first.GetRequiredService<ProvinceSecrets>().LoadAsync(CancellationToken.None);
        await using var second = Services(redis.ConnectionString);
        await second.GetRequiredService<ProvinceSecrets>().LoadAsync(CancellationToken.None);

        // A second replica reads what the first made: the same pseudonym and the same idempotent identifier.
        Assert.Equal(first.GetRequiredService<HolderKeys>().For("citizen-id", "11010519491231002X"), second.GetRequiredService<HolderKeys>().For("citizen-id", "11010519491231002X"));
        Assert.Equal(first.GetRequiredService<SerialFactory>().For("dept", "key-1", DateTimeOffset.UnixEpoch), second.GetRequiredService<SerialFactory>().For("dept", "key-1", DateTimeOffset.UnixEpoch));
    }

    private static ServiceProvider Services(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(new Environment());
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(new KeyProtector("kek-test", new Dictionary<string, byte[]> { ["kek-test"] = new byte[32] }));
        services.AddSingleton(Options.Create(new ProvinceOptions { RegionCode = "990000" }));
        services.AddSingleton(Options.Create(new StorageOptions { ConnectionString = connectionString, CommandTimeoutMilliseconds = 500 }));
        services.AddSingleton(Options.Create(new IssuanceOptions()));
        services.AddSingleton(Options.Create(new KeyOptions()));
        services.AddProvinceStores();
        return services.BuildServiceProvider();
    }

    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Development";
        public string ApplicationName { get; set; } = "ELicense.LicenseService.Tests";
        public string ContentRootPath { get; set; } = Directory.CreateTempSubdirectory("elicense-stores-").FullName;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
