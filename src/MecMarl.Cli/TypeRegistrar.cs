using Spectre.Console.Cli;

namespace MecMarl.Cli;

/// <summary>
/// A minimal dependency container for Spectre.Console.Cli: commands get the <see cref="CliIo"/>
/// of the current run through their constructor, so several runs can share a process (tests).
/// </summary>
internal sealed class TypeRegistrar : ITypeRegistrar, ITypeResolver
{
    private readonly Dictionary<Type, Func<object>> _factories = new();

    public void Register(Type service, Type implementation) =>
        _factories[service] = () => Create(implementation);

    public void RegisterInstance(Type service, object implementation) =>
        _factories[service] = () => implementation;

    public void RegisterLazy(Type service, Func<object> factory) => _factories[service] = factory;

    public ITypeResolver Build() => this;

    public object? Resolve(Type? type)
    {
        if (type is null)
        {
            return null;
        }
        if (_factories.TryGetValue(type, out var factory))
        {
            return factory();
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>))
        {
            return Array.CreateInstance(type.GetGenericArguments()[0], 0);
        }
        // Unregistered abstractions (Spectre asks for optional services such as help providers).
        return type.IsInterface || type.IsAbstract ? null : Create(type);
    }

    private object Create(Type type)
    {
        var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new InvalidOperationException($"{type.Name} has no public constructor.");
        object?[] args = ctor.GetParameters().Select(p => Resolve(p.ParameterType)).ToArray();
        return ctor.Invoke(args);
    }
}
