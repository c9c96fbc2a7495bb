using MecMarl.Randomness;

namespace MecMarl.Learning;

/// <summary>
/// Federated averaging (eq. 26) of <see cref="PpoAgent"/>s, the aggregation of a PPO scheme with an
/// <c>aggregation</c> object (docs/schemes.md, "Federated PPO"): in every round a coordinator replaces
/// the chosen networks of every participating agent by their average with equal weights
/// (<see cref="AggregatedNetworks.Actor"/>: the policy mean network and the log-std vector;
/// <see cref="AggregatedNetworks.Critic"/>: the value network). PPO agents have no target networks, so
/// <see cref="FedAvgAggregation.Targets"/> has nothing to act on; the Adam states stay local, as in the
/// DDPG rounds. Every agent trains on the same number of rollout rows per update, so the paper's
/// weights (the batch sizes) are equal weights. Supported variants: the period in episodes or slots,
/// the networks, partial participation (drawn from <see cref="FederatedAggregator.ParticipationStream"/>
/// of the training seed, as the DDPG rounds draw it); the coordinator topology, float32 models and no
/// proximal term only (<see cref="SchemeDescription.Problem"/> rejects the others). A round must fall
/// between two PPO updates (the rollout's rows were drawn by the policy that the update's old
/// log-probs are computed from); the trainer's config check makes the period a whole number of rollouts.
/// </summary>
public sealed class PpoFederatedAveraging
{
    private readonly PpoAgent[] _agents;
    private readonly long[] _rounds = new long[1];
    private readonly float[][] _scratch;

    /// <summary>Prepares the rounds of <paramref name="settings"/> for <paramref name="agents"/> (agent order, one shape); <paramref name="seed"/> is the training seed.</summary>
    public PpoFederatedAveraging(FedAvgAggregation settings, IReadOnlyList<PpoAgent> agents, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(agents);
        if (agents.Count == 0)
        {
            throw new ArgumentException("No agents to aggregate.", nameof(agents));
        }
        if (ProblemFor(settings, agents.Count) is { } p)
        {
            throw new ArgumentException($"Aggregation {p.Field}: {p.Problem}.", nameof(settings));
        }
        for (int m = 1; m < agents.Count; m++)
        {
            agents[0].Actor.RequireSameShape(agents[m].Actor);
            agents[0].Value.RequireSameShape(agents[m].Value);
        }
        Settings = settings;
        _agents = [.. agents];
        _scratch = new float[agents.Count + 1][];
        ParticipationRng = new Rng(seed, FederatedAggregator.ParticipationStream);
        LastParticipants = [.. Enumerable.Range(0, agents.Count)];
    }

    /// <summary>
    /// The first field of <paramref name="settings"/> a PPO scheme cannot use with <paramref name="sbsCount"/>
    /// SBSs, as (field under <c>aggregation</c>, problem), or null: <see cref="FedAvgAggregation.ProblemFor"/>,
    /// then the variants implemented for DDPG learners only.
    /// </summary>
    public static (string Field, string Problem)? ProblemFor(FedAvgAggregation settings, int sbsCount)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.ProblemFor(sbsCount) ?? Problem(settings);
    }

    /// <summary>The variants of <paramref name="settings"/> implemented for DDPG learners only, as (field under <c>aggregation</c>, problem), or null.</summary>
    public static (string Field, string Problem)? Problem(FedAvgAggregation settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        const string Only = "with \"learner\": \"ppo\" ";
        if (settings.Topology != AggregationTopology.Coordinator)
        {
            return ("topology", Only + "only \"coordinator\" is implemented");
        }
        if (settings.Quantization != UploadQuantization.None)
        {
            return ("quantization", Only + "models travel as float32 only (\"none\")");
        }
        if (settings.ProximalMu != 0)
        {
            return ("proximalMu", Only + "no proximal term is implemented (0)");
        }
        if (settings.Weighting == AggregationWeighting.Samples)
        {
            return ("weighting", Only + "\"samples\" is not implemented; \"batch-size\" and \"equal\" both weigh every agent the same (every agent trains on the same rollout rows)");
        }
        return null;
    }

    /// <summary>The settings.</summary>
    public FedAvgAggregation Settings { get; }

    /// <summary>Rounds run so far.</summary>
    public int Rounds => (int)_rounds[0];

    /// <summary>Stream of the participation draws (partial participation only).</summary>
    public Rng ParticipationRng { get; }

    /// <summary>The participants of the last round, ascending (every agent before the first).</summary>
    public IReadOnlyList<int> LastParticipants { get; private set; }

    /// <summary>Whether a round is due after <paramref name="episodesDone"/> episodes.</summary>
    public bool DueAfterEpisode(int episodesDone) => FederatedAggregator.IsDueAfterEpisode(Settings, episodesDone);

    /// <summary>Whether a round is due after <paramref name="slotsDone"/> slots.</summary>
    public bool DueAfterSlot(long slotsDone) => FederatedAggregator.IsDueAfterSlot(Settings, slotsDone);

    /// <summary>Runs one round and returns its number.</summary>
    public int Run()
    {
        int round = (int)++_rounds[0];
        int[] participants = FederatedAggregator.DrawParticipants(Settings.Participation, _agents.Length, ParticipationRng);
        LastParticipants = participants;
        if (participants.Length < 2)
        {
            return round;
        }
        if ((Settings.Networks & AggregatedNetworks.Actor) != 0)
        {
            Average(participants, m => _agents[m].Actor.Parameters);
            Average(participants, m => _agents[m].LogStd);
        }
        if ((Settings.Networks & AggregatedNetworks.Critic) != 0)
        {
            Average(participants, m => _agents[m].Value.Parameters);
        }
        return round;
    }

    private void Average(int[] members, Func<int, Span<float>> parameters)
    {
        int length = parameters(members[0]).Length;
        var models = new ReadOnlyMemory<float>[members.Length];
        for (int i = 0; i < members.Length; i++)
        {
            float[] copy = Scratch(i, length);
            parameters(members[i]).CopyTo(copy);
            models[i] = copy;
        }
        float[] average = Scratch(members.Length, length);
        double[] weights = [.. members.Select(_ => 1.0)];
        FederatedAveraging.Average(models, weights, average);
        foreach (int m in members)
        {
            average.CopyTo(parameters(m));
        }
    }

    // Buffer `slot` of `length` floats, kept between rounds (made anew only when the length changes).
    private float[] Scratch(int slot, int length)
    {
        if (_scratch[slot] is not { } b || b.Length != length)
        {
            _scratch[slot] = b = GC.AllocateUninitializedArray<float>(length);
        }
        return b;
    }

    /// <summary>Adds the round count and, with partial participation, the participation stream (the names the DDPG rounds use).</summary>
    public void Save(CheckpointWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        FederatedAggregator.SaveRounds(writer, _rounds, Settings, ParticipationRng);
    }

    /// <summary>Queues the restore of what <see cref="Save"/> wrote.</summary>
    public void Restore(CheckpointRestore restore)
    {
        ArgumentNullException.ThrowIfNull(restore);
        FederatedAggregator.RestoreRounds(restore, _rounds, Settings, ParticipationRng);
    }
}
