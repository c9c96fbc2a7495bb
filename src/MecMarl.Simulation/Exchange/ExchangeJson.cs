using System.Text;
using System.Text.Json;

namespace MecMarl.Simulation;

/// <summary>Shared helpers of the exchange-file readers and writers.</summary>
internal static class ExchangeJson
{
    /// <summary>The error factory of exchange files: every problem is an <see cref="ExchangeFormatException"/>.</summary>
    public static readonly JsonInputError Error = (file, path, errorClass, problem) =>
        new ExchangeFormatException(file, path, errorClass, problem);

    /// <summary>Writes a JSON document to a file (numbers in shortest round-trip form, so they read back exactly).</summary>
    public static void WriteFile(string file, Action<Utf8JsonWriter> write, bool indented = false)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(file));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }
        File.WriteAllText(file, WriteString(write, indented));
    }

    /// <summary>Writes a JSON document to a string.</summary>
    public static string WriteString(Action<Utf8JsonWriter> write, bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            write(writer);
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>A finite number &gt; 0.</summary>
    public static double Positive(JsonInput v)
    {
        double x = v.Number();
        return x > 0 ? x : throw v.Fail($"must be > 0, found {x:R}");
    }

    /// <summary>
    /// A number in [<paramref name="lo"/>, <paramref name="hi"/>]: the physical range of an exchange-file
    /// value (docs/reliability.md), narrow enough that every delay, energy and reward derived from it is finite.
    /// </summary>
    public static double InRange(JsonInput v, double lo, double hi)
    {
        ArgumentNullException.ThrowIfNull(v);
        double x = v.Number();
        return x >= lo && x <= hi ? x : throw v.Fail($"must be between {lo:R} and {hi:R}, found {x:R}");
    }

    /// <summary>
    /// A number that is not a positive value below <paramref name="min"/> (a power or a share of 5E-324 gives an
    /// infinite delay); other values, negative ones included, are left to the SPEC 4 validator's classes.
    /// </summary>
    public static double NotTinyPositive(JsonInput v, double min)
    {
        ArgumentNullException.ThrowIfNull(v);
        double x = v.Number();
        return x > 0 && x < min ? throw v.Fail($"must be 0 or at least {min:R}, found {x:R}") : x;
    }

    /// <summary>A finite number &gt;= 0.</summary>
    public static double NonNegative(JsonInput v)
    {
        double x = v.Number();
        return x >= 0 ? x : throw v.Fail($"must be >= 0, found {x:R}");
    }
}
