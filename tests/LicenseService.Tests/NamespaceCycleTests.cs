using ELicense.Testing;
using Xunit;

namespace ELicense.LicenseService.Tests;

/// <summary>The service's namespaces form layers (configuration, storage, catalogue, keys, signing, issuance, status, endpoints), with no cycle.</summary>
public sealed class NamespaceCycleTests
{
    [Fact]
    public void The_service_has_no_namespace_cycle() => Assert.Null(NamespaceGraph.Of(typeof(ServiceSetup).Assembly, "ELicense.LicenseService").Failure());

    [Fact]
    public void The_shared_hosting_library_has_no_namespace_cycle() => Assert.Null(NamespaceGraph.Of(typeof(ELicense.Hosting.RateLimits).Assembly, "ELicense.Hosting").Failure());
}
