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

    /// <summary>A finite number &gt;= 0.</summary>
    public static double NonNegative(JsonInput v)
    {
        double x = v.Number();
        return x >= 0 ? x : throw v.Fail($"must be >= 0, found {x:R}");
    }
}
