namespace MecMarl.Simulation.Tests;

public sealed class HeuristicDecoderTests
{
    // A deadline whose 5% margin leaves a target of exactly 1.1 s (HandScenarios: N0 B = 1e-13 W, B = 10 MHz).
    private const double Deadline = 1.1 / 0.95;

    private static HeuristicDecoder Decoder(ScenarioLayout l, double[] gains, UeTask[] tasks, double[] interference)
    {
        // The plain least power (power factor 1) with a 5% margin, so that the powers are those of HeuristicTests.
        var options = new HeuristicOptions { PowerFactor = 1, DeadlineMargin = 0.05 };
        var decoder = new HeuristicDecoder(l, new EnvironmentConfig { Decoder = DecoderKind.Heuristic, Heuristic = options });
        decoder.BeginSlot(gains, tasks, interference);
        return decoder;
    }

    [Fact]
    public void HalfEverywhere_DecodesToTheHeuristicsDecisions()
    {
        // Given two UEs, one hopeless (h = 1e-18), two channels with different measured interference.
        ScenarioLayout l = HandScenarios.Layout(2, 1.0, 0, 0);
        double[] gains = HandScenarios.Gains(l, 1e-10);
        gains[l.GainIndex(1, 0, 0)] = 1e-18;
        gains[l.GainIndex(1, 0, 1)] = 1e-18;
        UeTask[] tasks = [new(1e7, 5e9, Deadline), new(1e7, 5e9, Deadline)];
        double[] interference = [3e-13, 1e-13];
        var expected = new SlotDecisions(2);
        new HeuristicPolicy(l, new HeuristicOptions { PowerFactor = 1, DeadlineMargin = 0.05 }).Decide(gains, tasks, interference, expected);

        // When the action is 0.5 in every entry.
        var decisions = new SlotDecisions(2);
        Decoder(l, gains, tasks, interference).Decode(0, Enumerable.Repeat(0.5, 2 * 5).ToArray(), decisions);

        // Then the decisions are the heuristic's, to the bit.
        Assert.Equal(expected.Alpha, decisions.Alpha);
        Assert.Equal(expected.Channel, decisions.Channel);
        Assert.Equal(expected.PowerW, decisions.PowerW);
        Assert.Equal(expected.Share, decisions.Share);
    }

    [Fact]
    public void PowerEntry_ScalesTheLeastPowerByTenToTheDecadesTimesItsOffset()
    {
        // Given one UE whose least power is 4e-3 W (SINR 1 against 1e-13 + 3e-13 W, h = 1e-10; HeuristicTests).
        ScenarioLayout l = HandScenarios.Layout(1, 1.0, 0);
        double[] gains = HandScenarios.Gains(l, 1e-10);
        UeTask[] tasks = [new(1e7, 5e9, Deadline)];
        var decisions = new SlotDecisions(1);

        // When its power entry is 0.8 (one decade of range: factor 10^0.3).
        Decoder(l, gains, tasks, [3e-13]).Decode(0, [0.5, 0.8, 0.5, 0.5], decisions);

        // Then it sends at 4e-3 * 10^0.3 W, and alpha, channel and share are the heuristic's.
        TestSupport.AssertClose(4e-3 * Math.Pow(10, 0.3), decisions.PowerW[0], "power", rel: 1e-9);
        Assert.Equal(1.0, decisions.Alpha[0]);
        Assert.Equal(0, decisions.Channel[0]);
        Assert.Equal(1.0, decisions.Share[0]);
    }

    [Fact]
    public void LowAdmissionEntry_LeavesOutAUeTheHeuristicWouldSend()
    {
        // Given a UE whose least power is 4e-3 W, about 2% of P_max: admitted by the heuristic.
        ScenarioLayout l = HandScenarios.Layout(1, 1.0, 0);
        double[] gains = HandScenarios.Gains(l, 1e-10);
        UeTask[] tasks = [new(1e7, 5e9, Deadline)];
        var decisions = new SlotDecisions(1);

        // When its admission entry is 0 (limit P_max / 10^0.5 = 0.063 W) it is still admitted;
        Decoder(l, gains, tasks, [3e-13]).Decode(0, [0.0, 0.5, 0.5, 0.5], decisions);
        TestSupport.AssertClose(4e-3, decisions.PowerW[0], "admitted power", rel: 1e-9);

        // but against 100 times the interference (least power 0.3997 W > P_max) it is dropped at 1% of P_max, while
        // an admission entry of 1 (limit 10^0.5 P_max) sends it at P_max although the estimate says it will miss.
        Decoder(l, gains, tasks, [3.99e-11]).Decode(0, [0.0, 0.5, 0.5, 0.5], decisions);
        TestSupport.AssertClose(0.01 * HandScenarios.PMax, decisions.PowerW[0], "dropped power", rel: 1e-12);
        Decoder(l, gains, tasks, [3.99e-11]).Decode(0, [1.0, 0.5, 0.5, 0.5], decisions);
        TestSupport.AssertClose(HandScenarios.PMax, decisions.PowerW[0], "gambled power", rel: 1e-12);
    }

    [Fact]
    public void ScoreEntries_MoveAUeToAnotherChannel_AndBadActionsAreRefused()
    {
        // Given one UE with equal gains on two channels and less interference on channel 1.
        ScenarioLayout l = HandScenarios.Layout(2, 1.0, 0);
        double[] gains = HandScenarios.Gains(l, 1e-10);
        UeTask[] tasks = [new(1e7, 5e9, Deadline)];
        var decisions = new SlotDecisions(1);
        HeuristicDecoder decoder = Decoder(l, gains, tasks, [2e-13, 1e-13]);
        decoder.Decode(0, [0.5, 0.5, 0.5, 0.5, 0.5], decisions);
        Assert.Equal(1, decisions.Channel[0]);

        // When channel 0 scores 1 and channel 1 scores 0 (its energy cost, a few times higher at most, divided by
        // 10^0.5 against multiplied by 10^0.5), the UE takes channel 0.
        decoder.Decode(0, [0.5, 0.5, 0.5, 1.0, 0.0], decisions);
        Assert.Equal(0, decisions.Channel[0]);

        // And a NaN or an action of the wrong length is refused.
        Assert.Throws<ArgumentException>(() => decoder.Decode(0, [0.5, double.NaN, 0.5, 0.5, 0.5], decisions));
        Assert.Throws<ArgumentException>(() => decoder.Decode(0, [0.5, 0.5, 0.5], decisions));
    }
}
