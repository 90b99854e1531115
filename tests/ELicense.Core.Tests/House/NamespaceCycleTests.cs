using System.Reflection;
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
    public void The_core_has_no_namespace_cycle() => AssertNoCycle(typeof(ELicense.Core.Encoding.QrPayloadCodec).Assembly, "ELicense.Core");

    [Fact]
    public void A_cycle_is_found_and_named()
    {
        // Two namespaces of this fixture use each other, one through a method's parameter, the other through a method body.
        var graph = NamespaceGraph.Of(typeof(NamespaceCycleTests).Assembly, "ELicense.Core.Tests.House.Cyclic");
        Assert.Equal(["ELicense.Core.Tests.House.Cyclic.B"], graph.Uses["ELicense.Core.Tests.House.Cyclic.A"]);
        var cycles = NamespaceGraph.Of(typeof(NamespaceCycleTests).Assembly, "ELicense.Core.Tests.House.Cyclic").Cycles();
        Assert.Equal(["A → B → A\n   A → B: First uses Second\n   B → A: Second uses First"], cycles);
    }

    /// <summary>Fails with every cycle, each at its shortest, if the assembly's namespaces under the prefix have any.</summary>
    private static void AssertNoCycle(Assembly assembly, string prefix)
    {
        var cycles = NamespaceGraph.Of(assembly, prefix).Cycles();
        Assert.True(cycles.Count == 0, $"Namespaces of {prefix} that use each other (make one of them not know the other):\n" + string.Join("\n", cycles));
    }
}
