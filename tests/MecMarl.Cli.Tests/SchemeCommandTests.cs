using System.Text.Json.Nodes;

using static MecMarl.Cli.Tests.CliRunner;

namespace MecMarl.Cli.Tests;

public sealed class SchemeCommandTests
{
    private const string Config = """
        {
          "network": { "sbsCount": 2, "uesPerCell": 2 },
          "channel": { "channels": 2 },
          "environment": { "slotsPerEpisode": 5 },
          "training": { "episodes": 2, "actorHidden": [8], "criticHidden": [8], "batchSize": 4, "bufferCapacity": 50, "learningStarts": 6 },
          "schemes": { "il-drl-co": { "reward": "cooperative" } },
          "evaluation": { "episodes": 1 }
        }
        """;

    [Fact]
    public void ASchemeDefinedInTheConfig_TrainsAndEvaluates()
    {
        string dir = CliRunner.TempDir();
        string config = Path.Combine(dir, "coop.json");
        File.WriteAllText(config, Config);
        string run = Path.Combine(dir, "run");
        Assert.Equal(0, CliRunner.Run("train", "--scheme", "il-drl-co", "--config", config, "--out", run).Code);
        Assert.Equal("il-drl-co", JsonNode.Parse(File.ReadAllText(Path.Combine(run, "run.json")))!["scheme"]!.GetValue<string>());
        Assert.Equal(0, CliRunner.Run("eval", "--run", run, "--episodes", "1").Code);
    }

    [Fact]
    public void AnImpossibleScheme_IsOneLineNamingFileAndPath_AndWritesNothing()
    {
        string dir = CliRunner.TempDir();
        string config = Path.Combine(dir, "bad.json");
        File.WriteAllText(config, """{ "schemes": { "x": { "critic": "joint" } } }""");
        string run = Path.Combine(dir, "run");
        AssertBadInput(CliRunner.Run("train", "--scheme", "x", "--config", config, "--out", run), config, "schemes.x.replay");
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public void APpoSchemeDefinedInTheConfig_TrainsAndEvaluates()
    {
        string dir = CliRunner.TempDir();
        string config = Path.Combine(dir, "ppo.json");
        File.WriteAllText(config, Config.Replace("\"il-drl-co\": { \"reward\": \"cooperative\" }",
            "\"mappo\": { \"learner\": \"ppo\", \"critic\": \"joint\", \"replay\": \"joint\", \"ppo\": { \"rolloutSlots\": 4, \"minibatchSize\": 2 } }", StringComparison.Ordinal));
        string run = Path.Combine(dir, "run");
        Assert.Equal(0, CliRunner.Run("train", "--scheme", "mappo", "--config", config, "--out", run).Code);
        Assert.Equal(0, CliRunner.Run("eval", "--run", run, "--episodes", "1").Code);
    }

    [Theory]
    [InlineData("""{ "learner": "ppo", "ppo": { "clipRange": 0 } }""", "schemes.p-x.ppo.clipRange")]
    [InlineData("""{ "learner": "ppo", "ppo": { "minibatchSize": 500 } }""", "schemes.p-x.ppo.minibatchSize")]
    [InlineData("""{ "learner": "ppo", "ppo": { "rollout": 5 } }""", "schemes.p-x.ppo.rollout")]
    [InlineData("""{ "ppo": { "epochs": 2 } }""", "schemes.p-x.ppo")]
    [InlineData("""{ "parameterSharing": "shared-with-agent-id" }""", "schemes.p-x.parameterSharing")]
    [InlineData("""{ "learner": "ppo", "decoderPowerRangeDecades": 13 }""", "schemes.p-x.decoderPowerRangeDecades")]
    [InlineData("""{ "learner": "ppo", "decoderPowerRangeDecades": 2 }""", "schemes.p-x.decoderPowerRangeDecades")]
    public void ABadPpoScheme_IsOneLineNamingThePath_AndWritesNothing(string scheme, string path)
    {
        string dir = CliRunner.TempDir();
        string config = Path.Combine(dir, "bad.json");
        File.WriteAllText(config, $$"""{ "network": { "sbsCount": 2, "uesPerCell": 2 }, "schemes": { "p-x": {{scheme}} } }""");
        string run = Path.Combine(dir, "run"), out2 = Path.Combine(dir, "repro");
        AssertBadInput(CliRunner.Run("train", "--scheme", "p-x", "--config", config, "--out", run), config, path);
        AssertBadInput(CliRunner.Run("reproduce", "--config", config, "--schemes", "p-x", "--episodes", "1", "--out", out2), path);
        Assert.False(Directory.Exists(run));
        Assert.False(Directory.Exists(out2));
    }

    [Theory]
    [InlineData("""{ "participation": 0 }""", "schemes.f-x.aggregation.participation")]
    [InlineData("""{ "periodEpisodes": 0 }""", "schemes.f-x.aggregation.periodEpisodes")]
    [InlineData("""{ "periodSlots": 0 }""", "schemes.f-x.aggregation.periodSlots")]
    [InlineData("""{ "quantization": "int2" }""", "schemes.f-x.aggregation.quantization")]
    [InlineData("""{ "topology": "gossip", "degree": 2 }""", "schemes.f-x.aggregation.degree")]
    public void ABadFederatedVariant_IsOneLineNamingThePath_AndWritesNothing(string aggregation, string path)
    {
        string dir = CliRunner.TempDir();
        string config = Path.Combine(dir, "bad.json");
        File.WriteAllText(config, $$"""{ "network": { "sbsCount": 2, "uesPerCell": 2 }, "schemes": { "f-x": { "aggregation": {{aggregation}} } } }""");
        string run = Path.Combine(dir, "run"), out2 = Path.Combine(dir, "repro");
        AssertBadInput(CliRunner.Run("train", "--scheme", "f-x", "--config", config, "--out", run), path);
        AssertBadInput(CliRunner.Run("reproduce", "--config", config, "--schemes", "f-x", "--episodes", "1", "--out", out2), path);
        Assert.False(Directory.Exists(run));
        Assert.False(Directory.Exists(out2));
    }

    [Fact]
    public void Reproduce_RunsLearningSchemesTheConfigDefines_BesideTheBuiltInOnes()
    {
        string dir = CliRunner.TempDir();
        string config = Path.Combine(dir, "variants.json");
        File.WriteAllText(config, Config.Replace("\"il-drl-co\": { \"reward\": \"cooperative\" }",
            "\"f-int8\": { \"aggregation\": { \"periodSlots\": 4, \"quantization\": \"int8\", \"participation\": 0.5 } }"));
        string output = Path.Combine(dir, "out");
        var run = CliRunner.Run("reproduce", "--config", config, "--schemes", "f-drl,f-int8,local", "--seeds", "1", "--episodes", "2", "--threads", "1", "--out", output);
        Assert.True(run.Code == 0, run.Err);
        JsonNode summary = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "summary.json")))!;
        Assert.Contains("f-int8", summary.ToJsonString());
        Assert.Contains("| f-int8 (`f-int8`) | 1 |", File.ReadAllText(Path.Combine(output, "summary.md")));
        // An id neither built in nor in the config is still one line naming --schemes.
        AssertBadInput(CliRunner.Run("reproduce", "--config", config, "--schemes", "f-drl,f-int4", "--out", Path.Combine(dir, "x")), "--schemes", "'f-int4'");
        Assert.False(Directory.Exists(Path.Combine(dir, "x")));
    }

    [Fact]
    public void AConfigSchemeCannotTakeAFixedPolicysId()
    {
        string dir = CliRunner.TempDir();
        string config = Path.Combine(dir, "bad.json");
        File.WriteAllText(config, """{ "schemes": { "heuristic": {} } }""");
        AssertBadInput(CliRunner.Run("train", "--scheme", "heuristic", "--config", config, "--out", Path.Combine(dir, "run")), "schemes.heuristic", "fixed");
    }
}
