using System.Net.Http.Headers;
using ELicense.DevPki;
using ELicense.LicenseService.Storage;
using ELicense.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace ELicense.LicenseService.Tests.Support;

/// <summary>
/// LicenseService on a real Kestrel on 127.0.0.1, in the development configuration (province
/// 320000; its first keys imported from certs/dev into its store), on the embedded Garnet store in its own data folder or on a
/// given Redis.
/// </summary>
public sealed class ServiceHost : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;

    public ServiceHost(string? redis = null, string? dataFolder = null, IReadOnlyDictionary<string, string?>? extra = null)
    {
        DataFolder = dataFolder ?? Directory.CreateTempSubdirectory("elicense-garnet-").FullName;
        settings = Settings(redis, DataFolder, extra);
        UseKestrel(0);
    }

    public string DataFolder { get; }

    private static string ContentRoot => Path.Combine(RepositoryPaths.Root, "src", "LicenseService");

    private static Dictionary<string, string?> Settings(string? redis, string dataFolder, IReadOnlyDictionary<string, string?>? extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = redis ?? "",
            ["Storage:DataFolder"] = dataFolder,
            // Above the default 3 s: on a 2-core machine running several services at once, the first command to a
            // just-started embedded store has been seen taking over 2 s.
            ["Storage:CommandTimeoutMilliseconds"] = "5000",
            // The tests are a crowd of verifiers on one address (127.0.0.1), thousands of list fetches a second; the
            // anonymous rate limit has its own tests (AnonymousRateLimitTests), which pass their limits in extra.
            ["RateLimits:AnonymousPerSecond"] = "1000000",
            ["RateLimits:AnonymousBurst"] = "1000000",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>
    /// The error a service with these settings fails to start with. The application is built and started here as Program.cs
    /// builds it (<c>AddLicenseService</c>, <c>UseLicenseService</c>), not through WebApplicationFactory: the factory runs the
    /// entry point on a thread of its own and, when the start fails, has answered under load with its own
    /// ObjectDisposedException in place of the start-up error (seen twice in a row in one full run).
    /// </summary>
    public static Exception StartFailure(IReadOnlyDictionary<string, string?> extra)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Development,
            ApplicationName = typeof(Program).Assembly.GetName().Name,
            ContentRootPath = ContentRoot,
        });
        var settings = Settings(null, Directory.CreateTempSubdirectory("elicense-startup-").FullName, extra);
        settings["Urls"] = "http://127.0.0.1:0";
        builder.Configuration.AddInMemoryCollection(settings);
        try
        {
            builder.AddLicenseService();
            using var app = builder.Build();
            app.UseLicenseService();
            app.StartAsync().GetAwaiter().GetResult();
            app.StopAsync().GetAwaiter().GetResult();
        }
        catch (Exception error)
        {
            return error;
        }

        throw new Xunit.Sdk.XunitException("The service started.");
    }

    /// <summary>The clock the service runs on (a <c>FakeTimeProvider</c> for a test that moves time itself); the system's when null.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Whether the test runs the key rounds itself (<c>KeyManager.MaintainAsync</c>) in place of the service's timer, so that a round is done when the test goes on.</summary>
    public bool TestRunsKeyRounds { get; init; }

    /// <summary>A client with a bearer token (none when <paramref name="token"/> is null).</summary>
    public HttpClient Client(string? token)
    {
        StartServer();
        var client = CreateClient();
        client.Timeout = TimeSpan.FromMinutes(5);
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>The embedded Garnet's address and password as a connection string, for a second service in this process
    /// sharing this one's store; it holds the password, so it is handed on in memory only.</summary>
    public string StoreEndpoint => Services.GetRequiredService<StoreConnection>().EmbeddedClientOptions()?.ToString(includePassword: true)
        ?? throw new InvalidOperationException("This service runs on an external Redis.");

    /// <summary>A second replica on this one's embedded store and key vault, as a second process on the same host runs.</summary>
    public ServiceHost Replica(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?> { ["Storage:KeyVaultFolder"] = Path.Combine(DataFolder, "keys") };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new ServiceHost(StoreEndpoint, extra: settings) { Time = Time, TestRunsKeyRounds = TestRunsKeyRounds };
    }

    /// <summary>The store's database, to look at what a request left behind.</summary>
    public IDatabase Store => Services.GetRequiredService<StoreConnection>().Database;

    /// <summary>A licence's record as the service reads it.</summary>
    public async Task<LicenceRecord> RecordAsync(string id) =>
        await Services.GetRequiredService<ELicense.LicenseService.Storage.LicenceStore>().FindAsync(id) ?? throw new InvalidOperationException($"No record of {id}.");

    /// <summary>Writes a record as the service would, sealed: what an attacker holding the record data key (or a fault) could leave in the store.</summary>
    public Task WriteRecordAsync(LicenceRecord record) =>
        Store.StringSetAsync($"elicense:320000:licence:{{{record.Id}}}",
            Services.GetRequiredService<ELicense.LicenseService.Storage.RecordCipher>().Seal(record));

    /// <summary>How many keys of the given kind (e.g. <c>licence</c>) the store holds. Counted distinct: SCAN may return a key more
    /// than once (as Redis documents it; a count of 100,526 for 100,000 records was once seen on the embedded store).</summary>
    public async Task<int> CountAsync(string kind)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var key in Services.GetRequiredService<StoreConnection>().ScanAsync($"elicense:320000:{kind}:*"))
        {
            keys.Add(key.ToString());
        }

        return keys.Count;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environments.Development);
        builder.UseContentRoot(ContentRoot);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            if (Time is { } time)
            {
                services.AddSingleton(time);
            }

            if (TestRunsKeyRounds)
            {
                services.Remove(services.Single(d => d.ImplementationType == typeof(ELicense.LicenseService.Keys.KeyMaintenance)));
            }
        });
    }
}
