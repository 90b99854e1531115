using ELicense.Testing;
using Xunit;

namespace ELicense.Verifier.Tests;

/// <summary>The Verifier's namespaces form layers, with no cycle.</summary>
public sealed class NamespaceCycleTests
{
    [Fact]
    public void The_verifier_has_no_namespace_cycle() => Assert.Null(NamespaceGraph.Of(typeof(VerifierSetup).Assembly, "ELicense.Verifier").Failure());
}
