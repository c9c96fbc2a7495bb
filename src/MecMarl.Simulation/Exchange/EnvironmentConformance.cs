using MecMarl.Randomness;

namespace MecMarl.Simulation;

/// <summary>
/// Reusable conformance checks of a <see cref="MecEnvironment"/>, in the spirit of PettingZoo's
/// <c>parallel_api_test</c> and <c>parallel_seed_test</c>. Each throws <see cref="ConformanceException"/>
/// naming the first broken rule.
/// </summary>
public static class EnvironmentConformance
{
    /// <summary>
    /// The reset/step contract over one full episode of random actions: sizes, finite values and
    /// ranges of observations, rewards (cooperative = sum of local, equal for all agents), decisions
    /// that pass validation, terminations always false, truncation exactly at the last slot, a step
    /// after it refused, <see cref="MecEnvironment.State()"/> the concatenation of observations.
    /// </summary>
    public static void CheckApi(MecEnvironment env, ulong seed)
    {
        int agents = env.AgentCount;
        Check(agents == env.Layout.SbsCount && agents > 0, "agent count must equal the number of SBSs");
        bool threw = false;
        try
        {
            var fresh = new MecEnvironment(env.Config, seed);
            fresh.Step(Policies.ActionBuffers(fresh.Layout));
        }
        catch (InvalidOperationException)
        {
            threw = true;
        }
        Check(threw, "a step before the first reset must throw InvalidOperationException");

        float[][] obs = env.Reset(seed);
        CheckObservations(env, obs, slot: 0);
        var policy = new RandomPolicy(new Rng(seed, 7));
        float[][] actions = Policies.ActionBuffers(env.Layout);
        int k = env.Layout.Channels;
        for (int m = 0; m < agents; m++)
        {
            Check(env.ActionSize(m) == env.Layout.CellSize(m) * (3 + k), $"agent {m}: action size must be N_m*(3+K)");
            int lastChannel = env.Config.Environment.ObserveLastChannel ? env.Layout.CellSize(m) * k : 0;
            Check(env.ObservationSize(m) == env.Layout.CellSize(m) * (k + 3) + k + lastChannel,
                lastChannel == 0 ? $"agent {m}: observation size must be N_m*(K+3)+K" : $"agent {m}: observation size must be N_m*(K+3)+K+N_m*K");
        }
        for (int t = 0; t < env.SlotsPerEpisode; t++)
        {
            policy.Act(obs, actions);
            StepResult r = env.Step(actions);
            Check(r.Slot == t, $"step {t}: reported slot {r.Slot}");
            Check(DecisionValidator.FindFirst(env.Layout, r.Decisions, t) is null, $"slot {t}: decoded decisions must be valid");
            double sum = 0;
            for (int m = 0; m < agents; m++)
            {
                Check(double.IsFinite(r.LocalRewards[m]), $"slot {t} agent {m}: local reward must be finite");
                sum += r.LocalRewards[m];
                Check(!r.Terminations[m], $"slot {t} agent {m}: terminations are always false");
                Check(r.Truncations[m] == (t == env.SlotsPerEpisode - 1), $"slot {t} agent {m}: truncation must be true exactly at the last slot");
            }
            for (int m = 0; m < agents; m++)
            {
                Check(r.CooperativeRewards[m] == r.CooperativeRewards[0], $"slot {t}: cooperative reward must be equal for all agents");
            }
            Check(Math.Abs(r.CooperativeRewards[0] - sum) <= 1e-9 * Math.Max(1, Math.Abs(sum)), $"slot {t}: cooperative reward must be the sum of local rewards");
            foreach (UeOutcome o in r.Result.Ues)
            {
                Check(double.IsFinite(o.Utility) && o.RateBps >= 0 && o.InterferenceW >= 0 && o.DelayS >= 0 && o.LocalEnergyJ >= 0 && o.OffloadEnergyJ >= 0,
                    $"slot {t}: per-UE records must be finite and non-negative");
            }
            obs = r.Observations;
            CheckObservations(env, obs, t + 1);
        }
        threw = false;
        try
        {
            env.Step(actions);
        }
        catch (InvalidOperationException)
        {
            threw = true;
        }
        Check(threw, "a step after truncation must throw InvalidOperationException");
    }

    private static void CheckObservations(MecEnvironment env, float[][] obs, int slot)
    {
        int k = env.Layout.Channels;
        Check(obs.Length == env.AgentCount, $"slot {slot}: one observation per agent");
        float[] state = env.State();
        Check(state.Length == env.StateSize, "state size");
        int offset = 0;
        for (int m = 0; m < obs.Length; m++)
        {
            float[] o = obs[m];
            Check(o.Length == env.ObservationSize(m), $"slot {slot} agent {m}: observation length");
            int n = env.Layout.CellSize(m);
            for (int i = 0; i < o.Length; i++)
            {
                Check(float.IsFinite(o[i]), $"slot {slot} agent {m}: observation value {i} must be finite");
                Check(state[offset + i] == o[i], $"slot {slot}: state must be the concatenation of observations");
                if (i < n * (k + 3) && i % (k + 3) >= k)
                {
                    Check(o[i] > 0 && o[i] <= 1, $"slot {slot} agent {m}: task feature {i} must be in (0, 1]");
                }
                if (i >= n * (k + 3) && i < n * (k + 3) + k)
                {
                    Check(o[i] >= 0, $"slot {slot} agent {m}: interference feature {i} must be >= 0");
                    if (slot == 0)
                    {
                        Check(o[i] == 0, $"agent {m}: interference features must be 0 at the first slot");
                    }
                }
                if (i >= n * (k + 3) + k)
                {
                    Check(o[i] == 0 || o[i] == 1, $"slot {slot} agent {m}: last-channel value {i} must be 0 or 1");
                    if (slot == 0)
                    {
                        Check(o[i] == 0, $"agent {m}: last-channel values must be 0 at the first slot");
                    }
                }
            }
            for (int u = 0, start = n * (k + 3) + k; start + (u + 1) * k <= o.Length; u++)
            {
                Check(o.AsSpan(start + u * k, k).Count(1f) <= 1, $"slot {slot} agent {m}: UE {u} of the cell has more than one last channel");
            }
            offset += o.Length;
        }
    }

    /// <summary>
    /// Same seed gives identical trajectories (observations and rewards, bit for bit) in two fresh
    /// environments under the same actions; a different episode seed gives different observations.
    /// </summary>
    public static void CheckSeeds(Func<MecEnvironment> factory, ulong seed, ulong otherSeed, int slots = 5)
    {
        MecEnvironment a = factory(), b = factory(), c = factory();
        float[][] oa = a.Reset(seed), ob = b.Reset(seed), oc = c.Reset(otherSeed);
        Check(Same(oa, ob), "same seed must give the same first observations");
        Check(!Same(oa, oc), "different seeds must give different first observations");
        var pa = new RandomPolicy(new Rng(seed, 3));
        var pb = new RandomPolicy(new Rng(seed, 3));
        float[][] aa = Policies.ActionBuffers(a.Layout), ab = Policies.ActionBuffers(b.Layout);
        for (int t = 0; t < Math.Min(slots, a.SlotsPerEpisode); t++)
        {
            pa.Act(oa, aa);
            pb.Act(ob, ab);
            StepResult ra = a.Step(aa);
            double[] rewardsA = (double[])ra.LocalRewards.Clone();
            StepResult rb = b.Step(ab);
            Check(rewardsA.AsSpan().SequenceEqual(rb.LocalRewards), $"slot {t}: same seed must give the same rewards");
            oa = ra.Observations;
            ob = rb.Observations;
            Check(Same(oa, ob), $"slot {t}: same seed must give the same observations");
        }
    }

    private static bool Same(float[][] x, float[][] y)
    {
        if (x.Length != y.Length)
        {
            return false;
        }
        for (int m = 0; m < x.Length; m++)
        {
            if (!x[m].AsSpan().SequenceEqual(y[m]))
            {
                return false;
            }
        }
        return true;
    }

    private static void Check(bool condition, string rule)
    {
        if (!condition)
        {
            throw new ConformanceException(rule);
        }
    }
}
