using System.Text.Json.Nodes;
using MecMarl.Simulation;

namespace MecMarl.Experiments.Tests;

public sealed class ConfigLayersTests
{
    private static string File(string dir, string name, string json)
    {
        string path = Path.Combine(dir, name);
        System.IO.File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void LaterFilesOverrideEarlierOnes_MemberByMember()
    {
        // Given a base file setting sbsCount 3 and channels 4, and an overlay setting channels 8 and the decoder.
        string dir = Tiny.TempDir();
        string a = File(dir, "a.json", """{ "network": { "sbsCount": 3, "uesPerCell": 2 }, "channel": { "channels": 4 } }""");
        string b = File(dir, "b.json", """{ "channel": { "channels": 8 }, "environment": { "decoder": "deadline-aware" } }""");

        // When both are layered, a before b.
        var layers = ConfigLayers.Of([a, b], null);
        ExperimentConfig c = layers.Resolve();

        // Then b wins where both speak, a's other values stay, the rest are the paper's.
        Assert.Equal(8, c.Simulation.Channel.Channels);
        Assert.Equal(3, c.Simulation.Network.SbsCount);
        Assert.Equal(2, c.Simulation.Network.UesPerCell[0]);
        Assert.Equal(DecoderKind.DeadlineAware, c.Simulation.Environment.Decoder);
        Assert.Equal(300, c.Training.Episodes);
        Assert.Equal(b, layers.SourceOf("channel.channels"));
        Assert.Equal(a, layers.SourceOf("network.sbsCount"));
        Assert.Equal(ConfigLayers.DefaultSource, layers.SourceOf("training.episodes"));
    }

    [Fact]
    public void Set_ParsesJsonValues_AndBareTextAsString()
    {
        var layers = ConfigLayers.Of(null, ["network.sbsCount=4", "network.uesPerCell=[1,2,3,4]", "environment.decoder=deadline-aware", "training.episodes=150", "network.redropEachEpisode=true"]);
        ExperimentConfig c = layers.Resolve();
        Assert.Equal(4, c.Simulation.Network.SbsCount);
        Assert.Equal([1, 2, 3, 4], c.Simulation.Network.UesPerCell.ToArray());
        Assert.Equal(DecoderKind.DeadlineAware, c.Simulation.Environment.Decoder);
        Assert.Equal(150, c.Training.Episodes);
        Assert.True(c.Simulation.Network.RedropEachEpisode);
    }

    [Fact]
    public void Set_AnArrayItem_ReplacesOnlyThatItem()
    {
        var layers = ConfigLayers.Of(null, ["network.sbsCount=3", "network.uesPerCell=[5,5,5]", "network.uesPerCell[1]=7"]);
        Assert.Equal([5, 7, 5], layers.Resolve().Simulation.Network.UesPerCell.ToArray());
        Assert.Equal("--set network.uesPerCell[1]=7", layers.SourceOf("network.uesPerCell"));
    }

    [Fact]
    public void OneFile_ReadsExactlyAsTheReaderDoes()
    {
        string dir = Tiny.TempDir();
        string a = File(dir, "tiny.json", Tiny.Json);
        Assert.Equal(ExperimentConfig.Load(a).ToJson(), ConfigLayers.Of([a], null).Resolve().ToJson());
        Assert.Equal(ExperimentConfig.Paper.ToJson(), ConfigLayers.Of(null, null).Resolve().ToJson());
        // The same file given twice, or merged with an empty one, changes nothing.
        string empty = File(dir, "empty.json", "{}");
        Assert.Equal(ExperimentConfig.Load(a).ToJson(), ConfigLayers.Of([a, empty, a], null).Resolve().ToJson());
    }

    [Theory]
    [InlineData("network.sbsCount=abc", "network.sbsCount", "expected a number")]
    [InlineData("network.sbsCount=2.5", "network.sbsCount", "expected an integer")]
    [InlineData("network.foo=1", "network.foo", "unknown field")]
    [InlineData("foo.bar=1", "foo", "unknown field")]
    [InlineData("environment.decoder=fancy", "environment.decoder", "unknown decoder")]
    [InlineData("network.sbsCount.x=1", "network.sbsCount", "expected a number, found an object")]
    [InlineData("training.actorHidden[3]=8", "training.actorHidden", "no array here")]
    public void Set_BadPathOrValue_IsAnErrorNamingTheOptionAndThePath(string assignment, string path, string problem)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLayers.Of(null, [assignment]).Resolve());
        Assert.Equal("--set " + assignment, e.File);
        Assert.Equal(path, e.JsonPath);
        Assert.Contains(problem, e.Problem);
    }

    [Fact]
    public void Set_BelowAValue_IsAnErrorNamingTheOption()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLayers.Of(null, ["network.sbsCount=3", "network.sbsCount.x=1"]));
        Assert.Equal("--set network.sbsCount.x=1", e.File);
        Assert.Equal("network.sbsCount", e.JsonPath);
        Assert.Contains("is a number, not an object", e.Problem);
    }

    [Theory]
    [InlineData("sbsCount")]
    [InlineData("=3")]
    [InlineData("a..b=3")]
    [InlineData("a.=3")]
    [InlineData("a[x]=3")]
    public void Set_MalformedAssignment_IsAnError(string assignment)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLayers.Of(null, [assignment]));
        Assert.Equal("--set " + assignment, e.File);
    }

    [Fact]
    public void AnErrorInAFile_NamesThatFile_WhenLayered()
    {
        string dir = Tiny.TempDir();
        string a = File(dir, "a.json", """{ "channel": { "channels": "many" } }""");
        var e = Assert.Throws<ConfigException>(() => ConfigLayers.Of([a], ["network.sbsCount=4"]).Resolve());
        Assert.Equal(a, e.File);
        Assert.Equal("channel.channels", e.JsonPath);

        // A later --set of the same path fixes it.
        Assert.Equal(16, ConfigLayers.Of([a], ["channel.channels=16"]).Resolve().Simulation.Channel.Channels);
    }

    [Fact]
    public void SourcesJson_HasEveryResolvedValue_WithItsLayer()
    {
        string dir = Tiny.TempDir();
        string a = File(dir, "a.json", """{ "network": { "sbsCount": 3, "uesPerCell": 2 } }""");
        var layers = ConfigLayers.Of([a], ["training.episodes=150"]);
        ExperimentConfig c = layers.Resolve();
        layers.Note("evaluation.seed", "--eval-seed");
        JsonNode root = JsonNode.Parse(layers.SourcesJson(c))!;
        JsonObject sources = root["sources"]!.AsObject();

        // One entry per value of config.json (counted independently from the resolved JSON: every leaf, at any depth,
        // an array being one value).
        static int Leaves(JsonNode? n) => n is JsonObject o ? o.Sum(p => Leaves(p.Value)) : 1;
        int leaves = Leaves(JsonNode.Parse(c.ToJson()));
        Assert.Equal(leaves, sources.Count);
        Assert.Equal(a, sources["network.sbsCount"]!.GetValue<string>());
        Assert.Equal("--set training.episodes=150", sources["training.episodes"]!.GetValue<string>());
        Assert.Equal("--eval-seed", sources["evaluation.seed"]!.GetValue<string>());
        Assert.Equal("default", sources["channel.channels"]!.GetValue<string>());
        Assert.Equal(["default", a, "--set training.episodes=150"], root["layers"]!.AsArray().Select(n => n!.GetValue<string>()));
    }
}
