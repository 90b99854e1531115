using System.Reflection;

namespace ELicense.Testing;

/// <summary>
/// Which namespaces of one assembly use which, read from the compiled code: every type's base type, interfaces, fields,
/// properties, method signatures, attributes and the tokens of every method body (so a call, a field read, a <c>new</c>
/// or a cast counts; a comment, a <c>cref</c> or a <c>nameof</c> does not). A constant is inlined by the compiler, so a
/// namespace that only reads another's <c>const</c> is not seen as using it. Compiler-generated types (lambdas, state
/// machines) count as the namespace of the type they are nested in, and a namespace as the folder right under the prefix
/// that holds it.
/// </summary>
public sealed partial class NamespaceGraph
{

    private readonly string _prefix;

    private readonly Dictionary<(string From, string To), SortedSet<string>> _because;

    private NamespaceGraph(string prefix, Dictionary<string, HashSet<string>> uses, Dictionary<(string, string), SortedSet<string>> because)
    {
        _prefix = prefix;
        Uses = uses;
        _because = because;
    }

    /// <summary>Each namespace of the assembly under the prefix, and the others under the prefix it uses.</summary>
    public IReadOnlyDictionary<string, HashSet<string>> Uses { get; }

    /// <summary>Reads <paramref name="assembly"/>; namespaces outside <paramref name="prefix"/> are left out.</summary>
    public static NamespaceGraph Of(Assembly assembly, string prefix)
    {
        var uses = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var because = new Dictionary<(string, string), SortedSet<string>>();
        foreach (var type in assembly.GetTypes())
        {
            if (NamespaceOf(type) is not { } name || !Within(name, prefix))
            {
                continue;
            }

            var from = Layer(name, prefix);

            var to = uses.TryGetValue(from, out var set) ? set : uses[from] = new HashSet<string>(StringComparer.Ordinal);
            foreach (var used in Referenced(type))
            {
                if (NamespaceOf(used) is { } usedName && Within(usedName, prefix) && Layer(usedName, prefix) is var target && target != from)
                {
                    to.Add(target);
                    var pairs = because.TryGetValue((from, target), out var found) ? found : because[(from, target)] = new SortedSet<string>(StringComparer.Ordinal);
                    pairs.Add($"{Outermost(type).Name} uses {Outermost(used).Name}");
                }
            }
        }

        return new NamespaceGraph(prefix, uses, because);
    }

    /// <summary>
    /// Every cycle found, each as the namespaces along it (the first repeated at the end, names without the prefix), then a
    /// line per step naming up to three of the types that make it; sorted.
    /// </summary>
    public IReadOnlyList<string> Cycles()
    {
        var cycles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var start in Uses.Keys)
        {
            // The shortest way back to start from each namespace it uses (breadth first), so each cycle is reported at its shortest.
            var previous = new Dictionary<string, string>(StringComparer.Ordinal);
            var queue = new Queue<string>(Uses[start].Where(n => previous.TryAdd(n, start)));
            while (queue.Count > 0)
            {
                var at = queue.Dequeue();
                if (at == start)
                {
                    break;
                }

                foreach (var next in Uses.GetValueOrDefault(at) ?? [])
                {
                    if (previous.TryAdd(next, at))
                    {
                        queue.Enqueue(next);
                    }
                }
            }

            if (previous.ContainsKey(start))
            {
                var path = new List<string> { start };
                for (var at = previous[start]; at != start; at = previous[at])
                {
                    path.Add(at);
                }

                path.Reverse();
                // One rotation per cycle: start it at its smallest name.
                var smallest = path.IndexOf(path.Min(StringComparer.Ordinal)!);
                var rotated = path.Skip(smallest).Concat(path.Take(smallest)).Select(Short).ToList();
                var steps = path.Skip(smallest).Concat(path.Take(smallest)).ToList();
                var why = steps.Select((n, i) => $"   {Short(n)} → {Short(steps[(i + 1) % steps.Count])}: "
                    + string.Join("; ", _because[(n, steps[(i + 1) % steps.Count])].Take(3)));
                cycles.Add(string.Join(" → ", rotated.Append(rotated[0])) + "\n" + string.Join("\n", why));
            }
        }

        return [.. cycles];
    }

    /// <summary>Null when the namespaces have no cycle; else what a failing test says: every cycle and the types behind it.</summary>
    public string? Failure()
    {
        var cycles = Cycles();
        return cycles.Count == 0 ? null
            : $"Namespaces of {_prefix} that use each other (make one of them not know the other):\n" + string.Join("\n", cycles);
    }

    private string Short(string name) => name.Length > _prefix.Length ? name[(_prefix.Length + 1)..] : "(root)";

    /// <summary>The namespace's folder right under the prefix: a stage's namespace is part of its pipeline's (<c>Verification.Stages</c> is <c>Verification</c>).</summary>
    private static string Layer(string name, string prefix)
    {
        if (name.Length == prefix.Length)
        {
            return name;
        }

        var end = name.IndexOf('.', prefix.Length + 1);
        return end < 0 ? name : name[..end];
    }

    private static bool Within(string name, string prefix) => name == prefix || name.StartsWith(prefix + ".", StringComparison.Ordinal);

    private static string? NamespaceOf(Type type) => Outermost(type).Namespace;

    private static Type Outermost(Type type)
    {
        while (type.IsNested)
        {
            type = type.DeclaringType!;
        }

        return type;
    }
}
