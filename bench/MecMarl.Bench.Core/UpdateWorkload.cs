using MecMarl.Learning;
using MecMarl.Randomness;

namespace MecMarl.Bench.Core;

/// <summary>
/// One scheme's update of all agents on random data with the paper's shapes (SPEC 8: DDPG with
/// batch 32), built once and run as often as a benchmark asks: <see cref="UpdateBenchmark"/> times
/// it for <c>mecmarl bench --updates</c>, and the BenchmarkDotNet update benchmark runs the same.
/// </summary>
public sealed class UpdateWorkload
{
    /// <summary>Observation width per agent of the paper scenario.</summary>
    public const int ObservationWidth = 206;

    /// <summary>Action width per agent of the paper scenario.</summary>
    public const int ActionWidth = 190;

    private readonly Action _update;

    private UpdateWorkload(string scheme, DdpgLearner[] learners, Action update)
    {
        Scheme = scheme;
        Learners = learners;
        _update = update;
    }

    /// <summary>"MA-DRL" or "F-DRL".</summary>
    public string Scheme { get; }

    /// <summary>The agents' learners, in agent order.</summary>
    public IReadOnlyList<DdpgLearner> Learners { get; }

    /// <summary>The update of every agent, as the scheme's learner runs it: a delegate built once, so that calling it allocates nothing.</summary>
    public Action Update => _update;

    /// <summary>
    /// MA-DRL (SPEC 8, Algorithm 1, eqs. 16, 18): a <see cref="JointReplayLearner"/> of
    /// <paramref name="agents"/> agents with joint critics (2,376 -> 64 -> 1 for six agents) on
    /// <paramref name="threads"/> threads, updated by <see cref="JointReplayLearner.Update(ReplayBatch)"/>
    /// over one joint random batch. Networks come from the agents' streams of <paramref name="seed"/>
    /// (<see cref="AgentStreams"/>), data from stream 1 of <paramref name="seed"/>.
    /// </summary>
    public static UpdateWorkload MaDrl(DdpgOptions options, int threads, int agents, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        int[] obs = [.. Enumerable.Repeat(ObservationWidth, agents)], act = [.. Enumerable.Repeat(ActionWidth, agents)];
        // The update reads only the given batch: a replay of one batch's capacity keeps the workload small.
        var learner = new JointReplayLearner(options with { BufferCapacity = options.BatchSize }, obs, act, seed, threads, commonInitialModel: false);
        var batch = new ReplayBatch(options.BatchSize, agents * ObservationWidth, agents * ActionWidth, agents);
        FillRandom(batch, new Rng(seed, 1));
        // As the MA-DRL trainer runs it, without the sampling.
        void Update() => learner.Update(batch);
        return new UpdateWorkload("MA-DRL", [.. learner.Agents.Select(a => a.Learner)], Update);
    }

    /// <summary>
    /// F-DRL (SPEC 8, Algorithm 2): <paramref name="agents"/> learners with local critics
    /// (396 -> 64 -> 1), each on its own random batch, updated on <see cref="AgentParallel"/>
    /// workers over <paramref name="threads"/> threads. Networks and data come from stream 2 of
    /// <paramref name="seed"/>.
    /// </summary>
    public static UpdateWorkload FDrl(DdpgOptions options, int threads, int agents, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rng = new Rng(seed, 2);
        var learners = new DdpgLearner[agents];
        var batches = new ReplayBatch[agents];
        for (int m = 0; m < agents; m++)
        {
            learners[m] = new DdpgLearner(options, LearnerLayout.Local(ObservationWidth, ActionWidth), rng);
            batches[m] = new ReplayBatch(options.BatchSize, ObservationWidth, ActionWidth, 1);
            FillRandom(batches[m], rng);
        }
        void Update() => AgentParallel.For(agents, threads, m => learners[m].Update(batches[m]));
        return new UpdateWorkload("F-DRL", learners, Update);
    }

    private static void FillRandom(ReplayBatch batch, Rng rng)
    {
        // Observations, actions, next observations uniform in [0, 1), in that order; then rewards N(0, 0.1^2).
        FillUniform(batch.Observations, rng);
        FillUniform(batch.Actions, rng);
        FillUniform(batch.NextObservations, rng);
        Span<float> rewards = batch.Rewards;
        for (int i = 0; i < rewards.Length; i++)
        {
            rewards[i] = (float)(rng.NextGaussian() * 0.1);
        }
    }

    private static void FillUniform(Span<float> s, Rng rng)
    {
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = rng.NextSingle();
        }
    }
}
