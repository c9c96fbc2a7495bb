namespace MecMarl.Simulation.Tests;

public sealed class YardstickTests
{
    private static MecEnvironment Env(int sbs, int[] ues, int channels, ulong seed = 5)
    {
        SimulationConfig p = SimulationConfig.Paper;
        var config = p with
        {
            Network = p.Network with { SbsCount = sbs, UesPerCell = ues },
            Channel = p.Channel with { Channels = channels },
            Environment = p.Environment with { SlotsPerEpisode = 4 },
        };
        return new MecEnvironment(config, seed);
    }

    [Fact]
    public void SingleUe_GetsTheLeastPowerThatMeetsItsDeadlineWithTheMargin()
    {
        // Given one UE alone on one channel (no interference), share f = 1 and alpha = 1, the target
        // transmission time is t = 0.95 T~ - omega / C_bar, so the rate must be d / t and
        // p = (2^(d / (B t)) - 1) N0 B / h (eq. 2 solved for p).
        var env = Env(1, [1], 1);
        env.Reset(11);
        var yardstick = new YardstickPolicy(env.Layout);
        var decisions = new SlotDecisions(1);
        yardstick.Decide(env, decisions);

        UeTask task = env.CurrentTasks[0];
        double h = env.CurrentGains[env.Layout.GainIndex(0, 0, 0)];
        double t = 0.95 * task.DeadlineS - task.Cycles / 50e9;
        double noise = 3.981071705534973e-14; // -174 dBm/Hz * 10 MHz
        double expected = (Math.Pow(2, task.Bits / (1e7 * t)) - 1) * noise / h;
        Assert.Equal(1.0, decisions.Alpha[0]);
        Assert.Equal(0, decisions.Channel[0]);
        Assert.Equal(1.0, decisions.Share[0]);
        TestSupport.AssertClose(Math.Min(expected, 0.19952623149688797), decisions.PowerW[0], "power", rel: 1e-6);

        StepResult r = env.StepDecisions(decisions);
        if (expected < 0.1995)
        {
            // Then the completion delay is exactly the target 0.95 T~.
            TestSupport.AssertClose(0.95 * task.DeadlineS, r.Result.Ues[0].DelayS, "delay", rel: 1e-6);
        }
    }

    [Fact]
    public void PaperScenario_PowersSolveTheJointFixedPoint()
    {
        // Given the paper scenario, every UE whose power is below P_max finishes exactly at its
        // target (1 - margin) T~ although other cells interfere: the powers are a joint solution.
        var env = Env(6, [10], 16);
        var yardstick = new YardstickPolicy(env.Layout);
        var decisions = new SlotDecisions(env.Layout.UeCount);
        env.Reset(3);
        int checkedUes = 0;
        for (int slot = 0; slot < 4; slot++)
        {
            UeTask[] tasks = env.CurrentTasks.ToArray();
            yardstick.Decide(env, decisions);
            StepResult r = env.StepDecisions(decisions); // validates: throws on any SPEC 4 violation
            for (int u = 0; u < env.Layout.UeCount; u++)
            {
                Assert.Equal(1.0, decisions.Alpha[u]);
                if (decisions.PowerW[u] < env.Layout.Ues[u].MaxPowerW * (1 - 1e-9))
                {
                    TestSupport.AssertClose(0.95 * tasks[u].DeadlineS, r.Result.Ues[u].DelayS, $"slot {slot} UE {u} delay", rel: 1e-6);
                    Assert.True(r.Result.Ues[u].Met);
                    checkedUes++;
                }
            }
        }
        Assert.True(checkedUes > 200, $"only {checkedUes} uncapped UEs");
    }

    [Fact]
    public void MoreUesThanChannels_TheStrongestGetChannels_TheRestComputeLocally()
    {
        var env = Env(1, [6], 4);
        env.Reset(2);
        var decisions = new SlotDecisions(6);
        new YardstickPolicy(env.Layout).Decide(env, decisions);
        Assert.Equal(4, decisions.Channel.Count(c => c != SlotDecisions.NoChannel));
        Assert.Equal(2, decisions.Alpha.Count(a => a == 0));
        // The best (UE, channel) gain of the cell is always taken first.
        ReadOnlySpan<double> g = env.CurrentGains;
        (int bestUe, int bestCh, double best) = (0, 0, 0.0);
        for (int u = 0; u < 6; u++)
        {
            for (int c = 0; c < 4; c++)
            {
                if (g[env.Layout.GainIndex(u, 0, c)] > best)
                {
                    (bestUe, bestCh, best) = (u, c, g[env.Layout.GainIndex(u, 0, c)]);
                }
            }
        }
        Assert.Equal(bestCh, decisions.Channel[bestUe]);
        // Shares proportional to cycles among the offloading UEs, summing to 1.
        Assert.Equal(1.0, decisions.Share.Sum(), 12);
    }

    [Fact]
    public void AskingForGains_DoesNotChangeTheEpisode()
    {
        // Given two environments on the same seeds, one consulted by the yardstick before each step,
        // both produce the same observations when driven by the same decisions.
        var a = Env(2, [3], 4);
        var b = Env(2, [3], 4);
        a.Reset(9);
        b.Reset(9);
        var yardstick = new YardstickPolicy(a.Layout);
        var decisions = new SlotDecisions(6);
        for (int slot = 0; slot < 4; slot++)
        {
            yardstick.Decide(a, decisions);
            var ra = a.StepDecisions(decisions);
            var rb = b.StepDecisions(decisions);
            Assert.Equal(rb.SystemReward, ra.SystemReward);
            Assert.Equal(rb.Observations[1], ra.Observations[1]);
        }
    }

    [Fact]
    public void LargeScaleCrossGains_PowersSolveTheTwoCellSystemWithMeanCrossGains()
    {
        // Given two cells of one UE each on one channel, yardstick-local's powers solve
        // p_i = gamma_i (N0 B + p_j gbar_j->i) / h_i with gbar the large-scale (mean) cross gains, in closed form:
        // p_0 = (a_0 + b_0 a_1) / (1 - b_0 b_1), p_1 = a_1 + b_1 p_0, a_i = gamma_i N0 B / h_i, b_i = gamma_i gbar_j->i / h_i.
        var env = Env(2, [1], 1);
        var local = new YardstickPolicy(env.Layout, new YardstickOptions { LargeScaleCrossGains = true });
        var full = new YardstickPolicy(env.Layout);
        var decisions = new SlotDecisions(2);
        var fullDecisions = new SlotDecisions(2);
        double noise = 3.981071705534973e-14;
        int checkedSlots = 0, differing = 0;
        env.Reset(21);
        for (int slot = 0; slot < 4; slot++)
        {
            local.Decide(env, decisions);
            full.Decide(env, fullDecisions);
            ScenarioLayout l = env.Layout;
            var a = new double[2];
            var b = new double[2];
            for (int u = 0; u < 2; u++)
            {
                int own = l.Ues[u].Cell, other = 1 - u;
                UeTask t = env.CurrentTasks[u];
                double time = 0.95 * t.DeadlineS - t.Cycles / 50e9;
                double gamma = Math.Pow(2, t.Bits / (1e7 * time)) - 1;
                double h = env.CurrentGains[l.GainIndex(u, own, 0)];
                a[u] = gamma * noise / h;
                b[u] = gamma * env.MeanGains[other * l.SbsCount + own] / h;
            }
            double p0 = (a[0] + b[0] * a[1]) / (1 - b[0] * b[1]);
            double p1 = a[1] + b[1] * p0;
            if (p0 < 0.19 && p1 < 0.19)
            {
                TestSupport.AssertClose(p0, decisions.PowerW[0], $"slot {slot} p0", rel: 1e-6);
                TestSupport.AssertClose(p1, decisions.PowerW[1], $"slot {slot} p1", rel: 1e-6);
                checkedSlots++;
            }
            if (decisions.PowerW[0] != fullDecisions.PowerW[0])
            {
                differing++;
            }
            env.StepDecisions(decisions);
        }
        Assert.True(checkedSlots > 0, "no uncapped slot");
        Assert.True(differing > 0, "the instantaneous yardstick should differ");
    }

    [Fact]
    public void LeaveOutInfeasible_EveryUeLeftInMeetsItsDeadlineAndTheOthersAreGivenUp()
    {
        // Given a dense full-reuse network (9 cells of 6 UEs on 6 channels in 500 x 500 m) where the plain
        // yardstick sends some UEs at P_max, leaving the infeasible ones out lets the fixed point
        // converge with exact gains: every UE left in is below P_max and meets its deadline, and every
        // UE left out is given up at 1% of P_max with a 0.1% share.
        SimulationConfig p = SimulationConfig.Paper;
        var env = new MecEnvironment(p with
        {
            Network = p.Network with { SbsCount = 9, UesPerCell = new(6), AreaWidthM = 500, AreaHeightM = 500, CellRadiusM = 120, MinSbsDistanceM = 60 },
            Channel = p.Channel with { Channels = 6 },
            Tasks = p.Tasks with { DeadlineFactor = 0.6 },
            Environment = p.Environment with { SlotsPerEpisode = 4 },
        }, 7);
        var plain = new YardstickPolicy(env.Layout);
        var leave = new YardstickPolicy(env.Layout, new YardstickOptions { LeaveOutInfeasible = true });
        var plainDecisions = new SlotDecisions(env.Layout.UeCount);
        var decisions = new SlotDecisions(env.Layout.UeCount);
        env.Reset(5);
        int leftOut = 0, leftIn = 0, plainAtMax = 0;
        for (int slot = 0; slot < 4; slot++)
        {
            plain.Decide(env, plainDecisions);
            leave.Decide(env, decisions);
            StepResult r = env.StepDecisions(decisions);
            for (int u = 0; u < env.Layout.UeCount; u++)
            {
                double pMax = env.Layout.Ues[u].MaxPowerW;
                if (plainDecisions.PowerW[u] >= pMax)
                {
                    plainAtMax++;
                }
                if (decisions.Share[u] == YardstickOptions.LeftOutShare)
                {
                    Assert.Equal(YardstickOptions.LeftOutPowerFraction * pMax, decisions.PowerW[u], 12);
                    leftOut++;
                }
                else
                {
                    Assert.True(decisions.PowerW[u] < pMax, $"slot {slot} UE {u}: power at P_max");
                    Assert.True(r.Result.Ues[u].Met, $"slot {slot} UE {u}: left in but missed its deadline");
                    leftIn++;
                }
            }
        }
        Assert.True(plainAtMax > 0, "the scenario should push the plain yardstick to P_max");
        Assert.True(leftOut > 0 && leftIn > leftOut, $"left out {leftOut}, left in {leftIn}");
    }

    [Fact]
    public void CrossGainMargin_ScalesTheMeanCrossGainsOfYardstickLocal()
    {
        // Given two cells of one UE each on one channel, a margin kappa solves the fixed point of the
        // two-cell system with kappa times the mean cross gains: the closed form of the test above with b_i scaled.
        var env = Env(2, [1], 1);
        const double kappa = 3;
        var local = new YardstickPolicy(env.Layout, new YardstickOptions { LargeScaleCrossGains = true, CrossGainMargin = kappa });
        var decisions = new SlotDecisions(2);
        double noise = 3.981071705534973e-14;
        int checkedSlots = 0;
        env.Reset(21);
        for (int slot = 0; slot < 4; slot++)
        {
            local.Decide(env, decisions);
            ScenarioLayout l = env.Layout;
            var a = new double[2];
            var b = new double[2];
            for (int u = 0; u < 2; u++)
            {
                int own = l.Ues[u].Cell, other = 1 - u;
                UeTask t = env.CurrentTasks[u];
                double gamma = Math.Pow(2, t.Bits / (1e7 * (0.95 * t.DeadlineS - t.Cycles / 50e9))) - 1;
                double h = env.CurrentGains[l.GainIndex(u, own, 0)];
                a[u] = gamma * noise / h;
                b[u] = gamma * kappa * env.MeanGains[other * l.SbsCount + own] / h;
            }
            double p0 = (a[0] + b[0] * a[1]) / (1 - b[0] * b[1]);
            double p1 = a[1] + b[1] * p0;
            if (p0 > 0 && p1 > 0 && p0 < 0.19 && p1 < 0.19)
            {
                TestSupport.AssertClose(p0, decisions.PowerW[0], $"slot {slot} p0", rel: 1e-6);
                TestSupport.AssertClose(p1, decisions.PowerW[1], $"slot {slot} p1", rel: 1e-6);
                checkedSlots++;
            }
            env.StepDecisions(decisions);
        }
        Assert.True(checkedSlots > 0, "no uncapped slot");
    }

    [Fact]
    public void BadOptions_AreRejected()
    {
        var env = Env(1, [1], 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => new YardstickPolicy(env.Layout, new YardstickOptions { CrossGainMargin = 0.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new YardstickPolicy(env.Layout, new YardstickOptions { CrossGainMargin = double.PositiveInfinity }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new YardstickPolicy(env.Layout, new YardstickOptions { DeadlineMargin = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new YardstickPolicy(env.Layout, new YardstickOptions { MaxIterations = 0 }));
    }
}
