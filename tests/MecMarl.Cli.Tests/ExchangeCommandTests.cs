using System.Text.Json;

namespace MecMarl.Cli.Tests;

public sealed class ExchangeCommandTests
{
    [Fact]
    public void Evaluate_WritesTheExpectedResults()
    {
        // Given the independent implementation's case, when evaluated, then every number matches to 1e-9.
        string dir = CliRunner.TempDir();
        string output = Path.Combine(dir, "results.json");
        var (code, _, err) = CliRunner.Run("evaluate", "--scenario", CliRunner.Case("paper_default_random", "scenario.json"),
            "--decisions", CliRunner.Case("paper_default_random", "decisions.json"), "--out", output);
        Assert.Equal(0, code);
        Assert.Equal("", err);
        using var actual = JsonDocument.Parse(File.ReadAllText(output));
        using var expected = JsonDocument.Parse(File.ReadAllText(CliRunner.Case("paper_default_random", "expected.json")));
        JsonAssert.Close(expected.RootElement, actual.RootElement, "$");
    }

    [Fact]
    public void Decode_ReproducesDecisionsAndObservations()
    {
        string dir = CliRunner.TempDir();
        string decisions = Path.Combine(dir, "decisions.json");
        string observations = Path.Combine(dir, "observations.json");
        var (code, _, err) = CliRunner.Run("decode", "--scenario", CliRunner.Case("decoder_paper_default", "scenario.json"),
            "--actions", CliRunner.Case("decoder_paper_default", "actions.json"), "--out", decisions, "--observations", observations);
        Assert.Equal(0, code);
        Assert.Equal("", err);
        using (var a = JsonDocument.Parse(File.ReadAllText(decisions)))
        using (var e = JsonDocument.Parse(File.ReadAllText(CliRunner.Case("decoder_paper_default", "decisions.json"))))
        {
            JsonAssert.Close(e.RootElement, a.RootElement, "$", relative: 0);
        }
        using (var a = JsonDocument.Parse(File.ReadAllText(observations)))
        using (var e = JsonDocument.Parse(File.ReadAllText(CliRunner.Case("decoder_paper_default", "observations.json"))))
        {
            JsonAssert.Close(e.RootElement, a.RootElement, "$");
        }
    }

    [Fact]
    public void ScenarioExport_ThenEvaluate_RoundTrips()
    {
        // Given an exported scenario, when decisions of all-local computing are evaluated on it,
        // then every UE's local delay is its cycles / 1 GHz (eq. 7), so the file content is consistent.
        string dir = CliRunner.TempDir();
        string scenario = Path.Combine(dir, "s.json");
        var (code, _, _) = CliRunner.Run("scenario", "export", "--seed", "7", "--slots", "2", "--out", scenario);
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(File.ReadAllText(scenario));
        Assert.Equal(6, doc.RootElement.GetProperty("sbs").GetArrayLength());
        Assert.Equal(60, doc.RootElement.GetProperty("ues").GetArrayLength());
        Assert.Equal(2, doc.RootElement.GetProperty("slots").GetArrayLength());
        string local = "{\"alpha\":0,\"channel\":null,\"powerW\":0,\"share\":0}";
        string slot = "{\"ues\":[" + string.Join(",", Enumerable.Repeat(local, 60)) + "]}";
        string decisions = Path.Combine(dir, "d.json");
        File.WriteAllText(decisions, "{\"slots\":[" + slot + "," + slot + "]}");
        string results = Path.Combine(dir, "r.json");
        Assert.Equal(0, CliRunner.Run("evaluate", "--scenario", scenario, "--decisions", decisions, "--out", results).Code);
        using var r = JsonDocument.Parse(File.ReadAllText(results));
        var task = doc.RootElement.GetProperty("slots")[1].GetProperty("tasks")[13];
        var ue = r.RootElement.GetProperty("slots")[1].GetProperty("ues")[13];
        Assert.Equal(task.GetProperty("cycles").GetDouble() / 1e9, ue.GetProperty("localDelayS").GetDouble(), 12);
    }

    [Fact]
    public void SameSeed_ExportsTheSameScenario()
    {
        string dir = CliRunner.TempDir();
        string a = Path.Combine(dir, "a.json"), b = Path.Combine(dir, "b.json"), c = Path.Combine(dir, "c.json");
        CliRunner.Run("scenario", "export", "--seed", "3", "--slots", "2", "--out", a);
        CliRunner.Run("scenario", "export", "--seed", "3", "--slots", "2", "--out", b);
        CliRunner.Run("scenario", "export", "--seed", "4", "--slots", "2", "--out", c);
        Assert.Equal(File.ReadAllText(a), File.ReadAllText(b));
        Assert.NotEqual(File.ReadAllText(a), File.ReadAllText(c));
    }
}
