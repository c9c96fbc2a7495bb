using System.Text.Json;

namespace MecMarl.Cli.Tests;

/// <summary>Structural JSON comparison with the cases' tolerance (relative 1e-9, absolute 1e-15).</summary>
internal static class JsonAssert
{
    public static void Close(JsonElement expected, JsonElement actual, string path, double relative = 1e-9, double absolute = 1e-15)
    {
        Assert.True(expected.ValueKind == actual.ValueKind || (IsBool(expected) && IsBool(actual)),
            $"{path}: expected {expected.ValueKind}, found {actual.ValueKind}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var names = expected.EnumerateObject().Select(p => p.Name).Order().ToArray();
                Assert.Equal(names, actual.EnumerateObject().Select(p => p.Name).Order().ToArray());
                foreach (string n in names)
                {
                    Close(expected.GetProperty(n), actual.GetProperty(n), $"{path}.{n}", relative, absolute);
                }
                break;
            case JsonValueKind.Array:
                Assert.True(expected.GetArrayLength() == actual.GetArrayLength(), $"{path}: length {actual.GetArrayLength()}, expected {expected.GetArrayLength()}");
                for (int i = 0; i < expected.GetArrayLength(); i++)
                {
                    Close(expected[i], actual[i], $"{path}[{i}]", relative, absolute);
                }
                break;
            case JsonValueKind.Number:
                double e = expected.GetDouble(), a = actual.GetDouble();
                Assert.True(Math.Abs(e - a) <= Math.Max(absolute, relative * Math.Abs(e)), $"{path}: expected {e:R}, found {a:R}");
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                Assert.True(expected.GetBoolean() == actual.GetBoolean(), $"{path}: expected {expected}, found {actual}");
                break;
            default:
                Assert.Equal(expected.ToString(), actual.ToString());
                break;
        }
    }

    private static bool IsBool(JsonElement e) => e.ValueKind is JsonValueKind.True or JsonValueKind.False;
}
