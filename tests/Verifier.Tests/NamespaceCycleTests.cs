using ELicense.Testing;
using Xunit;

namespace ELicense.Verifier.Tests;

/// <summary>The Verifier's namespaces form layers, with no cycle.</summary>
public sealed class NamespaceCycleTests
{
    [Fact]
    public void The_verifier_has_no_namespace_cycle()
    {
        var cycles = NamespaceGraph.Of(typeof(VerifierSetup).Assembly, "ELicense.Verifier").Cycles();
        Assert.True(cycles.Count == 0, "Namespaces that use each other (make one of them not know the other):\n" + string.Join("\n", cycles));
    }
}
