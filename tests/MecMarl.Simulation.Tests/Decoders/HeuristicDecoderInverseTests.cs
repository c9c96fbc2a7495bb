namespace MecMarl.Simulation.Tests;

public sealed class HeuristicDecoderInverseTests
{
    // 9 cells of 6 UEs on 6 channels in 500 x 500 m, tight deadlines: the yardstick leaves UEs out, and its powers
    // differ from the heuristic's plan by up to orders of magnitude; the heuristic decoder with 12 decades of range.
    private static MecEnvironment Dense()
    {
        SimulationConfig p = SimulationConfig.Paper;
        return new MecEnvironment(p with
        {
            Network = p.Network with { SbsCount = 9, UesPerCell = new(6), AreaWidthM = 500, AreaHeightM = 500, CellRadiusM = 120, MinSbsDistanceM = 60 },
            Channel = p.Channel with { Channels = 6 },
            Tasks = p.Tasks with { DeadlineFactor = 0.6 },
            Environment = p.Environment with { SlotsPerEpisode = 6, Decoder = DecoderKind.Heuristic, DecoderPowerRangeDecades = 12 },
        }, 7);
    }

    private static bool LeftOut(SlotDecisions d, int u) => d.Channel[u] < 0 || d.Share[u] <= YardstickOptions.LeftOutShare * (1 + 1e-9);

    [Fact]
    public void DecodingTheInverseOfTheYardsticksDecisions_GivesItsChannelsPowersAndShares_WhereNoEntryIsCut()
    {
        // Given the yardstick (leaving infeasible UEs out) playing a dense network for 6 slots.
        MecEnvironment env = Dense();
        ScenarioLayout l = env.Layout;
        EnvironmentConfig config = env.Config.Environment;
        var yardstick = new YardstickPolicy(l, new YardstickOptions { LeaveOutInfeasible = true });
        var inverse = new HeuristicDecoderInverse(l, config);
        var decoder = new HeuristicDecoder(l, config);
        var target = new SlotDecisions(l.UeCount);
        var decoded = new SlotDecisions(l.UeCount);
        int k = l.Channels, stride = 3 + k, sent = 0, leftOut = 0, exact = 0, cut = 0;
        env.Reset(3);
        for (int slot = 0; slot < 6; slot++)
        {
            yardstick.Decide(env, target);
            decoder.BeginSlotWithHistory(env.CurrentGains, env.CurrentTasks, env.PreviousInterferenceW, env.PreviousChannels);
            for (int m = 0; m < l.SbsCount; m++)
            {
                // When each cell's action is the inverse of the yardstick's decisions, from the cell's observation.
                ReadOnlySpan<int> ues = l.CellUes(m);
                float[] action = new float[ues.Length * stride];
                inverse.Invert(m, env.CurrentGains, env.CurrentTasks, env.PreviousInterferenceW.Slice(m * k, k), env.PreviousChannels, target, action);
                Assert.All(action, a => Assert.InRange(a, 0f, 1f));
                decoder.Decode(m, Array.ConvertAll(action, a => (double)a), decoded);
                for (int i = 0; i < ues.Length; i++)
                {
                    int u = ues[i];
                    if (LeftOut(target, u))
                    {
                        // Then a UE the yardstick leaves out is dropped too (no edge share worth the name);
                        Assert.True(decoded.Share[u] <= 0.001 * (1 + 1e-9), $"slot {slot} UE {u}: left out by the yardstick, decoded share {decoded.Share[u]}");
                        leftOut++;
                        continue;
                    }
                    // a UE it sends is sent on its channel;
                    sent++;
                    Assert.Equal(target.Channel[u], decoded.Channel[u]);
                    Assert.Equal(1.0, decoded.Alpha[u]);
                    bool atLimit = action[i * stride + 1] is 0f or 1f || action[i * stride + 2] is 0f or 1f;
                    if (atLimit || (slot == 0 && decoded.PowerW[u] == l.Ues[u].MaxPowerW))
                    {
                        // (beyond the range, or the first slot, where nothing was measured and the heuristic sends at P_max)
                        cut++;
                        continue;
                    }
                    // and, where no entry is cut at the range, at the yardstick's power and share within 1%.
                    Assert.True(Math.Abs(Math.Log(decoded.PowerW[u] / target.PowerW[u])) < 0.01, $"slot {slot} UE {u}: power {decoded.PowerW[u]} for {target.PowerW[u]}");
                    Assert.True(Math.Abs(Math.Log(decoded.Share[u] / target.Share[u])) < 0.01, $"slot {slot} UE {u}: share {decoded.Share[u]} for {target.Share[u]}");
                    exact++;
                }
            }
            env.StepDecisions(target);
        }
        // The scenario exercises every branch: UEs left out, UEs reproduced, most of those sent reproduced.
        Assert.True(leftOut > 0 && sent > 0, $"{leftOut} left out, {sent} sent");
        Assert.True(exact >= 0.8 * sent, $"{exact} of {sent} sent reproduced exactly ({cut} cut at the range or unmeasured)");
    }

    [Fact]
    public void KeepPower_LeavesThePowerEntriesAtOneHalf()
    {
        MecEnvironment env = Dense();
        ScenarioLayout l = env.Layout;
        var yardstick = new YardstickPolicy(l, new YardstickOptions { LeaveOutInfeasible = true });
        var inverse = new HeuristicDecoderInverse(l, env.Config.Environment) { KeepPower = true };
        var target = new SlotDecisions(l.UeCount);
        env.Reset(3);
        env.StepDecisions(new SlotDecisions(l.UeCount));
        yardstick.Decide(env, target);
        int k = l.Channels, stride = 3 + k;
        float[] action = new float[l.CellSize(0) * stride];
        inverse.Invert(0, env.CurrentGains, env.CurrentTasks, env.PreviousInterferenceW[..k], env.PreviousChannels, target, action);
        for (int i = 0; i < l.CellSize(0); i++)
        {
            Assert.Equal(0.5f, action[i * stride + 1]);
        }
    }

    [Fact]
    public void AnActionOfTheWrongLength_IsRefusedNamingTheAgent()
    {
        MecEnvironment env = Dense();
        var inverse = new HeuristicDecoderInverse(env.Layout, env.Config.Environment);
        env.Reset(1);
        var e = Assert.Throws<ArgumentException>(() => inverse.Invert(2, env.CurrentGains, env.CurrentTasks, env.PreviousInterferenceW[..6], [],
            new SlotDecisions(env.Layout.UeCount), new float[5]));
        Assert.Contains("agent 2", e.Message, StringComparison.Ordinal);
    }
}
