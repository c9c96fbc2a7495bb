using System.Text.Json;
using System.Text.Json.Serialization;

namespace MecMarl.Simulation;

/// <summary>
/// A config choice written as a string: one table of (value, JSON name) pairs for reading and writing;
/// an unknown name is a <see cref="ConfigJsonException"/> such as <c>unknown decoder 'x', expected "greedy",
/// "deadline-aware" or "heuristic"</c>.
/// </summary>
/// <typeparam name="T">The enum.</typeparam>
public abstract class ConfigEnumConverter<T> : JsonConverter<T>
    where T : struct, Enum
{
    private readonly string _noun;
    private readonly (T Value, string Name)[] _names;

    /// <summary>Creates the converter.</summary>
    /// <param name="noun">What the value is, in messages (e.g. <c>decoder</c>).</param>
    /// <param name="names">Every value with its JSON name.</param>
    protected ConfigEnumConverter(string noun, params (T Value, string Name)[] names)
    {
        _noun = noun;
        _names = names;
    }

    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <summary>The JSON name of <paramref name="value"/>.</summary>
    public string NameOf(T value)
    {
        foreach ((T v, string n) in _names)
        {
            if (EqualityComparer<T>.Default.Equals(v, value))
            {
                return n;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(value), value, $"no JSON name for this {_noun}");
    }

    /// <inheritdoc />
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new ConfigJsonException($"expected a string, found {ConfigBinding.Describe(reader.TokenType)}");
        }
        string s = reader.GetString()!;
        foreach ((T v, string n) in _names)
        {
            if (n == s)
            {
                return v;
            }
        }
        string[] quoted = [.. _names.Select(x => $"\"{x.Name}\"")];
        string expected = quoted.Length == 1 ? quoted[0] : string.Join(", ", quoted[..^1]) + " or " + quoted[^1];
        throw new ConfigJsonException($"unknown {_noun} '{s}', expected {expected}");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(NameOf(value));
    }
}
