using MecMarl.Randomness;

namespace MecMarl.Simulation.Tests;

public sealed class DeadlineAwareDecoderTests
{
    private static MecEnvironment Env(int sbs, int[] ues, int channels, double decades = 1.0, double gainWeight = 1.0)
    {
        SimulationConfig p = SimulationConfig.Paper;
        var config = p with
        {
            Network = p.Network with { SbsCount = sbs, UesPerCell = ues },
            Channel = p.Channel with { Channels = channels },
            Environment = p.Environment with
            {
                SlotsPerEpisode = 3,
                Decoder = DecoderKind.DeadlineAware,
                DecoderPowerRangeDecades = decades,
                DecoderGainWeight = gainWeight,
            },
        };
        return new MecEnvironment(config, 4);
    }

    private static float[] UeAction(int channels, float alpha, float power, float weight, float score)
    {
        var a = new float[3 + channels];
        a[0] = alpha;
        a[1] = power;
        a[2] = weight;
        a.AsSpan(3).Fill(score);
        return a;
    }

    [Fact]
    public void MidPower_MeetsTheMarginTargetWhenAlone()
    {
        // Given one UE alone (no interference at all), a = 0.5 gives exactly the estimated required
        // power (10^(decades * 0) = 1), whose SINR gives rate alpha d / t with
        // t = 0.95 T~ - omega / (f C_bar): the completion delay is 0.95 T~ unless P_max caps it.
        // (The power is floored at minPowerFraction * P_max, so seeds are scanned for an
        // uncapped case: a UE far enough from its SBS.)
        int checkedSlots = 0;
        for (ulong seed = 1; seed <= 40 && checkedSlots < 5; seed++)
        {
            var env = Env(1, [1], 2);
            env.Reset(seed);
            UeTask task = env.CurrentTasks[0];
            StepResult r = env.Step([UeAction(2, 1f, 0.5f, 1f, 0.5f)]);
            Assert.Equal(1.0, r.Decisions.Alpha[0]);
            Assert.Equal(1.0, r.Decisions.Share[0]);
            double p = r.Decisions.PowerW[0];
            if (p > 0.01 * 0.19952623149688797 * 1.0001 && p < 0.19952623149688797 * 0.9999)
            {
                TestSupport.AssertClose(0.95 * task.DeadlineS, r.Result.Ues[0].DelayS, "delay", rel: 1e-9);
                checkedSlots++;
            }
        }
        Assert.True(checkedSlots > 0, "no uncapped case found");
    }

    [Fact]
    public void PowerAction_ScalesTheRequirementByDecades()
    {
        // Given decades = 2, a = 0.75 multiplies the required power by 10^(2 * 0.25) = sqrt(10).
        int checkedSlots = 0;
        for (ulong seed = 1; seed <= 40 && checkedSlots < 5; seed++)
        {
            var low = Env(1, [1], 2, decades: 2);
            var high = Env(1, [1], 2, decades: 2);
            low.Reset(seed);
            high.Reset(seed);
            double p0 = low.Step([UeAction(2, 1f, 0.5f, 1f, 0.5f)]).Decisions.PowerW[0];
            double p1 = high.Step([UeAction(2, 1f, 0.75f, 1f, 0.5f)]).Decisions.PowerW[0];
            if (p1 < 0.19952623149688797 * 0.9999 && p0 > 0.01 * 0.19952623149688797 * 1.0001)
            {
                TestSupport.AssertClose(Math.Sqrt(10) * p0, p1, "scaled power", rel: 1e-12);
                checkedSlots++;
            }
        }
        Assert.True(checkedSlots > 0, "no uncapped case found");
    }

    [Fact]
    public void EqualScores_PickTheStrongestChannel()
    {
        // Given equal scores, the observed gain decides: the UE gets its best channel.
        var env = Env(1, [1], 8);
        env.Reset(3);
        ReadOnlySpan<double> g = env.CurrentGains;
        int best = 0;
        for (int c = 1; c < 8; c++)
        {
            if (g[env.Layout.GainIndex(0, 0, c)] > g[env.Layout.GainIndex(0, 0, best)])
            {
                best = c;
            }
        }
        StepResult r = env.Step([UeAction(8, 1f, 0.5f, 1f, 0.3f)]);
        Assert.Equal(best, r.Decisions.Channel[0]);
    }

    [Fact]
    public void Shares_AreProportionalToCyclesTimesWeight()
    {
        var env = Env(1, [3], 4);
        env.Reset(5);
        UeTask[] tasks = env.CurrentTasks.ToArray();
        float[] action = [.. UeAction(4, 1f, 0.5f, 1f, 0.5f), .. UeAction(4, 1f, 0.5f, 0.5f, 0.5f), .. UeAction(4, 1f, 0.5f, 0.25f, 0.5f)];
        StepResult r = env.Step([action]);
        double w0 = tasks[0].Cycles * 1.0, w1 = tasks[1].Cycles * 0.5, w2 = tasks[2].Cycles * 0.25;
        TestSupport.AssertClose(w1 / (w0 + w1 + w2), r.Decisions.Share[1], "share of UE 1", rel: 1e-12);
    }

    [Fact]
    public void RandomAndAdversarialActions_AlwaysGiveValidDecisions()
    {
        // StepDecisions-style validation runs on every decoded slot through the validator.
        var rng = new Rng(17);
        foreach (var (cells, channels) in new[] { (new[] { 10 }, 16), (new[] { 12 }, 4), (new[] { 1, 7 }, 3) })
        {
            var env = Env(cells.Length, cells, channels);
            float[][] actions = Policies.ActionBuffers(env.Layout);
            for (int episode = 0; episode < 4; episode++)
            {
                env.Reset((ulong)episode);
                StepResult r;
                do
                {
                    foreach (float[] a in actions)
                    {
                        for (int i = 0; i < a.Length; i++)
                        {
                            a[i] = (rng.NextInt(6)) switch
                            {
                                0 => 0f,
                                1 => 1f,
                                2 => -3f,
                                3 => 7f,
                                _ => rng.NextSingle(),
                            };
                        }
                    }
                    r = env.Step(actions);
                    Assert.Null(DecisionValidator.FindFirst(env.Layout, r.Decisions, 0));
                }
                while (!r.Truncated);
            }
        }
    }

    [Fact]
    public void NaN_IsRejected()
    {
        var env = Env(1, [1], 2);
        env.Reset(1);
        float[] a = UeAction(2, 1f, float.NaN, 1f, 0.5f);
        Assert.Throws<ArgumentException>(() => env.Step([a]));
    }

    [Theory]
    [InlineData("{\"environment\": {\"decoder\": \"hungarian\"}}", "environment.decoder")]
    [InlineData("{\"environment\": {\"decoderDeadlineMargin\": 1}}", "environment.decoderDeadlineMargin")]
    [InlineData("{\"environment\": {\"decoderGainWeight\": -1}}", "environment.decoderGainWeight")]
    public void BadDecoderSettings_AreNamed(string json, string field)
    {
        var ex = Assert.Throws<ConfigException>(() => SimulationConfig.Parse(json, "c.json"));
        Assert.Equal(field, ex.JsonPath);
    }
}
