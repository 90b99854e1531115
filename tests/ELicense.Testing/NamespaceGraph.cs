using System.Reflection;
using System.Reflection.Emit;

namespace ELicense.Testing;

/// <summary>
/// Which namespaces of one assembly use which, read from the compiled code: every type's base type, interfaces, fields,
/// properties, method signatures, attributes and the tokens of every method body (so a call, a field read, a <c>new</c>
/// or a cast counts; a comment, a <c>cref</c> or a <c>nameof</c> does not). A constant is inlined by the compiler, so a
/// namespace that only reads another's <c>const</c> is not seen as using it. Compiler-generated types (lambdas, state
/// machines) count as the namespace of the type they are nested in, and a namespace as the folder right under the prefix
/// that holds it.
/// </summary>
public sealed class NamespaceGraph
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

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

    private static IEnumerable<Type> Referenced(Type type)
    {
        var found = new List<Type>();
        void Add(Type? t)
        {
            if (t is null)
            {
                return;
            }

            if (t.HasElementType)
            {
                Add(t.GetElementType());
                return;
            }

            found.Add(t);
            if (t.IsGenericParameter)
            {
                foreach (var constraint in t.GetGenericParameterConstraints())
                {
                    Add(constraint);
                }
            }
            else if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                foreach (var argument in t.GetGenericArguments())
                {
                    Add(argument);
                }
            }
        }

        // An attribute names its own type and any type passed to it ([JsonConverter(typeof(X))]).
        void Attributes(IEnumerable<CustomAttributeData> attributes)
        {
            foreach (var attribute in attributes)
            {
                Add(attribute.AttributeType);
                foreach (var value in attribute.ConstructorArguments.Concat(attribute.NamedArguments.Select(n => n.TypedValue)))
                {
                    switch (value.Value)
                    {
                        case Type named:
                            Add(named);
                            break;
                        case IEnumerable<CustomAttributeTypedArgument> many:
                            foreach (var one in many)
                            {
                                Add(one.Value as Type);
                            }

                            break;
                    }
                }
            }
        }

        Add(type.BaseType);
        // Only the interfaces the type itself declares: those of its base type are the base type's uses.
        foreach (var i in type.GetInterfaces().Except(type.BaseType?.GetInterfaces() ?? []))
        {
            Add(i);
        }

        foreach (var parameter in type.IsGenericTypeDefinition ? type.GetGenericArguments() : [])
        {
            Add(parameter);
        }

        Attributes(type.CustomAttributes);
        foreach (var field in type.GetFields(Declared))
        {
            Add(field.FieldType);
            Attributes(field.CustomAttributes);
        }

        foreach (var property in type.GetProperties(Declared))
        {
            Add(property.PropertyType);
            Attributes(property.CustomAttributes);
        }

        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo info)
            {
                Add(info.ReturnType);
                Attributes(info.ReturnParameter.CustomAttributes);
                foreach (var parameter in info.IsGenericMethodDefinition ? info.GetGenericArguments() : [])
                {
                    Add(parameter);
                }
            }

            foreach (var parameter in method.GetParameters())
            {
                Add(parameter.ParameterType);
                Attributes(parameter.CustomAttributes);
            }

            Attributes(method.CustomAttributes);
            foreach (var used in BodyTypes(method))
            {
                Add(used);
            }
        }

        return found;
    }

    /// <summary>The types a method body names: those of the members it calls, reads or writes, and the types it makes, casts to or loads.</summary>
    private static IEnumerable<Type> BodyTypes(MethodBase method)
    {
        var body = method.GetMethodBody();
        var il = body?.GetILAsByteArray();
        if (body is null || il is null)
        {
            yield break;
        }

        foreach (var local in body.LocalVariables)
        {
            yield return local.LocalType;
        }

        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            var value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var code = OpCodesByValue[value];
            switch (code.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, at);
                    var member = Resolve(method.Module, token, typeArguments, methodArguments);
                    if (member is Type t)
                    {
                        yield return t;
                    }
                    else if (member?.DeclaringType is { } owner)
                    {
                        yield return owner;
                        if (member is FieldInfo f)
                        {
                            yield return f.FieldType;
                        }

                        // A call names its method's type arguments (GetRequiredService<X>()), what it returns and what it takes.
                        if (member is MethodBase called)
                        {
                            foreach (var argument in called.IsGenericMethod ? called.GetGenericArguments() : [])
                            {
                                yield return argument;
                            }

                            if (called is MethodInfo { ReturnType: var returned })
                            {
                                yield return returned;
                            }

                            foreach (var parameter in Parameters(called))
                            {
                                yield return parameter.ParameterType;
                            }
                        }
                    }

                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + 4 * BitConverter.ToInt32(il, at);
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    at += 1;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    at += 8;
                    break;
                default:
                    at += 4;
                    break;
            }
        }
    }

    /// <summary>A called method's parameters; none when they name a type that cannot be loaded here.</summary>
    private static ParameterInfo[] Parameters(MethodBase method)
    {
        try
        {
            return method.GetParameters();
        }
        catch (Exception e) when (e is TypeLoadException or FileNotFoundException or NotSupportedException)
        {
            return [];
        }
    }

    private static MemberInfo? Resolve(Module module, int token, Type[]? typeArguments, Type[]? methodArguments)
    {
        try
        {
            return module.ResolveMember(token, typeArguments, methodArguments);
        }
        catch (Exception e) when (e is ArgumentException or BadImageFormatException or TypeLoadException or FileNotFoundException)
        {
            return null;
        }
    }
}
