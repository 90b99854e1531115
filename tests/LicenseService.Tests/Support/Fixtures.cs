using ELicense.Testing;

namespace ELicense.LicenseService.Tests.Support;

/// <summary>One service on the embedded Garnet store, shared by the tests of a class.</summary>
public sealed class GarnetServiceFixture : IDisposable
{
    public ServiceHost Host { get; } = new();

    public void Dispose() => Host.Dispose();
}

/// <summary>One service on a real redis-server, shared by the tests of a class.</summary>
public sealed class RedisServiceFixture : IDisposable
{
    public RedisServiceFixture()
    {
        Redis = new RedisServer();
        Host = new ServiceHost(Redis.ConnectionString);
    }

    public RedisServer Redis { get; }

    public ServiceHost Host { get; }

    public void Dispose()
    {
        Host.Dispose();
        Redis.Dispose();
    }
}
