using MecMarl.Randomness;

namespace MecMarl.Simulation.Tests;

/// <summary>The fixed schemes of SPEC 8.</summary>
public sealed class PolicyTests
{
    [Fact]
    public void Given_full_offloading_When_decoded_Then_every_UE_offloads_at_full_power_with_equal_shares_on_distinct_channels()
    {
        var env = new MecEnvironment(EnvironmentTests.Named("paper"), 1);
        var policy = new FullOffloadingPolicy(env.Layout, new Rng(5));
        float[][] actions = Policies.ActionBuffers(env.Layout);
        env.Reset(3);
        policy.Act(env.Observations, actions);
        StepResult r = env.Step(actions);
        for (int m = 0; m < env.AgentCount; m++)
        {
            var used = new HashSet<int>();
            foreach (int u in env.Layout.CellUes(m))
            {
                Assert.Equal(1.0, r.Decisions.Alpha[u]);
                Assert.Equal(env.Layout.Ues[u].MaxPowerW, r.Decisions.PowerW[u]);
                Assert.Equal(0.1, r.Decisions.Share[u]);   // 1 / 10 UEs
                Assert.True(used.Add(r.Decisions.Channel[u]));
            }
        }
    }

    [Fact]
    public void Given_full_offloading_with_more_UEs_than_channels_Then_the_first_K_UEs_offload_and_the_rest_compute_locally()
    {
        var env = new MecEnvironment(EnvironmentTests.Named("more-ues-than-channels"), 1);
        var policy = new FullOffloadingPolicy(env.Layout, new Rng(5));
        float[][] actions = Policies.ActionBuffers(env.Layout);
        env.Reset(3);
        policy.Act(env.Observations, actions);
        StepResult r = env.Step(actions);
        ReadOnlySpan<int> cell = env.Layout.CellUes(1);
        for (int i = 0; i < cell.Length; i++)
        {
            int u = cell[i];
            Assert.Equal(i < 4 ? 1.0 : 0.0, r.Decisions.Alpha[u]);
            Assert.Equal(i < 4 ? 0.25 : 0.0, r.Decisions.Share[u]);
        }
    }

    [Fact]
    public void Given_full_offloading_over_slots_Then_the_channel_assignment_is_random()
    {
        var env = new MecEnvironment(EnvironmentTests.Named("paper"), 1);
        var policy = new FullOffloadingPolicy(env.Layout, new Rng(5));
        float[][] actions = Policies.ActionBuffers(env.Layout);
        env.Reset(3);
        var seen = new HashSet<int>();
        for (int t = 0; t < 5; t++)
        {
            policy.Act(env.Observations, actions);
            seen.Add(env.Step(actions).Decisions.Channel[0]);
        }
        Assert.True(seen.Count > 1);
    }

    [Fact]
    public void Given_local_computing_Then_no_UE_offloads_and_delays_are_the_local_ones()
    {
        var env = new MecEnvironment(EnvironmentTests.Named("paper"), 1);
        float[][] actions = Policies.ActionBuffers(env.Layout);
        env.Reset(3);
        UeTask[] tasks = env.CurrentTasks.ToArray();
        new LocalComputingPolicy().Act(env.Observations, actions);
        StepResult r = env.Step(actions);
        for (int u = 0; u < env.Layout.UeCount; u++)
        {
            Assert.Equal(0.0, r.Decisions.Alpha[u]);
            Assert.Equal(SlotDecisions.NoChannel, r.Decisions.Channel[u]);
            // omega / 1 GHz; local energy omega * 1e-9 J.
            TestSupport.AssertClose(tasks[u].Cycles / 1e9, r.Result.Ues[u].DelayS, "LocT");
            TestSupport.AssertClose(tasks[u].Cycles * 1e-9, r.Result.Ues[u].LocalEnergyJ, "LocE");
            Assert.Equal(0.0, r.Result.Ues[u].RateBps);
        }
    }

    [Fact]
    public void Given_random_actions_Then_they_lie_in_the_unit_interval()
    {
        var layout = LayoutGenerator.Generate(SimulationConfig.Paper, 1);
        float[][] actions = Policies.ActionBuffers(layout);
        new RandomPolicy(new Rng(1)).Act(actions, actions);
        Assert.All(actions.SelectMany(a => a), v => Assert.InRange(v, 0f, 1f));
        Assert.True(actions.SelectMany(a => a).Distinct().Count() > 100);
    }
}
