using System.Text.Json;

namespace MecMarl.Simulation.Tests;

/// <summary>Paths of the test fixtures and tolerance comparisons.</summary>
internal static class TestSupport
{
    public const double Relative = 1e-9;
    public const double Absolute = 1e-15;

    public static string CasesDir => Path.Combine(AppContext.BaseDirectory, "Cases");

    public static string CaseFile(string caseName, string file) => Path.Combine(CasesDir, caseName, file);

    public static string PaperConfigPath => Path.Combine(AppContext.BaseDirectory, "configs", "paper.json");

    public static IEnumerable<(string Name, bool Valid, string[] Files)> Cases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(CasesDir, "cases.json")));
        foreach (JsonElement c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            yield return (c.GetProperty("name").GetString()!, c.GetProperty("valid").GetBoolean(),
                c.GetProperty("files").EnumerateArray().Select(f => f.GetString()!).ToArray());
        }
    }

    public static bool Close(double expected, double actual, double rel = Relative, double abs = Absolute) =>
        Math.Abs(expected - actual) <= Math.Max(abs, rel * Math.Abs(expected));

    public static void AssertClose(double expected, double actual, string what, double rel = Relative, double abs = Absolute)
    {
        Assert.True(Close(expected, actual, rel, abs), $"{what}: expected {expected:R}, actual {actual:R}");
    }

    public static string TempFile(string name)
    {
        string dir = Path.Combine(Path.GetTempPath(), "mecmarl-sim-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }
}
