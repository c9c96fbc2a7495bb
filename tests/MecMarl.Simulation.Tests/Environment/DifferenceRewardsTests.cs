using MecMarl.Randomness;

namespace MecMarl.Simulation.Tests;

public sealed class DifferenceRewardsTests
{
    // 4 SBSs of 4 UEs on 4 channels, the heuristic decoder, 5 rounds of power control with leave-out (the
    // counterfactual slots evaluated in full) or none (the counterfactual slots updated from the slot's evaluation).
    private static SimulationConfig Dense(bool powerControl = true)
    {
        SimulationConfig p = SimulationConfig.Paper;
        return p with
        {
            Network = p.Network with { SbsCount = 4, UesPerCell = new EquatableArray<int>(4), AreaWidthM = 400, AreaHeightM = 400, MinSbsDistanceM = 100, CellRadiusM = 150 },
            Channel = p.Channel with { Channels = 4 },
            Environment = p.Environment with
            {
                SlotsPerEpisode = 5,
                Decoder = DecoderKind.Heuristic,
                PowerControlRounds = powerControl ? 5 : 0,
                PowerControlLeaveOut = powerControl,
            },
        };
    }

    private static float[][] Centre(MecEnvironment env)
    {
        float[][] a = Policies.ActionBuffers(env.Layout);
        foreach (float[] row in a)
        {
            Array.Fill(row, 0.5f);
        }
        return a;
    }

    private static void Fill(float[][] actions, Rng rng)
    {
        foreach (float[] row in actions)
        {
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = (float)rng.NextDouble();
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EachAgentsReward_IsTheSystemRewardMinusThatOfTheSameSlotWithItsCellAtTheCentreAction_AndSoIsItsDeadlineCount(bool powerControl)
    {
        SimulationConfig c = Dense(powerControl);
        var env = new MecEnvironment(c, 3) { ComputeDifferenceRewards = true };
        float[][] actions = Policies.ActionBuffers(env.Layout);
        var rng = new Rng(11);
        env.Reset(5);
        int nonZero = 0, metChanged = 0;
        for (int slot = 0; slot < c.Environment.SlotsPerEpisode; slot++)
        {
            Fill(actions, rng);
            EnvironmentState before = env.GetState();
            StepResult step = env.Step(actions);
            double system = step.SystemReward;
            double[] difference = (double[])step.DifferenceRewards.Clone();
            for (int m = 0; m < env.AgentCount; m++)
            {
                // A twin from the same state, stepped with agent m's action at the centre and the others' unchanged.
                var twin = new MecEnvironment(c, 3);
                twin.SetState(before);
                float[][] changed = [.. actions.Select((a, i) => i == m ? Enumerable.Repeat(0.5f, a.Length).ToArray() : (float[])a.Clone())];
                StepResult twinStep = twin.Step(changed);
                Assert.Equal(system - twinStep.SystemReward, difference[m], 12);
                Assert.Equal(Met(step) - Met(twinStep), step.DifferenceMet[m]);
                nonZero += difference[m] != 0 ? 1 : 0;
                metChanged += step.DifferenceMet[m] != 0 ? 1 : 0;
            }
        }
        Assert.True(nonZero > 0, "every difference reward was zero");
        Assert.True(metChanged > 0, "no counterfactual changed the deadlines met");
    }

    private static int Met(StepResult step) => step.Result.Ues.Count(u => u.Met);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void GivenCounterfactualActions_EachAgentsRewardIsTheSystemRewardMinusThatWithItsCellAtItsGivenAction_ForOneStepOnly(bool powerControl)
    {
        SimulationConfig c = Dense(powerControl);
        var env = new MecEnvironment(c, 3) { ComputeDifferenceRewards = true };
        var centre = new MecEnvironment(c, 3) { ComputeDifferenceRewards = true };
        float[][] actions = Policies.ActionBuffers(env.Layout), given = Policies.ActionBuffers(env.Layout);
        var rng = new Rng(12);
        env.Reset(6);
        centre.Reset(6);
        int differs = 0;
        for (int slot = 0; slot < c.Environment.SlotsPerEpisode; slot++)
        {
            Fill(actions, rng);
            Fill(given, rng);
            EnvironmentState before = env.GetState();
            if (slot % 2 == 0)
            {
                env.SetDifferenceCounterfactual(given);
            }
            StepResult step = env.Step(actions);
            double[] difference = (double[])step.DifferenceRewards.Clone();
            // Odd slots: no call, so the centre action, as in an environment never given any.
            double[] atCentre = (double[])centre.Step(actions).DifferenceRewards.Clone();
            for (int m = 0; m < env.AgentCount; m++)
            {
                if (slot % 2 == 1)
                {
                    Assert.Equal(atCentre[m], difference[m]);
                    continue;
                }
                var twin = new MecEnvironment(c, 3);
                twin.SetState(before);
                float[][] changed = [.. actions.Select((a, i) => i == m ? (float[])given[m].Clone() : (float[])a.Clone())];
                Assert.Equal(step.SystemReward - twin.Step(changed).SystemReward, difference[m], 12);
                differs += difference[m] != atCentre[m] ? 1 : 0;
            }
        }
        Assert.True(differs > 0, "the given actions changed no difference reward");
    }

    [Fact]
    public void CounterfactualActionsEqualToTheTakenOnes_GiveZeroDifferences_AndWrongShapesAreRefused()
    {
        SimulationConfig c = Dense();
        var env = new MecEnvironment(c, 3) { ComputeDifferenceRewards = true };
        float[][] actions = Policies.ActionBuffers(env.Layout);
        var rng = new Rng(13);
        env.Reset(7);
        for (int slot = 0; slot < c.Environment.SlotsPerEpisode; slot++)
        {
            Fill(actions, rng);
            env.SetDifferenceCounterfactual([.. actions.Select(a => (float[])a.Clone())]);
            Assert.All(env.Step(actions).DifferenceRewards, d => Assert.Equal(0.0, d));
        }
        Assert.Throws<ArgumentException>(() => env.SetDifferenceCounterfactual([.. actions.Skip(1)]));
        Assert.Throws<ArgumentException>(() => env.SetDifferenceCounterfactual([.. actions.Select((a, i) => i == 0 ? new float[a.Length + 1] : a)]));
        Assert.Throws<InvalidOperationException>(() => new MecEnvironment(c, 3).SetDifferenceCounterfactual(actions));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PerUe_EachUesRewardIsTheSystemRewardMinusThatWithOnlyItsEntriesAtTheCounterfactual_AndSoIsItsDeadlineCount(bool powerControl)
    {
        SimulationConfig c = Dense(powerControl);
        var env = new MecEnvironment(c, 3) { ComputeUeDifferenceRewards = true };
        float[][] actions = Policies.ActionBuffers(env.Layout), given = Policies.ActionBuffers(env.Layout);
        var rng = new Rng(14);
        env.Reset(8);
        int nonZero = 0, metChanged = 0;
        for (int slot = 0; slot < c.Environment.SlotsPerEpisode; slot++)
        {
            Fill(actions, rng);
            Fill(given, rng);
            EnvironmentState before = env.GetState();
            bool centre = slot % 2 == 1;
            if (!centre)
            {
                env.SetDifferenceCounterfactual(given);
            }
            StepResult step = env.Step(actions);
            double system = step.SystemReward;
            int met = Met(step);
            double[] difference = (double[])step.UeDifferenceRewards.Clone();
            double[] metDifference = (double[])step.UeDifferenceMet.Clone();
            Assert.All(step.DifferenceRewards, d => Assert.Equal(0.0, d));
            int at = 0;
            for (int m = 0; m < env.AgentCount; m++)
            {
                int n = env.Layout.CellSize(m), stride = actions[m].Length / n;
                for (int u = 0; u < n; u++, at++)
                {
                    // A twin from the same state, stepped with only UE u's entries of cell m changed.
                    var twin = new MecEnvironment(c, 3);
                    twin.SetState(before);
                    float[][] changed = [.. actions.Select(a => (float[])a.Clone())];
                    for (int i = u * stride; i < (u + 1) * stride; i++)
                    {
                        changed[m][i] = centre ? 0.5f : given[m][i];
                    }
                    StepResult twinStep = twin.Step(changed);
                    Assert.Equal(system - twinStep.SystemReward, difference[at], 12);
                    Assert.Equal(met - Met(twinStep), metDifference[at]);
                    nonZero += difference[at] != 0 ? 1 : 0;
                    metChanged += metDifference[at] != 0 ? 1 : 0;
                }
            }
            Assert.Equal(env.Layout.UeCount, at);
        }
        Assert.True(nonZero > 0, "every per-UE difference reward was zero");
        Assert.True(metChanged > 0, "no per-UE counterfactual changed the deadlines met");
    }

    [Fact]
    public void PerUe_CounterfactualEqualToTheTakenActionGivesZero_TurningItOnChangesNothingElse_AndDoubleActionsAreRefused()
    {
        SimulationConfig c = Dense();
        var on = new MecEnvironment(c, 3) { ComputeUeDifferenceRewards = true };
        var off = new MecEnvironment(c, 3);
        float[][] actions = Policies.ActionBuffers(on.Layout);
        var rng = new Rng(15);
        on.Reset(9);
        off.Reset(9);
        for (int slot = 0; slot < c.Environment.SlotsPerEpisode; slot++)
        {
            Fill(actions, rng);
            on.SetDifferenceCounterfactual([.. actions.Select(a => (float[])a.Clone())]);
            StepResult a = on.Step(actions);
            Assert.All(a.UeDifferenceRewards, d => Assert.Equal(0.0, d));
            double[] rewards = (double[])a.LocalRewards.Clone();
            float[][] observations = [.. a.Observations.Select(o => (float[])o.Clone())];
            StepResult b = off.Step(actions);
            Assert.Equal(rewards, b.LocalRewards);
            Assert.Equal(observations, b.Observations);
        }
        on.Reset(10);
        double[][] doubles = [.. actions.Select(a => a.Select(v => (double)v).ToArray())];
        Assert.Throws<InvalidOperationException>(() => on.Step(doubles));
    }

    [Fact]
    public void AtTheCentreAction_EveryDifferenceIsZero_AndTurningItOnChangesNothingElse()
    {
        SimulationConfig c = Dense();
        var on = new MecEnvironment(c, 3) { ComputeDifferenceRewards = true };
        var off = new MecEnvironment(c, 3);
        on.Reset(9);
        off.Reset(9);
        for (int slot = 0; slot < c.Environment.SlotsPerEpisode; slot++)
        {
            StepResult a = on.Step(Centre(on));
            Assert.All(a.DifferenceRewards, d => Assert.Equal(0.0, d));
            double[] rewards = (double[])a.LocalRewards.Clone();
            float[][] observations = [.. a.Observations.Select(o => (float[])o.Clone())];
            StepResult b = off.Step(Centre(off));
            Assert.Equal(rewards, b.LocalRewards);
            Assert.Equal(observations, b.Observations);
            Assert.All(b.DifferenceRewards, d => Assert.Equal(0.0, d));
        }
    }
}
