using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace MecMarl.Simulation;

/// <summary>
/// Binds config sections (records with <c>init</c> properties and their defaults) from JSON with
/// System.Text.Json source-generated metadata, and writes them back. A section file gives only the
/// fields it changes; a field it does not give keeps the record's default. Every problem is a
/// <see cref="ConfigException"/> naming the file, the JSON path and the problem, with the same
/// wording as the exchange-file reader <see cref="JsonInput"/>: an unknown field lists the known
/// ones, a wrong kind names the expected and the found kind, and the converters
/// (<see cref="ConfigDoubleConverter"/>, <see cref="ConfigInt32Converter"/>, <see cref="ConfigEnumConverter{T}"/>, ...)
/// say what is wrong with a value. Ranges are declared on the properties (<see cref="RangeAttribute"/>) and
/// checked by <see cref="CheckRanges"/>, the first step of each section's <c>Validate</c>, which then checks
/// what depends on several fields.
/// </summary>
public static class ConfigBinding
{
    /// <summary>
    /// Binds the optional object member <paramref name="name"/> of <paramref name="root"/> (and marks it read);
    /// null when it is absent. <paramref name="moved"/> maps fields that no longer exist in the section to the
    /// message saying where they went.
    /// </summary>
    public static T? Section<T>(JsonInput root, string name, JsonTypeInfo<T> info, IReadOnlyDictionary<string, string>? moved = null)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(info);
        JsonInput? section = root.Optional(name);
        if (section is null)
        {
            return null;
        }
        if (moved is not null && section.Element.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty p in section.Element.EnumerateObject())
            {
                if (moved.TryGetValue(p.Name, out string? where))
                {
                    throw new ConfigException(section.File, section.MemberPath(p.Name), where);
                }
            }
        }
        return Bind(section.Element, info, section.File, section.Path);
    }

    /// <summary>
    /// Binds <paramref name="element"/> (found at JSON path <paramref name="path"/> of <paramref name="file"/>) into a
    /// <typeparamref name="T"/>: the JSON of <c>new T()</c> with the element's members laid over it (objects merge
    /// member by member, any other value replaces the default), read back. Reading the whole object keeps the
    /// default of every field the element does not give (the generated reader would leave such an
    /// <c>init</c> property at its type's zero).
    /// </summary>
    public static T Bind<T>(JsonElement element, JsonTypeInfo<T> info, string file, string path)
        where T : new() => Bind(element, info, file, path, new T());

    /// <summary>
    /// Binds <paramref name="element"/> as a delta over <paramref name="start"/>: the JSON of <paramref name="start"/>
    /// with the element's members laid over it, read back (as <see cref="Bind{T}(JsonElement, JsonTypeInfo{T}, string, string)"/>
    /// does over <c>new T()</c>). A field the element does not give keeps <paramref name="start"/>'s value.
    /// </summary>
    public static T Bind<T>(JsonElement element, JsonTypeInfo<T> info, string file, string path, T start)
    {
        ArgumentNullException.ThrowIfNull(info);
        CheckShape(element, info, file, path, nullable: false);
        JsonNode merged = JsonSerializer.SerializeToNode(start, info)!;
        Overlay(merged.AsObject(), JsonObject.Create(element)!);
        try
        {
            return merged.Deserialize(info)!;
        }
        catch (ConfigJsonException e)
        {
            throw new ConfigException(file, Join(path, FromSerializerPath(e.Path) + e.SubPath), e.Problem);
        }
        catch (JsonException e)
        {
            // Not expected after CheckShape; kept so that no serializer message escapes without the file and path.
            throw new ConfigException(file, Join(path, FromSerializerPath(e.Path)), $"cannot be read: {FirstSentence(e.Message)}");
        }
    }

    private static void Overlay(JsonObject target, JsonObject overlay)
    {
        foreach (KeyValuePair<string, JsonNode?> p in overlay)
        {
            if (p.Value is JsonObject o && target[p.Key] is JsonObject existing)
            {
                Overlay(existing, o);
            }
            else
            {
                target[p.Key] = p.Value?.DeepClone();
            }
        }
    }

    /// <summary>Writes <paramref name="value"/> as member <paramref name="name"/> of the current JSON object.</summary>
    public static void Write<T>(Utf8JsonWriter writer, string name, T value, JsonTypeInfo<T> info)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(name);
        JsonSerializer.Serialize(writer, value, info);
    }

    /// <summary>
    /// The range pass of a section's validation: every property of <paramref name="value"/> (and of the records it
    /// holds) with a <see cref="RangeAttribute"/> must lie in it; the first that does not is a
    /// <see cref="ConfigException"/> naming <paramref name="file"/> and its JSON path under <paramref name="path"/>.
    /// An integer range reads "must be between 1 and 1000, found 0" ("must be &gt;= 1" without an upper bound); a
    /// number range reads "must be in (0, 1], found 2" ("must be a finite number &gt; 0" without an upper bound), or
    /// the attribute's <see cref="ValidationAttribute.ErrorMessage"/> followed by the value found.
    /// </summary>
    public static void CheckRanges(object value, JsonTypeInfo info, string file, string path)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(info);
        foreach (JsonPropertyInfo p in Known(info))
        {
            object? v = p.Get!(value);
            if (v is null)
            {
                continue;
            }
            string at = Join(path, p.Name);
            object[] ranges = p.AttributeProvider?.GetCustomAttributes(typeof(RangeAttribute), inherit: true) ?? [];
            foreach (RangeAttribute r in ranges.Cast<RangeAttribute>())
            {
                if (RangeProblem(r, v) is { } problem)
                {
                    throw new ConfigException(file, at, problem);
                }
            }
            if (ranges.Length == 0 && p.CustomConverter is null && info.Options.GetTypeInfo(p.PropertyType) is { Kind: JsonTypeInfoKind.Object } child)
            {
                CheckRanges(v, child, file, at);
            }
        }
    }

    private static string? RangeProblem(RangeAttribute r, object v)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        if (v is int i)
        {
            int lo = Convert.ToInt32(r.Minimum, inv), hi = Convert.ToInt32(r.Maximum, inv);
            if (i >= lo && i <= hi)
            {
                return null;
            }
            string rule = r.ErrorMessage ?? (hi == int.MaxValue ? $"must be >= {lo}" : $"must be between {lo} and {hi}");
            return $"{rule}, found {i}";
        }
        double x = Convert.ToDouble(v, inv), min = Convert.ToDouble(r.Minimum, inv), max = Convert.ToDouble(r.Maximum, inv);
        bool ok = (r.MinimumIsExclusive ? x > min : x >= min) && (r.MaximumIsExclusive ? x < max : x <= max) && double.IsFinite(x);
        if (ok)
        {
            return null;
        }
        string range = r.ErrorMessage ?? (double.IsPositiveInfinity(max)
            ? $"must be a finite number {(r.MinimumIsExclusive ? ">" : ">=")} {Format(min)}"
            : $"must be in {(r.MinimumIsExclusive ? "(" : "[")}{Format(min)}, {Format(max)}{(r.MaximumIsExclusive ? ")" : "]")}");
        return $"{range}, found {Format(x)}";
    }

    /// <summary>How a JSON token is named in messages ("a number", "an object", "null", ...).</summary>
    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => "nothing",
    };

    /// <summary>How a JSON value kind is named in messages ("a number", "an object", "null", ...).</summary>
    public static string Describe(JsonValueKind kind) => JsonInput.Describe(kind);

    // Walks the JSON beside the metadata: objects and arrays have the right kind, every member of an object is a
    // property of its record (else "unknown field"). Values with a converter are left to the converter.
    private static void CheckShape(JsonElement e, JsonTypeInfo info, string file, string path, bool nullable)
    {
        if (info.Kind is not (JsonTypeInfoKind.Object or JsonTypeInfoKind.Enumerable))
        {
            return;
        }
        string expected = (nullable ? "null or " : "") + (info.Kind == JsonTypeInfoKind.Object ? "an object" : "an array");
        if (e.ValueKind == JsonValueKind.Null && nullable)
        {
            return;
        }
        if (e.ValueKind != (info.Kind == JsonTypeInfoKind.Object ? JsonValueKind.Object : JsonValueKind.Array))
        {
            throw new ConfigException(file, path, $"expected {expected}, found {Describe(e.ValueKind)}");
        }
        if (info.Kind == JsonTypeInfoKind.Enumerable)
        {
            JsonTypeInfo item = info.Options.GetTypeInfo(info.ElementType!);
            int i = 0;
            foreach (JsonElement x in e.EnumerateArray())
            {
                CheckShape(x, item, file, $"{path}[{i++}]", nullable: false);
            }
            return;
        }
        foreach (JsonProperty member in e.EnumerateObject())
        {
            JsonPropertyInfo? p = null;
            foreach (JsonPropertyInfo candidate in Known(info))
            {
                if (candidate.Name == member.Name)
                {
                    p = candidate;
                    break;
                }
            }
            string memberPath = Join(path, member.Name);
            if (p is null)
            {
                throw new ConfigException(file, memberPath, $"unknown field (known here: {string.Join(", ", Known(info).Select(q => q.Name))})");
            }
            if (p.CustomConverter is null)
            {
                CheckShape(member.Value, info.Options.GetTypeInfo(p.PropertyType), file, memberPath, p.IsSetNullable);
            }
        }
    }

    // The properties a config file may give: [JsonIgnore] ones (computed values, values set from another section) have no accessors.
    private static IEnumerable<JsonPropertyInfo> Known(JsonTypeInfo info) => info.Properties.Where(p => p.Get is not null && p.Set is not null);

    private static string Join(string path, string child) =>
        child.Length == 0 ? path
        : path.Length == 0 ? child.TrimStart('.')
        : child[0] == '[' ? path + child
        : path + "." + child.TrimStart('.');

    // "$.a.b[2]" or "$['a-b'].c" (System.Text.Json's path of a value) -> "a.b[2]" or "a-b.c".
    private static string FromSerializerPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "";
        }
        var sb = new StringBuilder();
        int i = path[0] == '$' ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                int end = i + 1;
                while (end < path.Length && path[end] is not ('.' or '['))
                {
                    end++;
                }
                sb.Append('.').Append(path, i + 1, end - i - 1);
                i = end;
            }
            else if (i + 1 < path.Length && path[i] == '[' && path[i + 1] == '\'')
            {
                int end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                sb.Append('.').Append(path, i + 2, end - i - 2);
                i = Math.Min(path.Length, end + 2);
            }
            else
            {
                int end = path.IndexOf(']', i);
                end = end < 0 ? path.Length - 1 : end;
                sb.Append(path, i, end - i + 1);
                i = end + 1;
            }
        }
        return sb.ToString().TrimStart('.');
    }

    private static string FirstSentence(string message)
    {
        int i = message.IndexOf(". ", StringComparison.Ordinal);
        return i < 0 ? message : message[..(i + 1)];
    }

    /// <summary>A number as messages print it (round-trip, invariant culture).</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
