using ELicense.Testing;
using Xunit;

namespace ELicense.LicenseService.Tests;

/// <summary>The service's namespaces form layers (configuration, storage, catalogue, keys, signing, issuance, status, endpoints), with no cycle.</summary>
public sealed class NamespaceCycleTests
{
    [Fact]
    public void The_service_has_no_namespace_cycle()
    {
        var cycles = NamespaceGraph.Of(typeof(ServiceSetup).Assembly, "ELicense.LicenseService").Cycles();
        Assert.True(cycles.Count == 0, "Namespaces that use each other (make one of them not know the other):\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void The_shared_hosting_library_has_no_namespace_cycle()
    {
        var cycles = NamespaceGraph.Of(typeof(ELicense.Hosting.RateLimits).Assembly, "ELicense.Hosting").Cycles();
        Assert.True(cycles.Count == 0, string.Join("\n", cycles));
    }
}
