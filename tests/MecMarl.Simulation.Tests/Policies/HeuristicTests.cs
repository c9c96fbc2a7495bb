namespace MecMarl.Simulation.Tests;

public sealed class HeuristicTests
{
    // HandScenarios: N0 B = 1e-13 W, B = 10 MHz, C_bar = 50 GHz, C_n = 1 GHz, P_max = 0.1995 W.
    private const double Noise = 1e-13;

    // A deadline whose 5% margin leaves a target of exactly 1.1 s.
    private const double Deadline = 1.1 / 0.95;

    // The least power with a 5% deadline margin (the defaults add margins tuned in docs/dense.md).
    private static readonly HeuristicOptions Least = new() { PowerFactor = 1, DeadlineMargin = 0.05 };

    [Fact]
    public void AloneOnAChannel_GetsTheLeastPowerAgainstTheMeasuredInterference()
    {
        // Given one UE (share 1, edge delay 5e9 / 5e10 = 0.1 s), target 1.1 s, so 1 s to send d = 1e7 bits
        // over B = 1e7 Hz: SINR 2^1 - 1 = 1. Measured interference 3e-13 W, h = 1e-10:
        // p = 1 * (1e-13 + 3e-13) / 1e-10 = 4e-3 W.
        ScenarioLayout l = HandScenarios.Layout(1, 1.0, 0);
        double[] gains = HandScenarios.Gains(l, 1e-10);
        UeTask[] tasks = [new(1e7, 5e9, Deadline)];
        var decisions = new SlotDecisions(1);

        new HeuristicPolicy(l, Least).Decide(gains, tasks, [3e-13], decisions);

        Assert.Equal(1.0, decisions.Alpha[0]);
        Assert.Equal(0, decisions.Channel[0]);
        Assert.Equal(1.0, decisions.Share[0]);
        TestSupport.AssertClose(4e-3, decisions.PowerW[0], "power", rel: 1e-9);

        // With a power factor of 4 the same UE sends at 16e-3 W.
        new HeuristicPolicy(l, Least with { PowerFactor = 4 }).Decide(gains, tasks, [3e-13], decisions);
        TestSupport.AssertClose(16e-3, decisions.PowerW[0], "boosted power", rel: 1e-9);
    }

    [Fact]
    public void UeThatCannotMeetItsDeadline_IsDropped_AndTheOtherGetsTheMecAndTheQuietChannel()
    {
        // Given UE 0 with h = 1e-10 and UE 1 with h = 1e-18 (hopeless: even partial offloading at
        // P_max cannot meet the deadline, and omega = 5e9 cycles is too much to finish locally),
        // channel 0 measured at 3e-13 W and channel 1 at 0.
        ScenarioLayout l = HandScenarios.Layout(2, 1.0, 0, 0);
        double[] gains = HandScenarios.Gains(l, 1e-10);
        gains[l.GainIndex(1, 0, 0)] = 1e-18;
        gains[l.GainIndex(1, 0, 1)] = 1e-18;
        UeTask[] tasks = [new(1e7, 5e9, Deadline), new(1e7, 5e9, Deadline)];
        var decisions = new SlotDecisions(2);

        new HeuristicPolicy(l, Least).Decide(gains, tasks, [3e-13, 0], decisions);

        // Then UE 1 is dropped: alpha 1 at 1% of P_max with a token share 0.001, on the channel left over.
        Assert.Equal(1.0, decisions.Alpha[1]);
        Assert.Equal(0, decisions.Channel[1]);
        TestSupport.AssertClose(0.01 * HandScenarios.PMax, decisions.PowerW[1], "dropped power", rel: 1e-12);
        TestSupport.AssertClose(0.001, decisions.Share[1], "dropped share", rel: 1e-12);
        // And UE 0 takes the quiet channel 1 with the rest of the MEC: share 0.999, edge delay
        // 5e9 / (0.999 * 5e10) s, and the least power against noise alone.
        Assert.Equal(1, decisions.Channel[0]);
        TestSupport.AssertClose(0.999, decisions.Share[0], "share", rel: 1e-12);
        double t = 1.1 - 5e9 / (0.999 * 5e10);
        TestSupport.AssertClose((Math.Pow(2, 1e7 / (1e7 * t)) - 1) * Noise / 1e-10, decisions.PowerW[0], "power", rel: 1e-9);

        // With hopeless UEs computing locally instead, UE 1 has no channel and UE 0 the whole MEC.
        new HeuristicPolicy(l, Least with { Hopeless = HopelessUeHandling.Local }).Decide(gains, tasks, [3e-13, 0], decisions);
        Assert.Equal(0.0, decisions.Alpha[1]);
        Assert.Equal(SlotDecisions.NoChannel, decisions.Channel[1]);
        Assert.Equal(1.0, decisions.Share[0]);
        Assert.Equal(1, decisions.Channel[0]);
    }

    [Fact]
    public void WeakChannel_OffloadsTheLargestFractionThatMeetsTheDeadline()
    {
        // Given SINR exactly 1 at P_max (rate B = 1e7 b/s), d = 2e7 bits, omega = 2e9 cycles:
        // the whole task would need 2 s + 0.04 s > 1.1 s. Offloading alpha takes alpha (2 + 0.04) s,
        // so alpha = 1.1 / 2.04; the local rest takes (1 - alpha) * 2 s = 0.92 s <= 1.1 s.
        ScenarioLayout l = HandScenarios.Layout(1, 1.0, 0);
        double interference = 3e-13;
        double[] gains = HandScenarios.Gains(l, (Noise + interference) / HandScenarios.PMax);
        UeTask[] tasks = [new(2e7, 2e9, Deadline)];
        var decisions = new SlotDecisions(1);

        new HeuristicPolicy(l, Least).Decide(gains, tasks, [interference], decisions);

        TestSupport.AssertClose(1.1 / 2.04, decisions.Alpha[0], "alpha", rel: 1e-9);
        Assert.Equal(HandScenarios.PMax, decisions.PowerW[0]);
        Assert.Equal(1.0, decisions.Share[0]);

        // Without partial offloading the UE is hopeless and dropped.
        new HeuristicPolicy(l, Least with { PartialOffloading = false }).Decide(gains, tasks, [interference], decisions);
        Assert.Equal(1.0, decisions.Alpha[0]);
        TestSupport.AssertClose(0.01 * HandScenarios.PMax, decisions.PowerW[0], "dropped power", rel: 1e-12);
    }

    [Fact]
    public void ChannelsAreMatchedForTheLeastTotalEnergy()
    {
        // Given two UEs and two channels with equal measured interference, the least power of a pair
        // is proportional to 1 / h: in units of UE 0's power on channel 0, UE 0 costs [1, 2] and UE 1
        // [3, 100]. Taking the cheapest pair first (UE 0 on channel 0) would leave UE 1 on channel 1
        // (101, beyond P_max); the matching gives UE 0 channel 1 and UE 1 channel 0 (5).
        ScenarioLayout l = HandScenarios.Layout(2, 1.0, 0, 0);
        double[] gains = HandScenarios.Gains(l);
        gains[l.GainIndex(0, 0, 0)] = 1e-10;
        gains[l.GainIndex(0, 0, 1)] = 1e-10 / 2;
        gains[l.GainIndex(1, 0, 0)] = 1e-10 / 3;
        gains[l.GainIndex(1, 0, 1)] = 1e-10 / 100;
        UeTask[] tasks = [new(1e7, 5e9, Deadline), new(1e7, 5e9, Deadline)];
        var decisions = new SlotDecisions(2);

        new HeuristicPolicy(l, Least).Decide(gains, tasks, [1e-13, 1e-13], decisions);

        Assert.Equal(1, decisions.Channel[0]);
        Assert.Equal(0, decisions.Channel[1]);
    }

    [Fact]
    public void ChannelPersistence_KeepsThePreviousChannel_WhileItCostsLessThanTheFactorTimesTheCheapest()
    {
        // Given one UE with h = 1e-10 on both channels, channel 0 measured at 3e-13 W and channel 1 at 0: the least
        // powers are 4e-3 W and 1e-3 W for 1 s, plus 5e9 cycles x 1e-11 J at the edge, so the plans cost 0.054 J and
        // 0.051 J, a ratio of 1.0588.
        ScenarioLayout l = HandScenarios.Layout(2, 1.0, 0);
        double[] gains = HandScenarios.Gains(l, 1e-10);
        UeTask[] tasks = [new(1e7, 5e9, Deadline)];
        double[] measured = [3e-13, 0];
        var decisions = new SlotDecisions(1);
        int Channel(double persistence, int previous)
        {
            new HeuristicPolicy(l, Least with { ChannelPersistence = persistence }).Decide(gains, tasks, measured, decisions, [previous]);
            return decisions.Channel[0];
        }

        // Then without persistence, or without a previous channel, the UE takes the cheaper channel 1.
        Assert.Equal(1, Channel(1, 0));
        Assert.Equal(1, Channel(1000, -1));
        // And having used channel 0, it stays there when the factor exceeds the cost ratio, and leaves below it.
        Assert.Equal(0, Channel(1.07, 0));
        Assert.Equal(1, Channel(1.05, 0));
        // And the factor changes the choice of channel, not the plan: channel 0's least power, 4e-3 W.
        Channel(1.07, 0);
        TestSupport.AssertClose(4e-3, decisions.PowerW[0], "power on the kept channel", rel: 1e-9);
    }

    [Fact]
    public void ChannelPersistence_InAnEnvironment_ReadsTheChannelsOfThePreviousSlot()
    {
        // Given a heuristic that keeps every UE on its previous channel whenever it can, in a small dense network.
        MecEnvironment env = DenseEnvironment(slots: 8);
        var keep = new HeuristicPolicy(env.Layout, new HeuristicOptions { ChannelPersistence = 1e6 });
        var decisions = new SlotDecisions(env.Layout.UeCount);
        var previous = new int[env.Layout.UeCount];
        env.Reset(9);
        Assert.All(env.PreviousChannels.ToArray(), c => Assert.Equal(-1, c));
        int kept = 0, feasibleBefore = 0;
        for (int slot = 0; slot < 8; slot++)
        {
            keep.Decide(env, decisions);
            if (slot > 0)
            {
                for (int u = 0; u < env.Layout.UeCount; u++)
                {
                    // A UE that transmitted in the previous slot and transmits again keeps its channel under a huge factor
                    // unless its plan there is not feasible (then it is dropped there or moved).
                    if (previous[u] >= 0 && decisions.Alpha[u] > 0)
                    {
                        feasibleBefore++;
                        kept += decisions.Channel[u] == previous[u] ? 1 : 0;
                    }
                }
            }
            env.StepDecisions(decisions);
            // Then the environment records each UE's channel of the slot just evaluated (-1 when computed locally).
            for (int u = 0; u < env.Layout.UeCount; u++)
            {
                Assert.Equal(decisions.Alpha[u] > 0 ? decisions.Channel[u] : -1, env.PreviousChannels[u]);
            }
            env.PreviousChannels.CopyTo(previous);
        }
        Assert.True(kept > feasibleBefore / 2, $"{kept} of {feasibleBefore} UEs kept their channel");

        // And a reset forgets them.
        env.Reset(10);
        Assert.All(env.PreviousChannels.ToArray(), c => Assert.Equal(-1, c));
    }

    [Fact]
    public void ACellsDecisions_DependOnlyOnWhatItsAgentObserves()
    {
        // Given two cells, changing everything cell 1's agent observes (its UEs' gains and tasks, its
        // SBS's interference) and every cross-cell gain leaves cell 0's decisions unchanged.
        ScenarioLayout l = HandScenarios.Layout(3, 1.0, 0, 0, 1, 1);
        var rng = new MecMarl.Randomness.Rng(3, 1);
        double[] gains = [.. Enumerable.Range(0, l.GainCount).Select(_ => 1e-12 * (0.1 + 10 * rng.NextDouble()))];
        UeTask[] tasks = [.. Enumerable.Range(0, 4).Select(_ => new UeTask(2e6 + 1e6 * rng.NextDouble(), 2e9, 1.8))];
        double[] interference = [.. Enumerable.Range(0, 6).Select(_ => 1e-13 * rng.NextDouble())];
        var policy = new HeuristicPolicy(l);
        var before = new SlotDecisions(4);
        policy.Decide(gains, tasks, interference, before);

        double[] gains2 = (double[])gains.Clone();
        for (int u = 0; u < 4; u++)
        {
            for (int m = 0; m < 2; m++)
            {
                if (l.Ues[u].Cell != 0 || m != 0)
                {
                    for (int c = 0; c < 3; c++)
                    {
                        gains2[l.GainIndex(u, m, c)] *= 7.5;
                    }
                }
            }
        }
        UeTask[] tasks2 = [tasks[0], tasks[1], new(9e6, 9e9, 0.5), new(1e5, 1e8, 3)];
        double[] interference2 = [interference[0], interference[1], interference[2], 1e-9, 0, 5e-11];
        var after = new SlotDecisions(4);
        policy.Decide(gains2, tasks2, interference2, after);

        for (int u = 0; u < 2; u++)
        {
            Assert.Equal(before.Alpha[u], after.Alpha[u]);
            Assert.Equal(before.Channel[u], after.Channel[u]);
            Assert.Equal(before.PowerW[u], after.PowerW[u]);
            Assert.Equal(before.Share[u], after.Share[u]);
        }
        Assert.True(before.PowerW[2] != after.PowerW[2] || before.Channel[2] != after.Channel[2], "cell 1 should react to its own change");
    }

    [Fact]
    public void InAnEnvironment_DecisionsAreValid_AndTheFirstSlotUsesFullPower()
    {
        MecEnvironment env = DenseEnvironment(slots: 5);
        var policy = new HeuristicPolicy(env.Layout, new HeuristicOptions { PowerFactor = 4 });
        var decisions = new SlotDecisions(env.Layout.UeCount);
        env.Reset(9);
        for (int slot = 0; slot < 5; slot++)
        {
            policy.Decide(env, decisions);
            int offloading = 0;
            for (int u = 0; u < env.Layout.UeCount; u++)
            {
                if (decisions.Alpha[u] > 0)
                {
                    offloading++;
                    if (slot == 0 && decisions.PowerW[u] > 0.01 * HandScenarios.PMax)
                    {
                        // No measurement yet: full power.
                        Assert.Equal(env.Layout.Ues[u].MaxPowerW, decisions.PowerW[u]);
                    }
                }
            }
            // 6 UEs on 4 channels: at most 4 per cell offload.
            Assert.True(offloading <= 16);
            env.StepDecisions(decisions); // throws on any SPEC 4 violation
        }
    }

    // 4 SBSs of 6 UEs on 4 channels in 600 x 600 m (the paper preset otherwise), layout seed 2.
    private static MecEnvironment DenseEnvironment(int slots)
    {
        SimulationConfig p = SimulationConfig.Paper;
        var config = p with
        {
            Network = p.Network with { SbsCount = 4, UesPerCell = new EquatableArray<int>(6), AreaWidthM = 600, AreaHeightM = 600, MinSbsDistanceM = 100, CellRadiusM = 150 },
            Channel = p.Channel with { Channels = 4 },
            Environment = p.Environment with { SlotsPerEpisode = slots },
        };
        return new MecEnvironment(config, 2);
    }
}
