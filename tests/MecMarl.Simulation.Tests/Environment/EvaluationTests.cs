using MecMarl.Randomness;

namespace MecMarl.Simulation.Tests;

/// <summary>Eqs. 1-13 and the dropped-task rule against values worked out by hand (SPEC 5-6).</summary>
public sealed class EvaluationTests
{
    // Two cells, one UE each, one channel; N0*B = 1e-13 W.
    //   UE0 (cell 0): alpha 0.5, p 0.1 W, f 1;   task 2e6 bits, 1e9 cycles, deadline 0.9 s
    //   UE1 (cell 1): alpha 1,   p 0.1 W, f 0.5; task 4e6 bits, 2e9 cycles, deadline 1.8 s
    //   G[0,0] = 3e-12, G[0,1] = 5e-13, G[1,1] = 4.5e-12, G[1,0] = 2e-12.
    private static (SlotResult Result, SlotEvaluator Evaluator) TwoCells()
    {
        ScenarioLayout l = HandScenarios.Layout(1, 1.0, 0, 1);
        var g = new double[l.GainCount];
        g[l.GainIndex(0, 0, 0)] = 3e-12;
        g[l.GainIndex(0, 1, 0)] = 5e-13;
        g[l.GainIndex(1, 1, 0)] = 4.5e-12;
        g[l.GainIndex(1, 0, 0)] = 2e-12;
        UeTask[] tasks = [new(2e6, 1e9, 0.9), new(4e6, 2e9, 1.8)];
        var d = new SlotDecisions(2);
        d.Set(0, 0.5, 0, 0.1, 1.0);
        d.Set(1, 1.0, 0, 0.1, 0.5);
        Assert.Null(DecisionValidator.FindFirst(l, d, 0));
        var ev = new SlotEvaluator(l);
        var r = new SlotResult(2, 2);
        ev.Evaluate(g, tasks, d, r);
        return (r, ev);
    }

    [Fact]
    public void Eq1_interference_is_the_power_weighted_cross_gain_of_other_cells()
    {
        var (r, ev) = TwoCells();
        // I(0) = p1 * G[1,0] = 0.1 * 2e-12 = 2e-13; I(1) = p0 * G[0,1] = 0.1 * 5e-13 = 5e-14.
        TestSupport.AssertClose(2e-13, r.Ues[0].InterferenceW, "I at SBS 0");
        TestSupport.AssertClose(5e-14, r.Ues[1].InterferenceW, "I at SBS 1");
        TestSupport.AssertClose(2e-13, ev.InterferenceW[0], "I[0](0)");
        TestSupport.AssertClose(5e-14, ev.InterferenceW[1], "I[0](1)");
    }

    [Fact]
    public void Eq2_rate_is_B_log2_of_one_plus_SINR()
    {
        var (r, _) = TwoCells();
        // UE0: SINR = 0.1*3e-12 / (1e-13 + 2e-13) = 1 -> 1e7 * log2(2) = 1e7 bit/s.
        // UE1: SINR = 0.1*4.5e-12 / (1e-13 + 5e-14) = 3 -> 1e7 * log2(4) = 2e7 bit/s.
        TestSupport.AssertClose(1e7, r.Ues[0].RateBps, "U0");
        TestSupport.AssertClose(2e7, r.Ues[1].RateBps, "U1");
    }

    [Fact]
    public void Eq2_rate_keeps_its_precision_at_tiny_SINR()
    {
        // log2(1 + x) ~ x / ln 2 for x = 1e-12: 1e7 * 1e-12 / ln 2 = 1.4426950408889634e-5 bit/s.
        double x = 1e-12;
        TestSupport.AssertClose(1e7 * x / Math.Log(2.0) * (1 - x / 2), 1e7 * SlotEvaluator.LogOnePlus(x) / Math.Log(2.0), "rate", 1e-14);
    }

    [Fact]
    public void Eqs3_4_local_delay_and_energy_scale_with_one_minus_alpha()
    {
        var (r, _) = TwoCells();
        // UE0: (1 - 0.5) * 1e9 / 1e9 = 0.5 s; 0.5 * 1e9 * 1e-9 = 0.5 J. UE1 (alpha 1): 0.
        TestSupport.AssertClose(0.5, r.Ues[0].LocalDelayS, "LocT0");
        TestSupport.AssertClose(0.5, r.Ues[0].LocalEnergyJ, "LocE0");
        Assert.Equal(0.0, r.Ues[1].LocalDelayS);
        Assert.Equal(0.0, r.Ues[1].LocalEnergyJ);
    }

    [Fact]
    public void Eqs5_to_10_offload_delay_and_energy_are_transmission_plus_edge_execution()
    {
        var (r, _) = TwoCells();
        // UE0: tr = 0.5*2e6/1e7 = 0.1 s, ex = 0.5*1e9/(1*5e10) = 0.01 s -> OffT 0.11 s;
        //      E = 0.1 W * 0.1 s + 0.5*1e9*1e-11 = 0.01 + 0.005 = 0.015 J.
        // UE1: tr = 4e6/2e7 = 0.2 s, ex = 2e9/(0.5*5e10) = 0.08 s -> 0.28 s; E = 0.1*0.2 + 2e9*1e-11 = 0.04 J.
        TestSupport.AssertClose(0.11, r.Ues[0].OffloadDelayS, "OffT0");
        TestSupport.AssertClose(0.015, r.Ues[0].OffloadEnergyJ, "OffE0");
        TestSupport.AssertClose(0.28, r.Ues[1].OffloadDelayS, "OffT1");
        TestSupport.AssertClose(0.04, r.Ues[1].OffloadEnergyJ, "OffE1");
    }

    [Fact]
    public void Eq11_to_13_delay_is_the_max_and_met_deadlines_earn_beta()
    {
        var (r, _) = TwoCells();
        // UE0: T = max(0.5, 0.11) = 0.5 <= 0.9: met, V = 1, u = -0.5 - 0.015 + 1 = 0.485.
        // UE1: T = 0.28 <= 1.8: met, u = -0.04 + 1 = 0.96.
        TestSupport.AssertClose(0.5, r.Ues[0].DelayS, "T0");
        Assert.True(r.Ues[0].Met);
        Assert.Equal(1.0, r.Ues[0].V);
        TestSupport.AssertClose(0.485, r.Ues[0].Utility, "u0");
        TestSupport.AssertClose(0.28, r.Ues[1].DelayS, "T1");
        TestSupport.AssertClose(0.96, r.Ues[1].Utility, "u1");
    }

    [Fact]
    public void Eq23_and_eq12_cell_rewards_sum_their_UEs_and_the_system_reward_sums_the_cells()
    {
        var (r, _) = TwoCells();
        TestSupport.AssertClose(0.485, r.CellRewards[0], "R^Fl_0");
        TestSupport.AssertClose(0.96, r.CellRewards[1], "R^Fl_1");
        TestSupport.AssertClose(1.445, r.SystemReward, "R^Co");
    }

    // One UE, K = 1, G = 1e-12, p = 0.1 W: SINR = 1e-13/1e-13 = 1, rate 1e7 bit/s.
    // alpha 1, 3e7 bits -> 3 s upload; 1e9 cycles on 5e10 Hz -> 0.02 s; T = 3.02 s; deadline 0.9 s.
    private static UeOutcome SlowUpload(double? clip)
    {
        ScenarioLayout l = HandScenarios.Layout(1, clip, 0);
        var d = new SlotDecisions(1);
        d.Set(0, 1.0, 0, 0.1, 1.0);
        var r = new SlotResult(1, 1);
        new SlotEvaluator(l).Evaluate(HandScenarios.Gains(l), [new UeTask(3e7, 1e9, 0.9)], d, r);
        return r.Ues[0];
    }

    [Fact]
    public void Dropped_task_rule_caps_the_upload_energy_at_deadline_plus_clip()
    {
        UeOutcome o = SlowUpload(1.0);
        // Dropped at 0.9 + 1 = 1.9 s: 0.1 W * 1.9 s + 1e9 * 1e-11 = 0.19 + 0.01 = 0.2 J.
        // V = max(0.9 - 3.02, -1) = -1; u = -0.2 - 1 = -1.2. Delays stay the formulas.
        TestSupport.AssertClose(3.02, o.OffloadDelayS, "OffT");
        TestSupport.AssertClose(0.2, o.OffloadEnergyJ, "OffE");
        Assert.False(o.Met);
        Assert.Equal(-1.0, o.V);
        TestSupport.AssertClose(-1.2, o.Utility, "u");
    }

    [Fact]
    public void Without_a_clip_the_paper_formulas_are_unbounded()
    {
        UeOutcome o = SlowUpload(null);
        // 0.1 W * 3 s + 0.01 J = 0.31 J; V = 0.9 - 3.02 = -2.12; u = -0.31 - 2.12 = -2.43.
        TestSupport.AssertClose(0.31, o.OffloadEnergyJ, "OffE");
        TestSupport.AssertClose(-2.12, o.V, "V");
        TestSupport.AssertClose(-2.43, o.Utility, "u");
    }

    [Fact]
    public void A_clip_of_zero_drops_at_the_deadline_and_costs_no_delay_penalty()
    {
        UeOutcome o = SlowUpload(0.0);
        // 0.1 W * min(3, 0.9) s + 0.01 J = 0.1 J; V = max(-2.12, -0) = 0; u = -0.1.
        TestSupport.AssertClose(0.1, o.OffloadEnergyJ, "OffE");
        Assert.Equal(0.0, o.V);
        TestSupport.AssertClose(-0.1, o.Utility, "u");
    }

    [Fact]
    public void A_local_UE_has_zero_rate_interference_and_offload_terms_and_a_clipped_penalty()
    {
        ScenarioLayout l = HandScenarios.Layout(2, 1.0, 0, 1);
        var d = new SlotDecisions(2);
        d.Set(1, 1.0, 0, 0.1, 1.0); // the other cell transmits on channel 0
        var r = new SlotResult(2, 2);
        new SlotEvaluator(l).Evaluate(HandScenarios.Gains(l), [new UeTask(2e6, 1.2e9, 1.08), new UeTask(2e6, 1e9, 0.9)], d, r);
        UeOutcome o = r.Ues[0];
        // LocT = 1.2e9 / 1e9 = 1.2 s > 1.08 s: V = 1.08 - 1.2 = -0.12; LocE = 1.2 J; u = -1.32.
        Assert.Equal(0.0, o.RateBps);
        Assert.Equal(0.0, o.InterferenceW);
        Assert.Equal(0.0, o.OffloadDelayS);
        Assert.Equal(0.0, o.OffloadEnergyJ);
        TestSupport.AssertClose(1.2, o.DelayS, "T");
        TestSupport.AssertClose(-0.12, o.V, "V");
        TestSupport.AssertClose(-1.32, o.Utility, "u");
    }

    [Fact]
    public void Given_a_scenario_When_evaluated_and_written_Then_the_results_file_reads_back_exactly()
    {
        Scenario s = HandScenarios.Scenario(HandScenarios.Layout(1, 1.0, 0), 2);
        var d = new SlotDecisions(1);
        d.Set(0, 1.0 / 3.0, 0, 0.1, 1.0);
        SlotResult[] results = ScenarioEvaluation.Evaluate(s, [d, d]);
        string path = TestSupport.TempFile("results.json");
        ResultsFile.Write(path, results);
        SlotResult[] back = ResultsFile.Read(path);
        for (int t = 0; t < 2; t++)
        {
            Assert.Equal(results[t].Ues[0].RateBps, back[t].Ues[0].RateBps);
            Assert.Equal(results[t].Ues[0].Utility, back[t].Ues[0].Utility);
            Assert.Equal(results[t].SystemReward, back[t].SystemReward);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void EvaluateCellChange_GivesTheFullEvaluationsBits_WhateverOneCellChanges(int seed)
    {
        // 10 UEs per cell on 4 channels: channels shared across cells, UEs left local in every cell.
        SimulationConfig c = SimulationConfig.Paper with { Channel = SimulationConfig.Paper.Channel with { Channels = 4 } };
        Scenario s = ScenarioGenerator.Generate(c, (ulong)seed, 11, 4);
        ScenarioLayout l = s.Layout;
        var rng = new Rng((ulong)seed);
        var baseline = new SlotDecisions(l.UeCount);
        var changed = new SlotDecisions(l.UeCount);
        var baselineResult = new SlotResult(l.UeCount, l.SbsCount);
        var full = new SlotResult(l.UeCount, l.SbsCount);
        var incremental = new SlotResult(l.UeCount, l.SbsCount);
        var baselineEvaluator = new SlotEvaluator(l);
        var fullEvaluator = new SlotEvaluator(l);
        var evaluator = new SlotEvaluator(l);
        int kinds = 0, recomputedSomewhereElse = 0;
        foreach (ScenarioSlot slot in s.Slots)
        {
            for (int m = 0; m < l.SbsCount; m++)
            {
                RandomCell(l, m, rng, baseline);
            }
            baselineEvaluator.Evaluate(slot.Gains, slot.Tasks, baseline, baselineResult);
            for (int trial = 0; trial < 40; trial++)
            {
                baseline.CopyTo(changed);
                int cell = rng.NextInt(l.SbsCount);
                ReadOnlySpan<int> ues = l.CellUes(cell);
                int u = ues[rng.NextInt(ues.Length)];
                int kind = trial % 5;
                kinds |= 1 << kind;
                switch (kind)
                {
                    case 0: // nothing changes
                        break;
                    case 1: // one UE's power (or, if local, nothing)
                        if (changed.Alpha[u] > 0)
                        {
                            changed.PowerW[u] = l.UeMaxPowerW[u] * rng.NextDoubleOpenZero();
                        }
                        break;
                    case 2: // one UE's offloaded part and MEC share only: no interference changes
                        if (changed.Alpha[u] > 0)
                        {
                            changed.Alpha[u] = rng.NextDoubleOpenZero();
                            changed.Share[u] *= rng.NextDoubleOpenZero();
                        }
                        break;
                    case 3: // one UE stops offloading
                        changed.SetLocal(u);
                        break;
                    default: // the whole cell decides again: channels, powers, who offloads
                        RandomCell(l, cell, rng, changed);
                        break;
                }
                Assert.Null(DecisionValidator.FindFirst(l, changed, 0));
                fullEvaluator.Evaluate(slot.Gains, slot.Tasks, changed, full);
                evaluator.EvaluateCellChange(slot.Gains, slot.Tasks, baseline, baselineResult, baselineEvaluator.InterferenceW, cell, changed,
                    incremental);
                Assert.Equal(BitConverter.DoubleToInt64Bits(full.SystemReward), BitConverter.DoubleToInt64Bits(incremental.SystemReward));
                Assert.Equal(full.DeadlinesMet(), incremental.DeadlinesMet());
                for (int m = 0; m < l.SbsCount; m++)
                {
                    Assert.Equal(BitConverter.DoubleToInt64Bits(full.CellRewards[m]), BitConverter.DoubleToInt64Bits(incremental.CellRewards[m]));
                }
                for (int i = 0; i < full.Ues.Length; i++)
                {
                    AssertSameBits(full.Ues[i], incremental.Ues[i], $"trial {trial}, cell {cell}, UE {i}");
                    bool elsewhere = l.UeCell[i] != cell
                        && BitConverter.DoubleToInt64Bits(full.Ues[i].Utility) != BitConverter.DoubleToInt64Bits(baselineResult.Ues[i].Utility);
                    recomputedSomewhereElse += elsewhere ? 1 : 0;
                }
                for (int i = 0; i < l.SbsCount * l.Channels; i++)
                {
                    Assert.Equal(BitConverter.DoubleToInt64Bits(fullEvaluator.InterferenceW[i]), BitConverter.DoubleToInt64Bits(evaluator.InterferenceW[i]));
                }
            }
        }
        Assert.Equal(31, kinds);
        // The changes reach other cells' UEs (through the interference), so the updated outcomes were exercised.
        Assert.True(recomputedSomewhereElse > 0);
    }

    // Valid random decisions for one cell: a random number of its UEs offload, each on its own channel, at a random
    // power up to P_max, with a random part offloaded and random MEC shares summing to at most 1.
    private static void RandomCell(ScenarioLayout l, int cell, Rng rng, SlotDecisions d)
    {
        ReadOnlySpan<int> ues = l.CellUes(cell);
        int k = l.Channels;
        var channels = Enumerable.Range(0, k).ToArray();
        for (int i = k - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (channels[i], channels[j]) = (channels[j], channels[i]);
        }
        int offloading = rng.NextInt(Math.Min(ues.Length, k) + 1), next = 0;
        foreach (int u in ues)
        {
            d.SetLocal(u);
        }
        for (int i = 0; i < ues.Length && next < offloading; i++)
        {
            if (rng.NextDouble() < 0.3 && ues.Length - i > offloading - next)
            {
                continue;
            }
            int u = ues[i];
            double alpha = rng.NextDouble() < 0.5 ? 1.0 : rng.NextDoubleOpenZero();
            d.Set(u, alpha, channels[next++], l.UeMaxPowerW[u] * rng.NextDoubleOpenZero(), rng.NextDoubleOpenZero() / k);
        }
    }

    private static void AssertSameBits(UeOutcome expected, UeOutcome actual, string where)
    {
        double[] e = [expected.RateBps, expected.InterferenceW, expected.LocalDelayS, expected.OffloadDelayS, expected.DelayS, expected.DeadlineS,
            expected.LocalEnergyJ, expected.OffloadEnergyJ, expected.V, expected.Utility];
        double[] a = [actual.RateBps, actual.InterferenceW, actual.LocalDelayS, actual.OffloadDelayS, actual.DelayS, actual.DeadlineS,
            actual.LocalEnergyJ, actual.OffloadEnergyJ, actual.V, actual.Utility];
        for (int i = 0; i < e.Length; i++)
        {
            Assert.True(BitConverter.DoubleToInt64Bits(e[i]) == BitConverter.DoubleToInt64Bits(a[i]), $"{where}: field {i}: {e[i]:R} != {a[i]:R}");
        }
        Assert.Equal(expected.Met, actual.Met);
    }
}
