using System.Diagnostics;
using MecMarl.Randomness;

namespace MecMarl.Simulation;

/// <summary>Throughput of the environment on one thread (the CLI <c>bench</c> command calls it).</summary>
public static class EnvironmentBenchmark
{
    /// <summary>
    /// Runs random actions through decode + evaluate + next slot + observations for
    /// <paramref name="slots"/> slots (after one warm-up episode) and returns slots per second.
    /// </summary>
    public static double MeasureSlotsPerSecond(SimulationConfig config, int slots, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slots);
        var env = new MecEnvironment(config, seed);
        var policy = new RandomPolicy(new Rng(seed, 99));
        float[][] actions = Policies.ActionBuffers(env.Layout);
        int episode = 0;
        float[][] obs = env.Reset(MecEnvironment.EpisodeSeed(seed, episode++));
        for (int t = 0; t < env.SlotsPerEpisode; t++)
        {
            policy.Act(obs, actions);
            obs = env.Step(actions).Observations;
        }
        obs = env.Reset(MecEnvironment.EpisodeSeed(seed, episode++));
        var watch = Stopwatch.StartNew();
        for (int s = 0; s < slots; s++)
        {
            policy.Act(obs, actions);
            StepResult r = env.Step(actions);
            obs = r.Truncated ? env.Reset(MecEnvironment.EpisodeSeed(seed, episode++)) : r.Observations;
        }
        watch.Stop();
        return slots / watch.Elapsed.TotalSeconds;
    }
}
