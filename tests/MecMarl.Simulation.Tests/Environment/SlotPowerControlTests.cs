namespace MecMarl.Simulation.Tests;

public sealed class SlotPowerControlTests
{
    // A deadline whose 5% margin (the default of in-slot power control) leaves a target of exactly 1.1 s.
    private const double Deadline = 1.1 / 0.95;

    // Two cells (HandScenarios: N0 B = 1e-13 W, B = 10 MHz, C_bar = 50 GHz), one UE each on the one channel, own gain
    // 1e-10 (UE 1's given), cross gains 1e-11 both ways. Both offload the whole task (1e7 bits, 5e9 cycles: edge
    // delay 0.1 s, so 1 s to send at SINR 2^1 - 1 = 1) at 0.1 W with the whole MEC.
    private static (ScenarioLayout Layout, double[] Gains, UeTask[] Tasks, SlotDecisions Decisions) TwoCells(double ue1Gain = 1e-10)
    {
        ScenarioLayout l = HandScenarios.Layout(1, 1.0, 0, 1);
        double[] gains = HandScenarios.Gains(l, 1e-11);
        gains[l.GainIndex(0, 0, 0)] = 1e-10;
        gains[l.GainIndex(1, 1, 0)] = ue1Gain;
        UeTask[] tasks = [new(1e7, 5e9, Deadline), new(1e7, 5e9, Deadline)];
        var decisions = new SlotDecisions(2);
        decisions.Set(0, 1.0, 0, 0.1, 1.0);
        decisions.Set(1, 1.0, 0, 0.1, 1.0);
        return (l, gains, tasks, decisions);
    }

    private static void Run(int rounds, bool leaveOut, (ScenarioLayout Layout, double[] Gains, UeTask[] Tasks, SlotDecisions Decisions) s) =>
        new SlotPowerControl(s.Layout, new EnvironmentConfig { PowerControlRounds = rounds, PowerControlLeaveOut = leaveOut })
            .Apply(s.Layout, s.Gains, s.Tasks, s.Decisions);

    [Theory]
    // Round 1 against the interference of 0.1 W: p = 1 x (1e-13 + 0.1 x 1e-11) / 1e-10 = 1.1e-2 W.
    [InlineData(1, 1.1e-2)]
    // Round 2 against 1.1e-2 W: p = (1e-13 + 1.1e-13) / 1e-10 = 2.1e-3 W.
    [InlineData(2, 2.1e-3)]
    // The fixed point p = (1e-13 + 1e-11 p) / 1e-10, p = 1e-3 / 0.9 W.
    [InlineData(200, 1e-3 / 0.9)]
    public void EachRound_SetsTheLeastPowerAgainstTheInterferenceOfTheRoundBefore(int rounds, double expected)
    {
        var s = TwoCells();

        Run(rounds, false, s);

        TestSupport.AssertClose(expected, s.Decisions.PowerW[0], "UE 0", rel: 1e-9);
        TestSupport.AssertClose(expected, s.Decisions.PowerW[1], "UE 1", rel: 1e-9);
        Assert.Equal([0, 0], s.Decisions.Channel);
        Assert.Equal([1.0, 1.0], s.Decisions.Alpha);
    }

    [Fact]
    public void AtTheFixedPoint_EveryControlledUeMeetsItsTargetExactly()
    {
        // The slot evaluator (eqs. 1-11) agrees with the control's model: at the fixed point both UEs finish at
        // (1 - 0.05) T~ = 1.1 s.
        var s = TwoCells();
        Run(200, false, s);
        var result = new SlotResult(2, 2);

        new SlotEvaluator(s.Layout).Evaluate(s.Gains, s.Tasks, s.Decisions, result);

        TestSupport.AssertClose(1.1, result.Ues[0].DelayS, "UE 0 delay", rel: 1e-9);
        TestSupport.AssertClose(1.1, result.Ues[1].DelayS, "UE 1 delay", rel: 1e-9);
        Assert.True(result.Ues[0].Met && result.Ues[1].Met);
    }

    [Fact]
    public void AHopelessUe_IsCappedAtPMax_OrLeftOut_SoTheOtherNeedsLess()
    {
        // Given UE 1 with own gain 1e-14: it would need (1e-13 + I) / 1e-14 >= 10 W, beyond P_max.
        var capped = TwoCells(1e-14);
        Run(200, false, capped);
        // Without leave-out it transmits at P_max, and UE 0 pays for its interference: p0 = (1e-13 + P_max 1e-11) / 1e-10.
        Assert.Equal(HandScenarios.PMax, capped.Decisions.PowerW[1]);
        TestSupport.AssertClose((1e-13 + HandScenarios.PMax * 1e-11) / 1e-10, capped.Decisions.PowerW[0], "UE 0, capped neighbour", rel: 1e-9);

        // With leave-out cell 1 gives it up after the first round (1% of P_max), and UE 0 settles against that.
        var left = TwoCells(1e-14);
        Run(200, true, left);
        Assert.Equal(0.01 * HandScenarios.PMax, left.Decisions.PowerW[1]);
        TestSupport.AssertClose((1e-13 + 0.01 * HandScenarios.PMax * 1e-11) / 1e-10, left.Decisions.PowerW[0], "UE 0, neighbour left out", rel: 1e-9);
    }

    [Fact]
    public void UesThatCannotMeetTheDeadlineAtAnyPower_AndLocalUes_AreLeftAsDecided()
    {
        // Given UE 1 with a token MEC share (its edge delay alone, 5e9 / (0.001 x 5e10) = 100 s, misses), and then
        // computing locally.
        var s = TwoCells();
        s.Decisions.Set(1, 1.0, 0, 0.002, 0.001);
        Run(5, true, s);
        Assert.Equal(0.002, s.Decisions.PowerW[1]);

        var local = TwoCells();
        local.Decisions.SetLocal(1);
        Run(5, false, local);
        // UE 0 alone on its channel: the least power against noise, 1e-13 / 1e-10 W.
        TestSupport.AssertClose(1e-3, local.Decisions.PowerW[0], "UE 0 alone", rel: 1e-9);
        Assert.Equal(0.0, local.Decisions.Alpha[1]);
    }

    [Fact]
    public void InAnEnvironment_TheEvaluatedPowersAreTheControlledOnes_AndZeroRoundsChangeNothing()
    {
        SimulationConfig p = SimulationConfig.Paper;
        SimulationConfig dense = p with
        {
            Network = p.Network with { SbsCount = 4, UesPerCell = new EquatableArray<int>(4), AreaWidthM = 400, AreaHeightM = 400, MinSbsDistanceM = 100, CellRadiusM = 150 },
            Channel = p.Channel with { Channels = 4 },
            Environment = p.Environment with { SlotsPerEpisode = 4 },
        };
        SimulationConfig controlled = dense with { Environment = dense.Environment with { PowerControlRounds = 300 } };
        SimulationConfig zero = dense with { Environment = dense.Environment with { PowerControlRounds = 0 } };
        var plain = new MecEnvironment(dense, 3);
        var none = new MecEnvironment(zero, 3);
        var env = new MecEnvironment(controlled, 3);
        var policy = new HeuristicPolicy(env.Layout);
        var decisions = new SlotDecisions(env.Layout.UeCount);
        plain.Reset(7);
        none.Reset(7);
        env.Reset(7);
        int belowMax = 0;
        for (int slot = 0; slot < 4; slot++)
        {
            policy.Decide(env, decisions);
            StepResult a = plain.StepDecisions(decisions);
            double[] plainRewards = (double[])a.LocalRewards.Clone();
            Assert.Equal(plainRewards, none.StepDecisions(decisions).LocalRewards);
            StepResult r = env.StepDecisions(decisions);
            for (int u = 0; u < env.Layout.UeCount; u++)
            {
                // Every offloading UE the heuristic did not give up (a token share) and the control left below P_max
                // meets (1 - 0.05) of its deadline, to rounding.
                if (r.Decisions.Alpha[u] > 0 && r.Decisions.Share[u] > 0.01 && r.Decisions.PowerW[u] < env.Layout.Ues[u].MaxPowerW)
                {
                    belowMax++;
                    UeOutcome o = r.Result.Ues[u];
                    Assert.True(o.DelayS <= 0.95 * o.DeadlineS * (1 + 1e-6), $"slot {slot}, UE {u}: {o.DelayS} s against {o.DeadlineS} s");
                }
            }
        }
        Assert.True(belowMax > 0, "no UE under control below P_max");
    }
}
