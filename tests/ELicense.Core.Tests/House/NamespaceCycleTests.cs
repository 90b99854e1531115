using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.House;

/// <summary>
/// The core's namespaces form layers: none uses, through any chain, a namespace that uses it. Read from the compiled
/// code (<see cref="NamespaceGraph"/>), so a moved type cannot hide a cycle behind a using line that still compiles.
/// The services' own namespaces are checked the same way in their test projects.
/// </summary>
public sealed class NamespaceCycleTests
{
    [Fact]
    public void The_core_has_no_namespace_cycle() => Assert.Null(NamespaceGraph.Of(typeof(ELicense.Core.Encoding.QrPayloadCodec).Assembly, "ELicense.Core").Failure());

    [Fact]
    public void A_cycle_is_found_and_named()
    {
        // Two namespaces of this fixture use each other, one through a method's parameter, the other through a method body.
        var graph = NamespaceGraph.Of(typeof(NamespaceCycleTests).Assembly, "ELicense.Core.Tests.House.Cyclic");
        Assert.Equal(["ELicense.Core.Tests.House.Cyclic.B"], graph.Uses["ELicense.Core.Tests.House.Cyclic.A"]);
        Assert.Equal(["A → B → A\n   A → B: First uses Second\n   B → A: Second uses First"], graph.Cycles());
        Assert.Contains("A → B → A", graph.Failure());
    }
}
