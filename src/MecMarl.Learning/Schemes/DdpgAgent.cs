using MecMarl.Randomness;

namespace MecMarl.Learning;

/// <summary>
/// One self-contained agent of a DDPG scheme: its <see cref="DdpgLearner"/> (networks and
/// optimisers), its exploration noise stream, its replay buffer and sampling stream when it has
/// its own (<see cref="ReplayLayout.PerAgent"/>), the observation it last acted on and the action it
/// took. Every draw it makes comes from its own <see cref="AgentStreams"/>.
/// </summary>
public sealed class DdpgAgent
{
    private readonly float[] _reward = new float[1];

    /// <summary>
    /// Creates agent <paramref name="index"/>: the learner initialised from <paramref name="initRng"/>
    /// (its own stream, or agent 0's for a common initial model), and, when
    /// <paramref name="ownReplay"/>, a buffer of <see cref="DdpgOptions.BufferCapacity"/> local transitions.
    /// </summary>
    public DdpgAgent(int index, DdpgOptions options, LearnerLayout layout, AgentStreams streams, Rng initRng, bool ownReplay)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(streams);
        Index = index;
        Learner = new DdpgLearner(options, layout, initRng, options.TargetPolicyNoise > 0 ? streams.Smoothing : null);
        NoiseRng = streams.Noise;
        Observation = new float[layout.ObservationWidth];
        Action = new float[layout.ActionWidth];
        if (ownReplay)
        {
            Replay = new ReplayBuffer(options.BufferCapacity, layout.ObservationWidth, layout.ActionWidth, 1);
            Batch = new ReplayBatch(options.BatchSize, layout.ObservationWidth, layout.ActionWidth, 1);
            ReplayRng = streams.Replay;
        }
    }

    /// <summary>Agent index (SBS m).</summary>
    public int Index { get; }

    /// <summary>The DDPG learner: actor, critic, targets, optimisers.</summary>
    public DdpgLearner Learner { get; }

    /// <summary>The exploration noise stream.</summary>
    public Rng NoiseRng { get; }

    /// <summary>The agent's own replay buffer, or null when it learns from a joint one.</summary>
    public ReplayBuffer? Replay { get; }

    /// <summary>Sampling stream of <see cref="Replay"/>, or null.</summary>
    public Rng? ReplayRng { get; }

    /// <summary>The mini-batch drawn from <see cref="Replay"/>, or null.</summary>
    public ReplayBatch? Batch { get; }

    /// <summary>The observation of the last <see cref="Act"/> (s_m of the transition being formed).</summary>
    public float[] Observation { get; }

    /// <summary>The action of the last <see cref="Act"/>, after noise and clipping (a_m, what is stored).</summary>
    public float[] Action { get; }

    /// <summary>a_m = clip(mu_m(s_m) + N(0, <paramref name="noiseStd"/>^2), 0, 1) per component (SPEC 8 [choice]), drawn from the agent's noise stream.</summary>
    public void Act(ReadOnlySpan<float> observation, double noiseStd)
    {
        observation.CopyTo(Observation);
        Learner.Act(observation, Action);
        GaussianExplorationNoise.Perturb(Action, noiseStd, NoiseRng);
    }

    /// <summary>Stores (s_m, a_m, <paramref name="reward"/>, s'_m, not terminal) in the agent's own buffer (the last slot is a time-limit truncation, SPEC 7).</summary>
    public void Store(float reward, ReadOnlySpan<float> nextObservation)
    {
        _reward[0] = reward;
        Replay!.Add(Observation, Action, _reward, nextObservation, terminal: false);
    }

    /// <summary>One gradient step on a mini-batch drawn from the agent's own buffer.</summary>
    public DdpgLosses UpdateFromOwnReplay()
    {
        Replay!.Sample(ReplayRng!, Batch!);
        return Learner.Update(Batch!);
    }

    /// <summary>Adds the agent's state under <c>agent{m}</c>: learner, noise stream, and its buffer and sampling stream when it has them (docs/checkpoint-format.md).</summary>
    public void Save(CheckpointWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        string p = Prefix;
        writer.AddLearner(p, Learner);
        writer.AddRng(p + ".noise_rng", NoiseRng);
        if (Replay is not null)
        {
            writer.AddReplayBuffer(p + ".replay", Replay);
            writer.AddRng(p + ".replay_rng", ReplayRng!);
        }
    }

    /// <summary>Queues the restore of what <see cref="Save"/> wrote.</summary>
    public void Restore(CheckpointRestore restore)
    {
        ArgumentNullException.ThrowIfNull(restore);
        string p = Prefix;
        restore.Learner(p, Learner).Rng(p + ".noise_rng", NoiseRng);
        if (Replay is not null)
        {
            restore.ReplayBuffer(p + ".replay", Replay).Rng(p + ".replay_rng", ReplayRng!);
        }
    }

    private string Prefix => FormattableString.Invariant($"agent{Index}");
}
