using MecMarl.Randomness;

namespace MecMarl.Simulation.Tests;

/// <summary>The multi-agent environment (SPEC 7).</summary>
public sealed class EnvironmentTests
{
    private static SimulationConfig Short(SimulationConfig c, int slots = 8) =>
        c with { Environment = c.Environment with { SlotsPerEpisode = slots } };

    public static TheoryData<string> ConfigNames() => new() { "paper", "more-ues-than-channels", "unequal-cells", "one-cell", "redrop-shadowing-unbounded" };

    internal static SimulationConfig Named(string name)
    {
        SimulationConfig p = SimulationConfig.Paper;
        return Short(name switch
        {
            "paper" => p,
            "more-ues-than-channels" => p with
            {
                Network = p.Network with { SbsCount = 3, UesPerCell = new[] { 20 } },
                Channel = p.Channel with { Channels = 4 },
            },
            "unequal-cells" => p with { Network = p.Network with { SbsCount = 4, UesPerCell = new[] { 1, 5, 12, 3 } } },
            "one-cell" => p with { Network = p.Network with { SbsCount = 1, UesPerCell = new[] { 7 } }, Channel = p.Channel with { Channels = 5 } },
            "redrop-shadowing-unbounded" => p with
            {
                Network = p.Network with { RedropEachEpisode = true, SbsCount = 3 },
                Channel = p.Channel with { ShadowingDb = 8 },
                Reward = new RewardConfig { PenaltyClipS = null },
            },
            _ => throw new ArgumentException(name),
        });
    }

    [Theory]
    [MemberData(nameof(ConfigNames))]
    public void Given_a_scenario_config_Then_the_api_conformance_checks_pass(string name)
    {
        EnvironmentConformance.CheckApi(new MecEnvironment(Named(name), 11), 21);
    }

    [Theory]
    [MemberData(nameof(ConfigNames))]
    public void Given_a_scenario_config_Then_the_seed_conformance_checks_pass(string name)
    {
        SimulationConfig c = Named(name);
        EnvironmentConformance.CheckSeeds(() => new MecEnvironment(c, 11), 21, 22);
    }

    [Theory]
    [MemberData(nameof(ConfigNames))]
    public void Given_the_last_channel_observation_Then_the_api_conformance_checks_pass(string name)
    {
        SimulationConfig c = Named(name);
        EnvironmentConformance.CheckApi(new MecEnvironment(c with { Environment = c.Environment with { ObserveLastChannel = true } }, 11), 21);
    }

    [Fact]
    public void Given_the_last_channel_observation_Then_each_observation_ends_with_the_cells_UEs_last_channels_and_matches_the_double_path()
    {
        SimulationConfig p = Named("unequal-cells");
        SimulationConfig c = p with { Environment = p.Environment with { ObserveLastChannel = true } };
        var env = new MecEnvironment(c, 5);
        var plain = new MecEnvironment(p, 5);
        Scenario s = ScenarioGenerator.Generate(c, 5, 77, c.Environment.SlotsPerEpisode);
        int k = env.Layout.Channels;
        for (int m = 0; m < env.AgentCount; m++)
        {
            Assert.Equal(plain.ObservationSize(m) + env.Layout.CellSize(m) * k, env.ObservationSize(m));
        }
        var policy = new RandomPolicy(new Rng(1));
        float[][] actions = Policies.ActionBuffers(env.Layout);
        float[][] obs = env.Reset(77);
        float[][] plainObs = plain.Reset(77);
        var norm = ObservationNormalization.For(c, s.Layout);
        var evaluator = new SlotEvaluator(s.Layout);
        var result = new SlotResult(s.Layout.UeCount, s.Layout.SbsCount);
        double[] previous = [];
        int[] previousChannels = Enumerable.Repeat(SlotDecisions.NoChannel, env.Layout.UeCount).ToArray();
        int ones = 0;
        for (int t = 0; t < c.Environment.SlotsPerEpisode; t++)
        {
            for (int m = 0; m < env.AgentCount; m++)
            {
                // The SPEC 7 part is unchanged; the tail is one 1 per transmitting UE, on its channel of the slot before.
                Assert.Equal(plainObs[m], obs[m].AsSpan(0, plainObs[m].Length).ToArray());
                int o = plainObs[m].Length;
                foreach (int u in env.Layout.CellUes(m))
                {
                    for (int ch = 0; ch < k; ch++, o++)
                    {
                        Assert.Equal(previousChannels[u] == ch ? 1f : 0f, obs[m][o]);
                        ones += obs[m][o] == 1f ? 1 : 0;
                    }
                }
                var reference = new double[env.ObservationSize(m)];
                ObservationBuilder.Build(s.Layout, norm, m, s.Slots[t].Gains, s.Slots[t].Tasks, previous, reference, previousChannels);
                for (int i = 0; i < reference.Length; i++)
                {
                    TestSupport.AssertClose(reference[i], obs[m][i], $"slot {t} agent {m} float obs {i}", 1e-6, 1e-6);
                }
            }
            policy.Act(obs, actions);
            StepResult r = env.Step(actions);
            plainObs = plain.Step(actions).Observations;
            evaluator.Evaluate(s.Slots[t].Gains, s.Slots[t].Tasks, r.Decisions, result);
            previous = evaluator.InterferenceW.ToArray();
            r.Decisions.TransmitChannels(previousChannels);
            obs = r.Observations;
        }
        Assert.True(ones > 0, "random actions must leave some UE with a last channel");
    }

    [Fact]
    public void Given_sizes_Then_they_follow_SPEC_7()
    {
        var env = new MecEnvironment(Named("unequal-cells"), 3);
        // N_m = 1, 5, 12, 3 with K = 16: observation N_m*19 + 16, action N_m*19.
        Assert.Equal(4, env.AgentCount);
        Assert.Equal(35, env.ObservationSize(0));
        Assert.Equal(111, env.ObservationSize(1));
        Assert.Equal(95, env.ActionSize(1));
        Assert.Equal(35 + 111 + 12 * 19 + 16 + 3 * 19 + 16, env.StateSize);
    }

    [Fact]
    public void Given_an_episode_of_the_environment_When_the_generated_scenario_is_evaluated_Then_rewards_match_bit_for_bit()
    {
        SimulationConfig c = Named("paper");
        var env = new MecEnvironment(c, 5);
        Scenario s = ScenarioGenerator.Generate(c, 5, 77, c.Environment.SlotsPerEpisode);
        var policy = new RandomPolicy(new Rng(1));
        float[][] actions = Policies.ActionBuffers(env.Layout);
        float[][] obs = env.Reset(77);
        var evaluator = new SlotEvaluator(s.Layout);
        var result = new SlotResult(s.Layout.UeCount, s.Layout.SbsCount);
        var norm = ObservationNormalization.For(c, s.Layout);
        double[] previous = [];
        for (int t = 0; t < c.Environment.SlotsPerEpisode; t++)
        {
            for (int m = 0; m < env.AgentCount; m++)
            {
                var reference = new double[env.ObservationSize(m)];
                ObservationBuilder.Build(s.Layout, norm, m, s.Slots[t].Gains, s.Slots[t].Tasks, previous, reference);
                for (int i = 0; i < reference.Length; i++)
                {
                    // Float observations: within single precision of the double reference.
                    TestSupport.AssertClose(reference[i], obs[m][i], $"slot {t} agent {m} float obs {i}", 1e-6, 1e-6);
                }
            }
            policy.Act(obs, actions);
            StepResult r = env.Step(actions);
            evaluator.Evaluate(s.Slots[t].Gains, s.Slots[t].Tasks, r.Decisions, result);
            Assert.Equal(result.CellRewards, r.LocalRewards);
            Assert.Equal(result.SystemReward, r.CooperativeRewards[0]);
            previous = evaluator.InterferenceW.ToArray();
            obs = r.Observations;
        }
    }

    [Fact]
    public void Given_two_policies_on_one_evaluation_seed_Then_they_see_the_same_positions_fading_and_tasks()
    {
        SimulationConfig c = Named("paper");
        var a = new MecEnvironment(c, 9);
        var b = new MecEnvironment(c, 9);
        ulong seed = MecEnvironment.EpisodeSeed(1234, 3);
        a.Reset(seed);
        b.Reset(seed);
        var pa = new FullOffloadingPolicy(a.Layout, new Rng(1));
        var pb = new RandomPolicy(new Rng(2));
        float[][] aa = Policies.ActionBuffers(a.Layout), ab = Policies.ActionBuffers(b.Layout);
        Assert.Equal(a.Layout.Ues, b.Layout.Ues);
        for (int t = 0; t < c.Environment.SlotsPerEpisode; t++)
        {
            Assert.True(a.CurrentTasks.SequenceEqual(b.CurrentTasks), $"slot {t} tasks");
            for (int u = 0; u < a.Layout.UeCount; u++)
            {
                int g = a.Layout.GainIndex(u, a.Layout.Ues[u].Cell, 0);
                Assert.True(a.CurrentGains.Slice(g, 16).SequenceEqual(b.CurrentGains.Slice(g, 16)), $"slot {t} UE {u} own gains");
            }
            pa.Act(a.Observations, aa);
            pb.Act(b.Observations, ab);
            StepResult ra = a.Step(aa);
            b.Step(ab);
            // Cross gains too: a transmitting UE's gain to another SBS is the scenario's gain.
            if (t == 0)
            {
                Scenario s = ScenarioGenerator.Generate(c, 9, seed, 1);
                for (int u = 0; u < a.Layout.UeCount; u++)
                {
                    int ch = ra.Decisions.Channel[u];
                    if (ch >= 0)
                    {
                        for (int m = 0; m < a.AgentCount; m++)
                        {
                            if (m == a.Layout.Ues[u].Cell)
                            {
                                continue; // own-cell gains already hold the next slot's draws
                            }
                            Assert.Equal(s.Slots[0].Gains[a.Layout.GainIndex(u, m, ch)], a.CurrentGains[a.Layout.GainIndex(u, m, ch)]);
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void Given_a_checkpoint_mid_episode_When_restored_in_a_new_environment_Then_the_rest_is_identical()
    {
        SimulationConfig c = Named("redrop-shadowing-unbounded");
        var env = new MecEnvironment(c, 4);
        var policy = new RandomPolicy(new Rng(8));
        float[][] actions = Policies.ActionBuffers(env.Layout);
        env.Reset(55);
        for (int t = 0; t < 3; t++)
        {
            policy.Act(env.Observations, actions);
            env.Step(actions);
        }
        EnvironmentState state = env.GetState();
        RngState policyState = new Rng(8).State; // a fresh stream for both continuations
        var restored = new MecEnvironment(c, 4);
        restored.SetState(state);
        Assert.Equal(env.State(), restored.State());
        var p1 = new RandomPolicy(new Rng(99));
        var p2 = new RandomPolicy(new Rng(99));
        float[][] a2 = Policies.ActionBuffers(restored.Layout);
        for (int t = 3; t < c.Environment.SlotsPerEpisode; t++)
        {
            p1.Act(env.Observations, actions);
            p2.Act(restored.Observations, a2);
            double[] r1 = (double[])env.Step(actions).LocalRewards.Clone();
            double[] r2 = restored.Step(a2).LocalRewards;
            Assert.Equal(r1, r2);
            Assert.Equal(env.State(), restored.State());
        }
        Assert.NotEqual(default, policyState);
    }

    [Fact]
    public void Given_a_checkpoint_mid_episode_under_channel_persistence_When_restored_Then_the_rest_is_identical()
    {
        // The heuristic decoder with channel persistence reads the previous slot's channels, which the state carries.
        SimulationConfig p = Named("redrop-shadowing-unbounded");
        SimulationConfig c = p with
        {
            Environment = p.Environment with { Decoder = DecoderKind.Heuristic, Heuristic = new HeuristicOptions { ChannelPersistence = 3 } },
        };
        var env = new MecEnvironment(c, 4);
        float[][] actions = Policies.ActionBuffers(env.Layout);
        var rng = new Rng(8);
        void Fill(float[][] a)
        {
            foreach (float[] row in a)
            {
                for (int i = 0; i < row.Length; i++)
                {
                    row[i] = (float)(0.45 + 0.1 * rng.NextDouble());
                }
            }
        }
        env.Reset(55);
        for (int t = 0; t < 3; t++)
        {
            Fill(actions);
            env.Step(actions);
        }
        EnvironmentState state = env.GetState();
        Assert.Equal(env.PreviousChannels.ToArray(), state.PreviousChannels);
        var restored = new MecEnvironment(c, 4);
        restored.SetState(state);
        Assert.Equal(env.PreviousChannels.ToArray(), restored.PreviousChannels.ToArray());
        for (int t = 3; t < c.Environment.SlotsPerEpisode; t++)
        {
            Fill(actions);
            double[] r1 = (double[])env.Step(actions).LocalRewards.Clone();
            double[] r2 = restored.Step(actions).LocalRewards;
            Assert.Equal(r1, r2);
        }

        // Without the channels (a state of an older build) the restored environment knows none.
        restored.SetState(state with { PreviousChannels = null });
        Assert.All(restored.PreviousChannels.ToArray(), ch => Assert.Equal(-1, ch));
    }

    [Fact]
    public void Given_redrop_When_episodes_differ_Then_UE_positions_differ_and_repeat_with_the_seed()
    {
        SimulationConfig c = Named("redrop-shadowing-unbounded");
        var env = new MecEnvironment(c, 4);
        env.Reset(1);
        UeDevice[] first = env.Layout.Ues.ToArray();
        SbsSite[] sbs = env.Layout.Sbs.ToArray();
        env.Reset(2);
        Assert.NotEqual(first, env.Layout.Ues.ToArray());
        Assert.Equal(sbs, env.Layout.Sbs.ToArray());
        env.Reset(1);
        Assert.Equal(first, env.Layout.Ues.ToArray());
    }

    [Fact]
    public void Given_fixed_positions_When_episodes_differ_Then_positions_stay()
    {
        var env = new MecEnvironment(Named("paper"), 4);
        env.Reset(1);
        UeDevice[] first = env.Layout.Ues.ToArray();
        env.Reset(2);
        Assert.Equal(first, env.Layout.Ues.ToArray());
    }

    [Fact]
    public void Given_a_generated_layout_Then_UEs_are_in_their_disc_outside_the_minimum_distance_and_SBSs_apart()
    {
        SimulationConfig c = SimulationConfig.Paper;
        ScenarioLayout l = LayoutGenerator.Generate(c, 123);
        for (int i = 0; i < l.SbsCount; i++)
        {
            Assert.InRange(l.Sbs[i].XM, 0, 1500);
            Assert.InRange(l.Sbs[i].YM, 0, 1000);
            for (int j = 0; j < i; j++)
            {
                Assert.True(Math.Sqrt(Math.Pow(l.Sbs[i].XM - l.Sbs[j].XM, 2) + Math.Pow(l.Sbs[i].YM - l.Sbs[j].YM, 2)) >= 250);
            }
        }
        foreach (UeDevice u in l.Ues)
        {
            SbsSite s = l.Sbs[u.Cell];
            Assert.InRange(Math.Sqrt(Math.Pow(u.XM - s.XM, 2) + Math.Pow(u.YM - s.YM, 2)), 10, 250);
        }
    }

    [Fact]
    public void Path_loss_at_one_km_is_the_constant_and_distances_are_clamped()
    {
        // PL(1 km) = 137.74 dB; PL(100 m) = 137.74 - 35.22 = 102.52 dB; PL(1 m) = PL(10 m) = 137.74 - 2 * 35.22 = 67.3 dB.
        ChannelConfig ch = SimulationConfig.Paper.Channel;
        TestSupport.AssertClose(137.74, PathLoss.Db(1000, ch, 10), "PL(1 km)");
        TestSupport.AssertClose(102.52, PathLoss.Db(100, ch, 10), "PL(100 m)");
        TestSupport.AssertClose(67.3, PathLoss.Db(1, ch, 10), "PL(1 m)");
    }

    [Fact]
    public void Given_many_draws_Then_fading_has_mean_one_and_tasks_follow_their_ranges()
    {
        // Own-cell fading factors over many slots: xi = G / meanGain ~ Exp(1), mean 1, P(xi > 1) = e^-1.
        SimulationConfig c = SimulationConfig.Paper;
        ScenarioLayout l = LayoutGenerator.Generate(c, 1);
        double[] mean = PathLoss.LinearGains(l, c, []);
        var sampler = new SlotSampler(l, c.Tasks, mean);
        sampler.BeginEpisode(3);
        var g = new double[l.GainCount];
        var own = new double[l.UeCount * l.Channels];
        var tasks = new UeTask[l.UeCount];
        double sum = 0, above = 0;
        int n = 0;
        for (int t = 0; t < 400; t++)
        {
            sampler.SampleOwnGains(t, g, own);
            sampler.SampleTasks(t, tasks);
            for (int u = 0; u < l.UeCount; u++)
            {
                for (int k = 0; k < l.Channels; k++)
                {
                    double xi = own[u * l.Channels + k];
                    TestSupport.AssertClose(xi * mean[u * l.SbsCount + l.Ues[u].Cell], g[l.GainIndex(u, l.Ues[u].Cell, k)], "h = mean gain * xi");
                    sum += xi;
                    above += xi > 1 ? 1 : 0;
                    n++;
                }
                UeTask task = tasks[u];
                Assert.InRange(task.Bits, 200 * 8192.0, 300 * 8192.0);
                Assert.InRange(task.Cycles / task.Bits, 500, 1000);
                TestSupport.AssertClose(0.9 * task.Cycles / 1e9, task.DeadlineS, "deadline");
            }
        }
        // n = 384,000: the standard error of the mean is 0.0016; of the fraction 0.0008.
        Assert.InRange(sum / n, 0.99, 1.01);
        Assert.InRange(above / n, Math.Exp(-1) - 0.005, Math.Exp(-1) + 0.005);
    }

    [Fact]
    public void OneCellsTransmitterGains_AreTheFullDrawsValuesForItsUes_AndNothingElseIsWritten()
    {
        // The counterfactual slots of the difference rewards draw only the changed cell's gains (DifferenceRewards).
        SimulationConfig c = SimulationConfig.Paper;
        ScenarioLayout l = LayoutGenerator.Generate(c, 1);
        var sampler = new SlotSampler(l, c.Tasks, PathLoss.LinearGains(l, c, []));
        sampler.BeginEpisode(5);
        var d = new SlotDecisions(l.UeCount);
        var rng = new Rng(9);
        int offloading = 0;
        for (int u = 0; u < l.UeCount; u++)
        {
            bool offloads = u % 4 != 3;
            offloading += offloads ? 1 : 0;
            d.Alpha[u] = offloads ? 0.5 : 0;
            d.Channel[u] = offloads ? rng.NextInt(l.Channels) : SlotDecisions.NoChannel;
        }
        var refs = new GainRef[l.UeCount * (l.SbsCount - 1)];
        var values = new double[refs.Length];
        var all = new double[l.GainCount];
        sampler.DrawTransmitterGains(7, d, refs, values, all);
        int checkedGains = 0;
        for (int m = 0; m < l.SbsCount; m++)
        {
            var cell = new double[l.GainCount];
            Array.Fill(cell, -1.0);
            sampler.DrawCellTransmitterGains(7, m, d, new bool[l.UeCount * l.Channels], refs, values, cell);
            for (int u = 0; u < l.UeCount; u++)
            {
                for (int s = 0; s < l.SbsCount; s++)
                {
                    for (int k = 0; k < l.Channels; k++)
                    {
                        int i = l.GainIndex(u, s, k);
                        bool drawn = l.UeCell[u] == m && d.Alpha[u] > 0 && s != m && k == d.Channel[u];
                        Assert.Equal(drawn ? all[i] : -1.0, cell[i]);
                        checkedGains += drawn ? 1 : 0;
                    }
                }
            }
        }
        Assert.Equal(offloading * (l.SbsCount - 1), checkedGains);
    }

    [Fact]
    public void Given_a_warmed_up_environment_When_a_slot_is_stepped_Then_nothing_is_allocated()
    {
        var env = new MecEnvironment(Named("paper", 50), 2);
        var policy = new RandomPolicy(new Rng(3));
        float[][] actions = Policies.ActionBuffers(env.Layout);
        float[] state = new float[env.StateSize];
        env.Reset(1);
        for (int t = 0; t < 10; t++)
        {
            policy.Act(env.Observations, actions);
            env.Step(actions);
        }
        policy.Act(env.Observations, actions);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 0; t < 5; t++)
        {
            env.Step(actions);
            env.State(state);
        }
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(0, after - before);
    }

    private static SimulationConfig Named(string name, int slots) => Short(Named(name), slots);
}
