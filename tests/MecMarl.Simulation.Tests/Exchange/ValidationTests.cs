namespace MecMarl.Simulation.Tests;

/// <summary>Every SPEC 4 error class, with its class and JSON path.</summary>
public sealed class ValidationTests
{
    // Cell 0: UEs 0 and 1; cell 1: UE 2; K = 2; P_max = 0.19953 W.
    private static readonly Scenario TwoSlots = HandScenarios.Scenario(HandScenarios.Layout(2, 1.0, 0, 0, 1), 2);

    private static string Ue(double alpha, string channel, double power, double share) =>
        FormattableString.Invariant($$"""{"alpha":{{alpha}},"channel":{{channel}},"powerW":{{power}},"share":{{share}}}""");

    private static readonly string Local = Ue(0, "null", 0, 0);

    private static string Decisions(params string[][] slots) =>
        """{"slots":[""" + string.Join(",", slots.Select(s => """{"ues":[""" + string.Join(",", s) + "]}")) + "]}";

    private static ExchangeFormatException Fail(string json)
    {
        string path = TestSupport.TempFile("decisions.json");
        File.WriteAllText(path, json);
        var ex = Assert.Throws<ExchangeFormatException>(() => DecisionsFile.Read(path, TwoSlots));
        Assert.StartsWith(path + ": ", ex.Message);
        return ex;
    }

    public static TheoryData<string, string, string> Violations() => new()
    {
        { Ue(1.5, "0", 0.1, 0.5), ErrorClasses.AlphaRange, "slots[0].ues[0].alpha" },
        { Ue(-0.1, "null", 0, 0), ErrorClasses.AlphaRange, "slots[0].ues[0].alpha" },
        { Ue(1, "0", 0.3, 0.5), ErrorClasses.PowerRange, "slots[0].ues[0].powerW" },
        { Ue(0, "null", -0.1, 0), ErrorClasses.PowerRange, "slots[0].ues[0].powerW" },
        { Ue(1, "0", 0.1, 1.5), ErrorClasses.ShareRange, "slots[0].ues[0].share" },
        { Ue(1, "2", 0.1, 0.5), ErrorClasses.ChannelRange, "slots[0].ues[0].channel" },
        { Ue(1, "-1", 0.1, 0.5), ErrorClasses.ChannelRange, "slots[0].ues[0].channel" },
        { Ue(1, "0.5", 0.1, 0.5), ErrorClasses.ChannelRange, "slots[0].ues[0].channel" },
        { Ue(0.5, "null", 0.1, 0.5), ErrorClasses.OffloadNeedsChannel, "slots[0].ues[0].channel" },
        { Ue(0.5, "1", 0, 0.5), ErrorClasses.OffloadNeedsPower, "slots[0].ues[0].powerW" },
        { Ue(0.5, "1", 0.1, 0), ErrorClasses.OffloadNeedsShare, "slots[0].ues[0].share" },
        { Ue(0, "1", 0, 0), ErrorClasses.LocalHasChannel, "slots[0].ues[0].channel" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void Given_a_UE_breaking_a_constraint_When_read_Then_its_class_and_path_are_reported(string ue0, string errorClass, string path)
    {
        ExchangeFormatException ex = Fail(Decisions([ue0, Local, Local], [Local, Local, Local]));
        Assert.Equal(errorClass, ex.ErrorClass);
        Assert.Equal(path, ex.JsonPath);
        Assert.Equal((0, 0, 0), (ex.Slot, ex.Cell, ex.Ue));
        Assert.Contains(errorClass, ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void Given_two_UEs_of_a_cell_on_one_channel_Then_channel_conflict_names_the_second_holder()
    {
        // UE 2 (cell 1) also uses channel 1: no conflict across cells.
        ExchangeFormatException ex = Fail(Decisions([Local, Local, Local],
            [Ue(1, "1", 0.1, 0.3), Ue(1, "1", 0.1, 0.3), Ue(1, "1", 0.1, 0.3)]));
        Assert.Equal(ErrorClasses.ChannelConflict, ex.ErrorClass);
        Assert.Equal("slots[1].ues[1].channel", ex.JsonPath);
        Assert.Equal((1, 0, 1), (ex.Slot, ex.Cell, ex.Ue));
    }

    [Fact]
    public void Given_shares_summing_over_one_Then_share_sum_names_the_UE_taking_the_running_sum_over()
    {
        // 0.6 + 0.5 = 1.1 > 1 at UE 1; a local UE's share counts too (C7).
        ExchangeFormatException ex = Fail(Decisions([Ue(0, "null", 0, 0.6), Ue(1, "0", 0.1, 0.5), Local], [Local, Local, Local]));
        Assert.Equal(ErrorClasses.ShareSum, ex.ErrorClass);
        Assert.Equal("slots[0].ues[1].share", ex.JsonPath);
        Assert.Equal((0, 0, 1), (ex.Slot, ex.Cell, ex.Ue));
    }

    [Fact]
    public void Given_shares_summing_to_one_plus_a_rounding_error_Then_they_pass()
    {
        var d = new SlotDecisions(3);
        d.Set(0, 1, 0, 0.1, 0.1);
        d.Set(1, 1, 1, 0.1, 0.9 + 5e-10);
        Assert.Null(DecisionValidator.FindFirst(TwoSlots.Layout, d, 0));
    }

    [Fact]
    public void Given_violations_in_several_slots_and_UEs_Then_the_first_in_slot_then_ues_order_is_reported()
    {
        ExchangeFormatException ex = Fail(Decisions([Local, Local, Ue(2, "0", 0.1, 0.5)], [Ue(2, "0", 0.1, 0.5), Local, Local]));
        Assert.Equal((0, 1, 2), (ex.Slot, ex.Cell, ex.Ue));
        Assert.Equal(ErrorClasses.AlphaRange, ex.ErrorClass);
    }

    [Theory]
    [InlineData("""{"slots":[{"ues":[]}]}""", "shape", "slots")]
    [InlineData("""{"slots":[{"ues":[{"alpha":0,"channel":null,"powerW":0,"share":0}]},{"ues":[]}]}""", "shape", "slots[0].ues")]
    [InlineData("""{"slots": [""", "format", "")]
    [InlineData("""{"slots":[{"ues":[{"alpha":NaN,"channel":null,"powerW":0,"share":0}]}]}""", "format", "")]
    [InlineData("""{"slots":[],"extra":1}""", "shape", "slots")]
    public void Given_a_malformed_decisions_file_Then_shape_or_format_is_reported(string json, string errorClass, string path)
    {
        ExchangeFormatException ex = Fail(json);
        Assert.Equal(errorClass, ex.ErrorClass);
        Assert.Equal(path, ex.JsonPath);
    }

    [Fact]
    public void Given_a_UE_missing_a_field_Then_format_names_the_field()
    {
        string ok = Ue(0, "null", 0, 0);
        ExchangeFormatException ex = Fail(Decisions([ok, ok, """{"alpha":0,"channel":null,"share":0}"""], [ok, ok, ok]));
        Assert.Equal(ErrorClasses.Format, ex.ErrorClass);
        Assert.Equal("slots[0].ues[2].powerW", ex.JsonPath);
    }

    [Fact]
    public void Given_a_decision_with_an_unknown_field_Then_format_names_it()
    {
        string ok = Ue(0, "null", 0, 0);
        ExchangeFormatException ex = Fail(Decisions([ok, """{"alpha":0,"channel":null,"powerW":0,"share":0,"note":1}""", ok], [ok, ok, ok]));
        Assert.Equal("slots[0].ues[1].note", ex.JsonPath);
    }

    private static ExchangeFormatException ScenarioFails(Func<string, string> edit)
    {
        string json = edit(ScenarioFile.ToJson(TwoSlots));
        return Assert.Throws<ExchangeFormatException>(() => ScenarioFile.Parse(json, "s.json"));
    }

    [Fact]
    public void Given_a_scenario_written_and_read_Then_every_number_round_trips_exactly()
    {
        Scenario s = ScenarioGenerator.Generate(SimulationConfig.Paper with
        {
            Network = SimulationConfig.Paper.Network with { SbsCount = 2, UesPerCell = new[] { 2, 3 } },
            Channel = SimulationConfig.Paper.Channel with { Channels = 3 },
        }, 5, 6, 2);
        Scenario back = ScenarioFile.Parse(ScenarioFile.ToJson(s));
        Assert.Equal(ScenarioFile.ToJson(s), ScenarioFile.ToJson(back));
        Assert.Equal(s.Slots[1].Gains, back.Slots[1].Gains);
        Assert.Equal(s.Slots[1].Tasks, back.Slots[1].Tasks);
        Assert.Equal(s.Layout.Ues, back.Layout.Ues);
    }

    [Fact]
    public void Given_a_gain_not_above_zero_Then_format_names_it()
    {
        ExchangeFormatException ex = ScenarioFails(j => ReplaceNth(j, "1E-12", "0", 5));
        Assert.Equal(ErrorClasses.Format, ex.ErrorClass);
        Assert.Equal("slots[0].gains[1][0][1]", ex.JsonPath);
    }

    [Fact]
    public void Given_a_cell_out_of_range_Then_format_names_it()
    {
        ExchangeFormatException ex = ScenarioFails(j => j.Replace("\"cell\":1", "\"cell\":2"));
        Assert.Equal("ues[2].cell", ex.JsonPath);
    }

    [Fact]
    public void Given_a_negative_penalty_clip_Then_format_names_it()
    {
        ExchangeFormatException ex = ScenarioFails(j => j.Replace("\"penaltyClipS\":1", "\"penaltyClipS\":-1"));
        Assert.Equal("penaltyClipS", ex.JsonPath);
    }

    [Fact]
    public void Given_a_null_penalty_clip_Then_the_scenario_is_unbounded()
    {
        Scenario s = ScenarioFile.Parse(ScenarioFile.ToJson(TwoSlots).Replace("\"penaltyClipS\":1", "\"penaltyClipS\":null"));
        Assert.Null(s.Layout.PenaltyClipS);
    }

    [Fact]
    public void Given_a_gain_row_of_the_wrong_length_Then_shape_names_it()
    {
        ExchangeFormatException ex = ScenarioFails(j => j.Replace("[1E-12,1E-12]]", "[1E-12]]"));
        Assert.Equal(ErrorClasses.Shape, ex.ErrorClass);
        Assert.Equal("slots[0].gains[0][1]", ex.JsonPath);
    }

    [Fact]
    public void Given_a_task_with_a_negative_value_Then_format_names_it()
    {
        ExchangeFormatException ex = ScenarioFails(j => ReplaceNth(j, "\"bits\":2000000", "\"bits\":-2", 1));
        Assert.Equal("slots[0].tasks[1].bits", ex.JsonPath);
    }

    private static string ReplaceNth(string s, string find, string with, int n)
    {
        int i = -1;
        for (int c = 0; c <= n; c++)
        {
            i = s.IndexOf(find, i + 1, StringComparison.Ordinal);
            Assert.True(i >= 0, $"occurrence {n} of {find}");
        }
        return s[..i] + with + s[(i + find.Length)..];
    }
}
