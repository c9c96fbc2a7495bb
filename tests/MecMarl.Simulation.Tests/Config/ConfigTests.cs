namespace MecMarl.Simulation.Tests;

public sealed class ConfigTests
{
    private static ConfigException LoadError(string json)
    {
        string path = TestSupport.TempFile("config.json");
        File.WriteAllText(path, json);
        var ex = Assert.Throws<ConfigException>(() => SimulationConfig.Load(path));
        Assert.Equal(path, ex.File);
        Assert.StartsWith(path + ": ", ex.Message);
        return ex;
    }

    [Fact]
    public void Given_configs_paper_json_When_loaded_Then_it_equals_the_defaults()
    {
        // The preset also holds the training and evaluation sections of the experiment config;
        // the simulator reads its own sections.
        SimulationConfig config = SimulationConfig.ReadSections(JsonInput.Load(TestSupport.PaperConfigPath, SimulationConfig.ConfigError));
        Assert.Equal(SimulationConfig.Paper, config);
        Assert.Equal(new SimulationConfig(), config);
    }

    [Fact]
    public void Given_the_defaults_Then_they_are_the_SPEC_values_in_SI()
    {
        SimulationConfig c = SimulationConfig.Paper;
        Assert.Equal(6, c.Network.SbsCount);
        Assert.Equal(60, c.Network.TotalUes);
        Assert.Equal(16, c.Channel.Channels);
        Assert.Equal(1e7, c.Channel.BandwidthHz);
        // 10^(-17.4 - 3) W/Hz * 1e7 Hz = 10^-13.4 = 3.981e-14 W (SPEC 1).
        TestSupport.AssertClose(3.9810717055349565e-14, c.Channel.NoisePowerW, "N0*B", 1e-12);
        // 23 dBm = 10^-0.7 W = 0.19953 W, the value of the independent cases.
        Assert.Equal(0.19952623149688797, c.Channel.MaxPowerW[0]);
        Assert.Equal(1e9, c.Network.UeCpuHz[0]);
        Assert.Equal(5e10, c.Network.MecCpuHz[0]);
        TestSupport.AssertClose(1e-9, c.Network.UeJoulesPerCycle[0], "eps_n");
        TestSupport.AssertClose(1e-11, c.Network.MecJoulesPerCycle[0], "eps_bar_m");
        Assert.Equal(200 * 8192.0, c.Tasks.SizeMinBits);
        Assert.Equal(300 * 8192.0, c.Tasks.SizeMaxBits);
        Assert.Equal(1.0, c.Reward.PenaltyClipS);
        Assert.Equal(50, c.Environment.SlotsPerEpisode);
    }

    [Fact]
    public void Given_a_config_written_by_ToJson_When_parsed_Then_it_equals_the_original()
    {
        var config = SimulationConfig.Paper with
        {
            Network = SimulationConfig.Paper.Network with { UesPerCell = new[] { 3, 4 }, SbsCount = 2 },
            Reward = new RewardConfig { PenaltyClipS = null },
        };
        Assert.Equal(config, SimulationConfig.Parse(config.ToJson()));
    }

    [Fact]
    public void Given_a_partial_config_When_parsed_Then_missing_fields_take_defaults_and_lists_are_per_cell()
    {
        SimulationConfig c = SimulationConfig.Parse("""{"network":{"sbsCount":3,"uesPerCell":[2,5,1]},"reward":{"penaltyClipS":null}}""");
        Assert.Equal(8, c.Network.TotalUes);
        Assert.Equal(5, c.Network.UesInCell(1));
        Assert.Null(c.Reward.PenaltyClipS);
        Assert.Equal(16, c.Channel.Channels);
    }

    [Theory]
    [InlineData("""{"network":{"minSbsDistanceMeters":250}}""", "network.minSbsDistanceMeters", "unknown field")]
    [InlineData("""{"training":{}}""", "training", "unknown field")]
    [InlineData("""{"network":{"sbsCount":"six"}}""", "network.sbsCount", "expected a number")]
    [InlineData("""{"network":{"sbsCount":2.5}}""", "network.sbsCount", "integer")]
    [InlineData("""{"network":{"redropEachEpisode":1}}""", "network.redropEachEpisode", "true or false")]
    [InlineData("""{"network":{"uesPerCell":0}}""", "network.uesPerCell", "between 1 and 1000")]
    [InlineData("""{"network":{"uesPerCell":[10,10,0,10,10,10]}}""", "network.uesPerCell[2]", "between 1 and 1000")]
    [InlineData("""{"network":{"uesPerCell":[10,10]}}""", "network.uesPerCell", "list of")]
    [InlineData("""{"network":{"sbsCount":0}}""", "network.sbsCount", "between 1 and 1000")]
    [InlineData("""{"network":{"minSbsDistanceM":1200}}""", "network.minSbsDistanceM", "packing bound")]
    [InlineData("""{"network":{"minUeDistanceM":300}}""", "network.minUeDistanceM", "smaller than")]
    [InlineData("""{"network":{"ueCpuGhz":-1}}""", "network.ueCpuGhz", "between 1E-06 and 1000 GHz, found -1")]
    [InlineData("""{"channel":{"channels":0}}""", "channel.channels", "between 1 and 1024")]
    [InlineData("""{"channel":{"bandwidthMhz":0}}""", "channel.bandwidthMhz", "between 0.001 and 100000 MHz, found 0")]
    [InlineData("""{"tasks":{"sizeMinKb":400}}""", "tasks.sizeMinKb", "<= tasks.sizeMaxKb")]
    [InlineData("""{"tasks":{"cyclesPerBitMin":2000}}""", "tasks.cyclesPerBitMin", "<= tasks.cyclesPerBitMax")]
    [InlineData("""{"reward":{"penaltyClipS":-0.5}}""", "reward.penaltyClipS", "between 0 and 1000000 s, found -0.5")]
    [InlineData("""{"environment":{"slotsPerEpisode":0}}""", "environment.slotsPerEpisode", "between 1 and 1000000")]
    [InlineData("""{"environment":{"alphaMin":0}}""", "environment.alphaMin", "(0, 1]")]
    public void Given_an_invalid_field_When_loaded_Then_the_error_names_file_path_and_problem(string json, string path, string problem)
    {
        ConfigException ex = LoadError(json);
        Assert.Equal(path, ex.JsonPath);
        Assert.Contains(problem, ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void Given_malformed_json_When_loaded_Then_a_ConfigException_names_the_file()
    {
        ConfigException ex = LoadError("""{"network": {"sbsCount": 6,}""");
        Assert.Contains("malformed JSON", ex.Message);
    }

    [Fact]
    public void Given_a_missing_file_When_loaded_Then_a_ConfigException_is_thrown()
    {
        Assert.Throws<ConfigException>(() => SimulationConfig.Load(Path.Combine(Path.GetTempPath(), "no-such-mecmarl-config.json")));
    }

    [Fact]
    public void Given_SBSs_that_pass_the_packing_bound_but_cannot_be_placed_When_a_layout_is_drawn_Then_the_error_names_the_parameters()
    {
        // 7 points pairwise >= 500 m apart in a 1000 m square: the packing bound allows it
        // (7 * pi * 250^2 <= 1500^2 * pi / sqrt 12), but the best packing needs 0.536 km, so random
        // sequential placement never gets there.
        var config = SimulationConfig.Paper with
        {
            Network = SimulationConfig.Paper.Network with { SbsCount = 7, AreaWidthM = 1000, AreaHeightM = 1000, MinSbsDistanceM = 500 },
        };
        config.Validate();
        var ex = Assert.Throws<ConfigException>(() => LayoutGenerator.Generate(config, 1));
        Assert.Equal("network.minSbsDistanceM", ex.JsonPath);
        Assert.Contains("10000 draws", ex.Message);
        Assert.Contains("network.sbsCount = 7", ex.Message);
    }

    [Fact]
    public void Given_a_root_with_an_extra_section_When_a_layer_reads_it_through_ReadSections_Then_it_composes()
    {
        JsonInput root = JsonInput.Parse("""{"network":{"sbsCount":2},"training":{"episodes":3}}""", "x.json", SimulationConfig.ConfigError);
        SimulationConfig sim = SimulationConfig.ReadSections(root);
        JsonInput training = root.Required("training");
        int episodes = training.Required("episodes").Integer();
        training.EnsureAllRead();
        root.EnsureAllRead();
        Assert.Equal(2, sim.Network.SbsCount);
        Assert.Equal(3, episodes);
    }
}
