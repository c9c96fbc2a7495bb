using System.Globalization;
using System.Text.Json;

namespace MecMarl.Simulation;

/// <summary>
/// A JSON value being read, with its path, so that every error names the file and the JSON path
/// (e.g. <c>network.uesPerCell[2]</c> or <c>slots[2].ues[7].channel</c>). Objects remember which
/// members were read; <see cref="EnsureAllRead"/> rejects the others (unknown members are errors).
/// Exchange files are read through it; config files are parsed with it (malformed JSON, the
/// top level, the <c>schemes</c> section) and their sections bound by <see cref="ConfigBinding"/>.
/// </summary>
public sealed class JsonInput
{
    private readonly JsonElement _element;
    private readonly JsonInputError _error;
    private HashSet<string>? _read;

    private JsonInput(JsonElement element, string file, string path, JsonInputError error)
    {
        _element = element;
        File = file;
        Path = path;
        _error = error;
    }

    /// <summary>File the value came from.</summary>
    public string File { get; }

    /// <summary>JSON path of the value (empty for the document root).</summary>
    public string Path { get; }

    /// <summary>The underlying element.</summary>
    public JsonElement Element => _element;

    /// <summary>True when the value is JSON null.</summary>
    public bool IsNull => _element.ValueKind == JsonValueKind.Null;

    /// <summary>
    /// Parses <paramref name="json"/>; malformed JSON throws the error of <paramref name="error"/> with
    /// class <c>format</c>. The document stays alive as long as the returned value is used.
    /// </summary>
    public static JsonInput Parse(string json, string file, JsonInputError error)
    {
        try
        {
            var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false });
            return new JsonInput(doc.RootElement, file, "", error);
        }
        catch (JsonException ex)
        {
            throw error(file, "", ErrorClasses.Format,
                $"malformed JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {FirstSentence(ex.Message)}");
        }
    }

    /// <summary>Largest JSON input file read, in bytes (256 MiB): far above any config or exchange file MecMarl writes, far below memory.</summary>
    public const long MaxFileBytes = 256L << 20;

    /// <summary>
    /// Reads a file and parses it as in <see cref="Parse"/>; a missing file is a <c>format</c> error, and so
    /// is a file that is empty or not a regular file (a device such as <c>/dev/zero</c> or a pipe, whose size
    /// reads as 0: refused before it is opened, so that reading neither blocks nor exhausts memory) or larger
    /// than <see cref="MaxFileBytes"/>.
    /// </summary>
    public static JsonInput Load(string file, JsonInputError error)
    {
        string text;
        try
        {
            var info = new FileInfo(file);
            if (info.Exists && info.Length == 0)
            {
                throw error(file, "", ErrorClasses.Format, "empty, or not a regular file (a device or a pipe); expected a JSON file.");
            }
            if (info.Exists && info.Length > MaxFileBytes)
            {
                throw error(file, "", ErrorClasses.Format, $"{info.Length} bytes; JSON input files are limited to {MaxFileBytes >> 20} MiB.");
            }
            text = System.IO.File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw error(file, "", ErrorClasses.Format, $"cannot read the file: {ex.Message}");
        }
        return Parse(text, file, error);
    }

    /// <summary>Throws the input error for this value.</summary>
    public Exception Fail(string problem, string errorClass = ErrorClasses.Format) =>
        _error(File, Path, errorClass, problem);

    /// <summary>The path of member <paramref name="name"/> of this value.</summary>
    public string MemberPath(string name) => Path.Length == 0 ? name : Path + "." + name;

    private void RequireKind(JsonValueKind kind, string what)
    {
        if (_element.ValueKind != kind)
        {
            throw Fail($"expected {what}, found {Describe(_element.ValueKind)}");
        }
    }

    /// <summary>Member <paramref name="name"/> of this object, or null when absent (marks it read).</summary>
    public JsonInput? Optional(string name)
    {
        RequireKind(JsonValueKind.Object, "an object");
        (_read ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);
        return _element.TryGetProperty(name, out JsonElement value)
            ? new JsonInput(value, File, MemberPath(name), _error)
            : null;
    }

    /// <summary>Member <paramref name="name"/> of this object; missing is a <c>format</c> error.</summary>
    public JsonInput Required(string name) =>
        Optional(name) ?? throw _error(File, MemberPath(name), ErrorClasses.Format, "missing field");

    /// <summary>Throws for the first member of this object that was never read (an unknown field).</summary>
    public void EnsureAllRead()
    {
        RequireKind(JsonValueKind.Object, "an object");
        foreach (JsonProperty p in _element.EnumerateObject())
        {
            if (_read is null || !_read.Contains(p.Name))
            {
                throw _error(File, MemberPath(p.Name), ErrorClasses.Format,
                    _read is { Count: > 0 }
                        ? $"unknown field (known here: {string.Join(", ", _read)})"
                        : "unknown field");
            }
        }
    }

    /// <summary>The value as a finite number.</summary>
    public double Number()
    {
        RequireKind(JsonValueKind.Number, "a number");
        if (!_element.TryGetDouble(out double v) || !double.IsFinite(v))
        {
            throw Fail("number is not finite");
        }
        return v;
    }

    /// <summary>The value as a 32-bit integer (a number with no fractional part).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Named after the JSON value kind it reads, like Number and Boolean.")]
    public int Integer()
    {
        double v = Number();
        if (v != Math.Floor(v) || v < int.MinValue || v > int.MaxValue)
        {
            throw Fail($"expected an integer, found {v.ToString("R", CultureInfo.InvariantCulture)}");
        }
        return (int)v;
    }

    /// <summary>The value as a boolean.</summary>
    public bool Boolean()
    {
        if (_element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw Fail($"expected true or false, found {Describe(_element.ValueKind)}");
        }
        return _element.GetBoolean();
    }

    /// <summary>The value as a string.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Named after the JSON value kind it reads, like Number and Boolean.")]
    public string String()
    {
        RequireKind(JsonValueKind.String, "a string");
        return _element.GetString()!;
    }

    /// <summary>True when the value is an array.</summary>
    public bool IsArray => _element.ValueKind == JsonValueKind.Array;

    /// <summary>The items of this array.</summary>
    public JsonInput[] Items()
    {
        RequireKind(JsonValueKind.Array, "an array");
        var items = new JsonInput[_element.GetArrayLength()];
        int i = 0;
        foreach (JsonElement e in _element.EnumerateArray())
        {
            items[i] = new JsonInput(e, File, $"{Path}[{i}]", _error);
            i++;
        }
        return items;
    }

    /// <summary>The items of this array, which must have <paramref name="length"/> of them (else a <c>shape</c> error).</summary>
    public JsonInput[] Items(int length, string what)
    {
        JsonInput[] items = Items();
        if (items.Length != length)
        {
            throw Fail($"expected {length} {what}, found {items.Length}", ErrorClasses.Shape);
        }
        return items;
    }

    /// <summary>
    /// Reads an array of finite numbers into <paramref name="destination"/>, which must have its exact
    /// length (else a <c>shape</c> error). Faster than <see cref="Items()"/> for long vectors.
    /// </summary>
    public void NumbersInto(Span<double> destination, string what)
    {
        RequireKind(JsonValueKind.Array, "an array");
        int n = _element.GetArrayLength();
        if (n != destination.Length)
        {
            throw Fail($"expected {destination.Length} {what}, found {n}", ErrorClasses.Shape);
        }
        int i = 0;
        foreach (JsonElement e in _element.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out double v) || !double.IsFinite(v))
            {
                throw _error(File, $"{Path}[{i}]", ErrorClasses.Format,
                    e.ValueKind == JsonValueKind.Number ? "number is not finite" : $"expected a number, found {Describe(e.ValueKind)}");
            }
            destination[i++] = v;
        }
    }

    /// <summary>A JSON value kind in words ("an object", "a number", ...), as error messages name it.</summary>
    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string FirstSentence(string message)
    {
        int i = message.IndexOf(". ", StringComparison.Ordinal);
        return i < 0 ? message : message[..(i + 1)];
    }
}
