// Two namespaces that use each other, for NamespaceCycleTests to find; nothing else uses them.
namespace ELicense.Core.Tests.House.Cyclic.A
{
    internal sealed class First
    {
        public int Of(B.Second second) => second.Value + 1;
    }
}

namespace ELicense.Core.Tests.House.Cyclic.B
{
    internal sealed class Second
    {
        public int Value => new A.First().GetHashCode();
    }
}
