using MecMarl.Randomness;
using MecMarl.Simulation;

namespace MecMarl.Bench.Core;

/// <summary>
/// The environment with random actions, as <see cref="EnvironmentBenchmark"/> and the
/// BenchmarkDotNet environment benchmark time it: each <see cref="Step"/> is one slot of decode
/// (SPEC 7), evaluation (SPEC 5-6, eqs. 1-13), the next slot and the observations, starting a new
/// episode when one ends.
/// </summary>
public sealed class EnvironmentLoop
{
    private readonly MecEnvironment _env;
    private readonly RandomPolicy _policy;
    private readonly float[][] _actions;
    private readonly ulong _seed;
    private int _episode;
    private float[][] _obs;

    /// <summary>
    /// Builds the environment of <paramref name="config"/> with <paramref name="seed"/> (layout and
    /// episode seeds; the random actions come from stream 99 of the same seed), runs one warm-up
    /// episode and starts the next.
    /// </summary>
    public EnvironmentLoop(SimulationConfig config, ulong seed)
    {
        _seed = seed;
        _env = new MecEnvironment(config, seed);
        _policy = new RandomPolicy(new Rng(seed, 99));
        _actions = Policies.ActionBuffers(_env.Layout);
        _obs = _env.Reset(MecEnvironment.EpisodeSeed(seed, _episode++));
        for (int t = 0; t < _env.SlotsPerEpisode; t++)
        {
            _policy.Act(_obs, _actions);
            _obs = _env.Step(_actions).Observations;
        }
        _obs = _env.Reset(MecEnvironment.EpisodeSeed(seed, _episode++));
    }

    /// <summary>Slots run since the warm-up episode.</summary>
    public long Slots { get; private set; }

    /// <summary>One slot with random actions; resets to the next episode when this one is truncated.</summary>
    public void Step()
    {
        _policy.Act(_obs, _actions);
        StepResult r = _env.Step(_actions);
        _obs = r.Truncated ? _env.Reset(MecEnvironment.EpisodeSeed(_seed, _episode++)) : r.Observations;
        Slots++;
    }
}
