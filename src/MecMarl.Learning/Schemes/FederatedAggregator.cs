using MecMarl.Nn;
using MecMarl.Randomness;

namespace MecMarl.Learning;

/// <summary>
/// Runs the aggregation rounds of a federated scheme (<see cref="FedAvgAggregation"/>; SPEC 8,
/// eq. 26, and the variants of docs/schemes.md) on the agents' learners. A round:
/// <list type="number">
/// <item>participants: every SBS, or ceil(fraction x M) of them drawn without replacement from
/// the participation stream (<see cref="ParticipationStream"/> of the training seed, used by
/// nothing else, drawn on the calling thread);</item>
/// <item>groups that average: the participants (coordinator, and the macro BS of a hierarchical
/// scheme every <see cref="FedAvgAggregation.GlobalEveryRounds"/>-th round), the participants of
/// each cluster (the other hierarchical rounds; the cluster's head, its lowest-index SBS, averages
/// when it participates), or every SBS with its nearest neighbours (gossip);</item>
/// <item>for every averaged network (and averaged target): each member's upload is encoded and
/// decoded (<see cref="ModelQuantization"/>), the group's average weighted by W_m
/// (<see cref="FedAvgAggregation.Weighting"/>) is computed in member order
/// (<see cref="FederatedAveraging.Average"/>), encoded and decoded again for the broadcast, and
/// written into every member. A cluster head's own model does not travel: it enters the average
/// exact and the head keeps the exact average. In gossip each SBS keeps its own model exact,
/// averages it with its neighbours' decoded uploads, and nothing is broadcast. All averages of a round are computed
/// from the models before the round. A group of one SBS exchanges nothing;</item>
/// <item>with a proximal term, each SBS that received a model anchors its proximal term there.</item>
/// </list>
/// Everything runs in agent order on one thread, so results do not depend on the thread count.
/// </summary>
public sealed class FederatedAggregator
{
    /// <summary>Stream of the participation draws (of the training seed), shared by no agent.</summary>
    public const ulong ParticipationStream = 0xFEDA_9A27;

    private readonly DdpgLearner[] _learners;
    private readonly long[] _rounds = new long[1];
    private readonly long[] _lastSync;
    private readonly int[][] _clusters;
    private readonly int[][] _neighbours;
    private readonly float[]?[]?[] _anchors; // [agent][actor, critic, critic2] or null entries
    private int[] _lastParticipants;

    // Buffers for the uploads and averages of a round, per network index and slot, kept between
    // rounds: a round then allocates nothing (fresh large arrays every round cost page faults and
    // full collections, which stall every other training of the process).
    private readonly List<float[]>[] _scratch;

    /// <summary>
    /// Prepares the rounds of <paramref name="settings"/> for <paramref name="learners"/> (agent
    /// order, one network shape). <paramref name="sbsPositions"/> (x, y in metres, agent order) are
    /// needed by the hierarchical and gossip topologies; <paramref name="seed"/> is the training seed.
    /// With a proximal term, every learner's <see cref="DdpgLearner.Proximal"/> is set, anchored at its current (initial) model.
    /// </summary>
    public FederatedAggregator(FedAvgAggregation settings, IReadOnlyList<DdpgLearner> learners, IReadOnlyList<(double X, double Y)>? sbsPositions, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(learners);
        if (learners.Count == 0)
        {
            throw new ArgumentException("No learners to aggregate.", nameof(learners));
        }
        if (settings.ProblemFor(learners.Count) is { } p)
        {
            throw new ArgumentException($"Aggregation {p.Field}: {p.Problem}.", nameof(settings));
        }
        for (int m = 1; m < learners.Count; m++)
        {
            if (learners[m].Networks.Count != learners[0].Networks.Count)
            {
                throw new ArgumentException("Every learner needs twin critics when the first has them, and none otherwise.", nameof(learners));
            }
            for (int k = 0; k < learners[0].Networks.Count; k++)
            {
                learners[0].Networks[k].RequireSameShape(learners[m].Networks[k]);
            }
        }
        Settings = settings;
        _learners = [.. learners];
        int count = _learners.Length;
        _lastSync = new long[count];
        _lastParticipants = [.. Enumerable.Range(0, count)];
        _scratch = [.. _learners[0].Networks.Select(_ => new List<float[]>())];
        ParticipationRng = new Rng(seed, ParticipationStream);
        bool needPositions = settings.Topology != AggregationTopology.Coordinator;
        if (needPositions && (sbsPositions is null || sbsPositions.Count != count))
        {
            throw new ArgumentException($"The {settings.Topology} topology needs one SBS position per agent.", nameof(sbsPositions));
        }
        _clusters = settings.Topology == AggregationTopology.Hierarchical ? Cluster(sbsPositions!, settings.ClusterSize) : [];
        _neighbours = settings.Topology == AggregationTopology.Gossip
            ? [.. Enumerable.Range(0, count).Select(m => NearestNeighbours(sbsPositions!, m, settings.Degree))]
            : [];
        _anchors = new float[]?[]?[count];
        for (int m = 0; m < count; m++)
        {
            _anchors[m] = Anchor(settings, _learners[m]);
        }
    }

    /// <summary>
    /// With a proximal term (<see cref="FedAvgAggregation.ProximalMu"/> &gt; 0): anchors
    /// <paramref name="learner"/>'s <see cref="DdpgLearner.Proximal"/> at its current model and
    /// returns the anchors [actor, critic, critic 2] (null entries for networks not averaged), which
    /// <see cref="ReAnchor"/> moves after every round the learner takes part in; null without one.
    /// </summary>
    public static float[]?[]? Anchor(FedAvgAggregation settings, DdpgLearner learner)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(learner);
        if (settings.ProximalMu <= 0)
        {
            return null;
        }
        bool actor = (settings.Networks & AggregatedNetworks.Actor) != 0, critic = (settings.Networks & AggregatedNetworks.Critic) != 0;
        float[]?[] anchors =
        [
            actor ? learner.Actor.Parameters.ToArray() : null,
            critic ? learner.Critic.Parameters.ToArray() : null,
            critic && learner.Critic2 is not null ? learner.Critic2.Parameters.ToArray() : null,
        ];
        learner.Proximal = new ProximalTerm((float)settings.ProximalMu, anchors[0], anchors[1], anchors[2]);
        return anchors;
    }

    /// <summary>Copies <paramref name="learner"/>'s current networks into its proximal <paramref name="anchors"/> (after a round it received a model in).</summary>
    public static void ReAnchor(float[]?[] anchors, DdpgLearner learner)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        ArgumentNullException.ThrowIfNull(learner);
        if (anchors[0] is { } actor)
        {
            learner.Actor.Parameters.CopyTo(actor);
        }
        if (anchors[1] is { } critic)
        {
            learner.Critic.Parameters.CopyTo(critic);
        }
        if (anchors[2] is { } critic2)
        {
            learner.Critic2!.Parameters.CopyTo(critic2);
        }
    }

    /// <summary>The aggregation settings.</summary>
    public FedAvgAggregation Settings { get; }

    /// <summary>Rounds done so far.</summary>
    public int Rounds => (int)_rounds[0];

    /// <summary>The participation stream (saved in checkpoints when participation is partial).</summary>
    public Rng ParticipationRng { get; }

    /// <summary>The clusters of a hierarchical scheme (SBS indices, ascending within a cluster), else empty.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Clusters => _clusters;

    /// <summary>Each SBS's gossip neighbours (nearest first), else empty.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Neighbours => _neighbours;

    /// <summary>The participants of the last round, ascending (every SBS before the first).</summary>
    public IReadOnlyList<int> LastParticipants => _lastParticipants;

    /// <summary>Whether the last round was a macro-BS round over all participants (always for the coordinator topology, never for gossip).</summary>
    public bool LastRoundWasGlobal { get; private set; }

    /// <summary>Whether a round is due after <paramref name="episodesDone"/> episodes (period in episodes).</summary>
    public bool DueAfterEpisode(int episodesDone) => IsDueAfterEpisode(Settings, episodesDone);

    /// <summary>Whether a round is due after <paramref name="slotsDone"/> training slots (period in slots).</summary>
    public bool DueAfterSlot(long slotsDone) => IsDueAfterSlot(Settings, slotsDone);

    /// <summary>Whether <paramref name="settings"/> call for a round after <paramref name="episodesDone"/> episodes (period in episodes).</summary>
    public static bool IsDueAfterEpisode(FedAvgAggregation settings, int episodesDone)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.PeriodSlots is null && episodesDone % settings.PeriodEpisodes == 0;
    }

    /// <summary>Whether <paramref name="settings"/> call for a round after <paramref name="slotsDone"/> training slots (period in slots).</summary>
    public static bool IsDueAfterSlot(FedAvgAggregation settings, long slotsDone)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.PeriodSlots is { } p && slotsDone % p == 0;
    }

    /// <summary>Number of participants per round: ceil(fraction x M), at least 1.</summary>
    public static int ParticipantCount(double fraction, int agents) =>
        Math.Clamp((int)Math.Ceiling(fraction * agents - 1e-9), 1, agents);

    /// <summary>
    /// Clusters of <paramref name="size"/> neighbouring SBSs: the unassigned SBS of lowest index
    /// seeds a cluster and takes its size - 1 nearest unassigned SBSs (ties by index), until every
    /// SBS has a cluster (the last may be smaller). Deterministic for a layout.
    /// </summary>
    public static int[][] Cluster(IReadOnlyList<(double X, double Y)> positions, int size)
    {
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        var free = new SortedSet<int>(Enumerable.Range(0, positions.Count));
        var clusters = new List<int[]>();
        while (free.Count > 0)
        {
            int seed = free.Min;
            int[] members = [.. free.OrderBy(j => Distance(positions, seed, j)).ThenBy(j => j).Take(size).Order()];
            free.ExceptWith(members);
            clusters.Add(members);
        }
        return [.. clusters];
    }

    /// <summary>The <paramref name="degree"/> SBSs nearest to SBS <paramref name="m"/> (itself excluded; ties by index), nearest first.</summary>
    public static int[] NearestNeighbours(IReadOnlyList<(double X, double Y)> positions, int m, int degree)
    {
        ArgumentNullException.ThrowIfNull(positions);
        if (degree < 0 || degree > positions.Count - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(degree), $"Degree {degree} with {positions.Count} SBSs.");
        }
        return [.. Enumerable.Range(0, positions.Count).Where(j => j != m).OrderBy(j => Distance(positions, m, j)).ThenBy(j => j).Take(degree)];
    }

    private static double Distance(IReadOnlyList<(double X, double Y)> p, int a, int b)
    {
        double dx = p[a].X - p[b].X, dy = p[a].Y - p[b].Y;
        return Math.Sqrt(dx * dx + dy * dy);
    }

    /// <summary>Runs one round (see the class summary) and returns its number.</summary>
    public int Run()
    {
        int round = (int)++_rounds[0];
        int count = _learners.Length;
        int[] participants = DrawParticipants();
        _lastParticipants = participants;
        double[] w = Weights();
        FedAvgAggregation s = Settings;
        bool[] received = new bool[count];
        int[][] groups;
        int[] heads; // per group: the member that averages (its own model and the average stay exact), or -1 for the macro BS
        if (s.Topology == AggregationTopology.Gossip)
        {
            groups = [];
            heads = [];
            LastRoundWasGlobal = false;
        }
        else if (s.Topology == AggregationTopology.Hierarchical && round % s.GlobalEveryRounds != 0)
        {
            groups = [.. _clusters.Select(c => c.Where(m => participants.Contains(m)).ToArray())];
            heads = [.. _clusters.Select(c => participants.Contains(c[0]) ? c[0] : -1)];
            LastRoundWasGlobal = false;
        }
        else
        {
            groups = [participants];
            heads = [-1];
            LastRoundWasGlobal = true;
        }
        foreach (int k in FederatedAveraging.AveragedIndices(_learners[0].Networks.Count, s.Networks, s.Targets))
        {
            if (s.Topology == AggregationTopology.Gossip)
            {
                Gossip(k, w);
                Array.Fill(received, true);
                continue;
            }
            for (int i = 0; i < groups.Length; i++)
            {
                int[] g = groups[i];
                if (g.Length < 2)
                {
                    continue;
                }
                AverageGroup(k, g, w, heads[i]);
                foreach (int m in g)
                {
                    received[m] = true;
                }
            }
        }
        for (int m = 0; m < count; m++)
        {
            if (received[m])
            {
                _lastSync[m] = _learners[m].UpdateCount;
                if (_anchors[m] is { } anchors)
                {
                    ReAnchor(anchors, _learners[m]);
                }
            }
        }
        return round;
    }

    private int[] DrawParticipants() => DrawParticipants(Settings.Participation, _learners.Length, ParticipationRng);

    /// <summary>
    /// The participants of a round, ascending: every SBS with full participation (nothing drawn),
    /// else <see cref="ParticipantCount"/> of <paramref name="count"/> drawn without replacement from <paramref name="rng"/>.
    /// </summary>
    public static int[] DrawParticipants(double participation, int count, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (participation >= 1)
        {
            return [.. Enumerable.Range(0, count)];
        }
        int k = ParticipantCount(participation, count);
        int[] order = [.. Enumerable.Range(0, count)];
        for (int i = 0; i < k; i++)
        {
            int j = i + rng.NextInt(count - i);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return [.. order.Take(k).Order()];
    }

    // W_m of every agent for this round (eq. 26 and its variants).
    private double[] Weights() => [.. _learners.Select((l, m) => Weight(Settings.Weighting, l.Options.BatchSize, l.UpdateCount, _lastSync[m]))];

    /// <summary>
    /// W_m of one agent in a round (eq. 26 and its variants): 1 (<see cref="AggregationWeighting.Equal"/>),
    /// its batch size times the gradient steps since its last round (<see cref="AggregationWeighting.Samples"/>),
    /// or its batch size (the paper).
    /// </summary>
    public static double Weight(AggregationWeighting weighting, int batchSize, long updateCount, long lastSync) => weighting switch
    {
        AggregationWeighting.Equal => 1.0,
        AggregationWeighting.Samples => (double)batchSize * (updateCount - lastSync),
        _ => batchSize,
    };

    /// <summary>The weights of <paramref name="members"/> out of every agent's <paramref name="w"/>; equal when they are all zero (a round before any gradient step).</summary>
    public static double[] GroupWeights(IReadOnlyList<int> members, IReadOnlyList<double> w)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(w);
        double[] g = [.. members.Select(m => w[m])];
        return g.Sum() > 0 ? g : [.. g.Select(_ => 1.0)];
    }

    // The average of one group written into its members. Every member's upload is encoded and
    // decoded, and so is the broadcast, except for the head (a cluster's aggregating SBS), whose
    // model does not travel: it averages its own exact model and keeps the exact average.
    private void AverageGroup(int k, int[] members, double[] w, int head)
    {
        var models = new ReadOnlyMemory<float>[members.Length];
        NetworkShape shape = _learners[0].Networks[k].Shape;
        for (int i = 0; i < members.Length; i++)
        {
            float[] model = Scratch(k, i, shape.ParameterCount);
            _learners[members[i]].Networks[k].Parameters.CopyTo(model);
            if (members[i] != head)
            {
                ModelQuantization.RoundTrip(model, shape, Settings.Quantization);
            }
            models[i] = model;
        }
        float[] average = Scratch(k, members.Length, shape.ParameterCount);
        FederatedAveraging.Average(models, GroupWeights(members, w), average);
        if (head >= 0)
        {
            average.CopyTo(_learners[head].Networks[k].Parameters);
        }
        ModelQuantization.RoundTrip(average, shape, Settings.Quantization);
        foreach (int m in members)
        {
            if (m != head)
            {
                average.CopyTo(_learners[m].Networks[k].Parameters);
            }
        }
    }

    // Buffer `slot` of network `k`, made with `length` floats (every network k has one length) on first use.
    private float[] Scratch(int k, int slot, int length)
    {
        List<float[]> buffers = _scratch[k];
        while (buffers.Count <= slot)
        {
            buffers.Add(GC.AllocateUninitializedArray<float>(length));
        }
        return buffers[slot];
    }

    private void Gossip(int k, double[] w)
    {
        int count = _learners.Length;
        NetworkShape shape = _learners[0].Networks[k].Shape;
        // Scratch slots 0..count-1: own models; count..2count-1: what each sends; 2count..3count-1: results.
        float[][] own = new float[count][], sent = new float[count][], results = new float[count][];
        for (int m = 0; m < count; m++)
        {
            own[m] = Scratch(k, m, shape.ParameterCount);
            sent[m] = Scratch(k, count + m, shape.ParameterCount);
            results[m] = Scratch(k, 2 * count + m, shape.ParameterCount);
            _learners[m].Networks[k].Parameters.CopyTo(own[m]);
            own[m].CopyTo(sent[m]);
            ModelQuantization.RoundTrip(sent[m], shape, Settings.Quantization);
        }
        for (int m = 0; m < count; m++)
        {
            int[] members = [m, .. _neighbours[m]];
            ReadOnlyMemory<float>[] models = [own[m], .. _neighbours[m].Select(j => (ReadOnlyMemory<float>)sent[j])];
            FederatedAveraging.Average(models, GroupWeights(members, w), results[m]);
        }
        for (int m = 0; m < count; m++)
        {
            results[m].CopyTo(_learners[m].Networks[k].Parameters);
        }
    }

    /// <summary>Adds the round count <paramref name="rounds"/>[0] and, with partial participation, the participation stream (sections <c>aggregation.rounds</c>, <c>aggregation.participation_rng</c>; DDPG and PPO rounds alike).</summary>
    internal static void SaveRounds(CheckpointWriter writer, long[] rounds, FedAvgAggregation settings, Rng participation)
    {
        writer.AddInt64s("aggregation.rounds", rounds, 1);
        if (settings.Participation < 1)
        {
            writer.AddRng("aggregation.participation_rng", participation);
        }
    }

    /// <summary>Queues the restore of what <see cref="SaveRounds"/> wrote into <paramref name="rounds"/>[0] and <paramref name="participation"/>; a negative count is a <see cref="CheckpointException"/>.</summary>
    internal static void RestoreRounds(CheckpointRestore restore, long[] rounds, FedAvgAggregation settings, Rng participation)
    {
        long stored = restore.Int64s("aggregation.rounds", 1)[0];
        if (stored < 0)
        {
            throw new CheckpointException($"Checkpoint: aggregation.rounds is negative ({stored}).");
        }
        restore.Then(() => rounds[0] = stored);
        if (settings.Participation < 1)
        {
            restore.Rng("aggregation.participation_rng", participation);
        }
    }

    /// <summary>Adds the round count, and what the variants keep between rounds: the participation stream (partial participation), the update counts at each agent's last sync (weighting by samples) and the proximal anchors (FedProx).</summary>
    public void Save(CheckpointWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        SaveRounds(writer, _rounds, Settings, ParticipationRng);
        if (Settings.Weighting == AggregationWeighting.Samples)
        {
            writer.AddInt64s("aggregation.last_sync", _lastSync, _lastSync.Length);
        }
        for (int m = 0; m < _anchors.Length; m++)
        {
            if (_anchors[m] is { } a)
            {
                for (int j = 0; j < a.Length; j++)
                {
                    if (a[j] is { } anchor)
                    {
                        writer.AddFloats(AnchorName(m, j), anchor, anchor.Length);
                    }
                }
            }
        }
    }

    /// <summary>Queues the restore of what <see cref="Save"/> wrote.</summary>
    public void Restore(CheckpointRestore restore)
    {
        ArgumentNullException.ThrowIfNull(restore);
        RestoreRounds(restore, _rounds, Settings, ParticipationRng);
        if (Settings.Weighting == AggregationWeighting.Samples)
        {
            long[] sync = restore.Int64s("aggregation.last_sync", _lastSync.Length);
            if (sync.Any(v => v < 0))
            {
                throw new CheckpointException("Checkpoint: aggregation.last_sync has a negative update count.");
            }
            restore.Then(() => sync.CopyTo(_lastSync, 0));
        }
        for (int m = 0; m < _anchors.Length; m++)
        {
            if (_anchors[m] is { } a)
            {
                for (int j = 0; j < a.Length; j++)
                {
                    if (a[j] is { } anchor)
                    {
                        restore.Floats(AnchorName(m, j), anchor);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The macro BS's side of one round on encoded messages (a coordinator that is not an SBS): for
    /// every averaged network k (shape <paramref name="shapes"/>[k]), the members' <paramref name="uploads"/>
    /// (member order, each <see cref="ModelQuantization.Encode"/>d) decoded, averaged with
    /// <paramref name="weights"/> in member order (eq. 26), and encoded for the broadcast. Decoding
    /// the result gives the values <see cref="Run"/> broadcasts in-process for the same uploads.
    /// </summary>
    public static byte[][] AverageEncoded(IReadOnlyList<IReadOnlyList<byte[]>> uploads, ReadOnlySpan<double> weights, IReadOnlyList<NetworkShape> shapes, UploadQuantization quantization)
    {
        ArgumentNullException.ThrowIfNull(uploads);
        ArgumentNullException.ThrowIfNull(shapes);
        var averages = new byte[shapes.Count][];
        for (int k = 0; k < shapes.Count; k++)
        {
            NetworkShape shape = shapes[k];
            var models = new ReadOnlyMemory<float>[uploads.Count];
            for (int i = 0; i < uploads.Count; i++)
            {
                var upload = new float[shape.ParameterCount];
                ModelQuantization.Decode(uploads[i][k], shape, quantization, upload);
                models[i] = upload;
            }
            var average = new float[shape.ParameterCount];
            FederatedAveraging.Average(models, weights, average);
            averages[k] = ModelQuantization.Encode(average, shape, quantization);
        }
        return averages;
    }

    /// <summary>
    /// The side of an SBS that averages itself (a hierarchical cluster's head, or every SBS in gossip),
    /// on encoded messages: for every network of <paramref name="learner"/> at <paramref name="averaged"/>,
    /// its own exact model at its place in the group (the null entry of <paramref name="uploads"/>) and
    /// the others' decoded uploads are averaged with <paramref name="weights"/> in member order, and the
    /// exact average is written into the learner; returns the encoded averages to send on when
    /// <paramref name="encode"/>, else null. The proximal anchors follow (<see cref="ReAnchor"/>) when given.
    /// </summary>
    public static byte[][]? AverageWithOwn(DdpgLearner learner, IReadOnlyList<int> averaged, IReadOnlyList<IReadOnlyList<byte[]>?> uploads,
        ReadOnlySpan<double> weights, UploadQuantization quantization, bool encode, float[]?[]? anchors)
    {
        ArgumentNullException.ThrowIfNull(learner);
        ArgumentNullException.ThrowIfNull(averaged);
        ArgumentNullException.ThrowIfNull(uploads);
        if (uploads.Count(u => u is null) != 1 || weights.Length != uploads.Count)
        {
            throw new ArgumentException("A group average needs one weight per member and exactly one own place.", nameof(uploads));
        }
        byte[][]? encoded = encode ? new byte[averaged.Count][] : null;
        for (int i = 0; i < averaged.Count; i++)
        {
            DenseNetwork network = learner.Networks[averaged[i]];
            NetworkShape shape = network.Shape;
            var models = new ReadOnlyMemory<float>[uploads.Count];
            for (int j = 0; j < models.Length; j++)
            {
                if (uploads[j] is { } upload)
                {
                    var decoded = new float[shape.ParameterCount];
                    ModelQuantization.Decode(upload[i], shape, quantization, decoded);
                    models[j] = decoded;
                }
                else
                {
                    models[j] = network.Parameters.ToArray();
                }
            }
            var average = new float[shape.ParameterCount];
            FederatedAveraging.Average(models, weights, average);
            average.CopyTo(network.Parameters);
            if (encoded is not null)
            {
                encoded[i] = ModelQuantization.Encode(average, shape, quantization);
            }
        }
        if (anchors is not null)
        {
            ReAnchor(anchors, learner);
        }
        return encoded;
    }

    /// <summary>Writes a received encoded average (<see cref="AverageEncoded"/> or <see cref="AverageWithOwn"/>) into <paramref name="learner"/>'s networks at <paramref name="averaged"/>; the proximal anchors follow when given.</summary>
    public static void Receive(DdpgLearner learner, IReadOnlyList<int> averaged, IReadOnlyList<byte[]> broadcast, UploadQuantization quantization, float[]?[]? anchors)
    {
        ArgumentNullException.ThrowIfNull(learner);
        ArgumentNullException.ThrowIfNull(averaged);
        ArgumentNullException.ThrowIfNull(broadcast);
        if (broadcast.Count != averaged.Count)
        {
            throw new ArgumentException($"The broadcast holds {broadcast.Count} networks, the agent averages {averaged.Count}.", nameof(broadcast));
        }
        for (int i = 0; i < averaged.Count; i++)
        {
            DenseNetwork network = learner.Networks[averaged[i]];
            ModelQuantization.Decode(broadcast[i], network.Shape, quantization, network.Parameters);
        }
        if (anchors is not null)
        {
            ReAnchor(anchors, learner);
        }
    }

    /// <summary>The checkpoint section of agent <paramref name="agent"/>'s proximal anchor of network <paramref name="network"/> (0 actor, 1 critic, 2 second critic).</summary>
    public static string AnchorName(int agent, int network) =>
        FormattableString.Invariant($"aggregation.anchor{agent}.{(network == 0 ? "actor" : network == 1 ? "critic" : "critic2")}");
}
