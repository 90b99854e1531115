using System.Reflection;
using System.Reflection.Emit;

namespace ELicense.Testing;

/// <summary>The reading half of <see cref="NamespaceGraph"/>: the types one type names, from its metadata and its IL.</summary>
public sealed partial class NamespaceGraph
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

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
