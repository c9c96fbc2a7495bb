using MecMarl.Experiments;
using MecMarl.Learning;
using MecMarl.Nn;
using MecMarl.Randomness;
using Orleans.Serialization;

namespace MecMarl.Cluster;

/// <summary>
/// <see cref="ICoordinatorGrain"/>: the rounds of a federated scheme (coordinator, hierarchical or
/// gossip topology), computed as <see cref="FederatedAggregator.Run"/> computes them in one process
/// (clusters and neighbours from the SBS positions as there; the averaging of a cluster head or a
/// gossiping SBS in its own agent grain, <see cref="IAgentGrain.Average"/>): participants
/// drawn from the participation stream of the seed (<see cref="FederatedAggregator.DrawParticipants"/>),
/// weights W_m (<see cref="FederatedAggregator.Weight"/>), and for every averaged network the
/// participants' uploads (decoded) averaged in agent order and encoded for the broadcast, as
/// <see cref="FederatedAggregator.Run"/> computes it in-process (<see cref="ModelQuantization.Encode"/> then
/// <see cref="ModelQuantization.Decode"/> is <see cref="ModelQuantization.RoundTrip"/>). The uploads are asked of all participants at once
/// and averaged once all have arrived, so where the agents live does not change a bit of the result.
/// Every message's size is measured with Orleans' serializer (<see cref="RoundBytes"/>).
/// </summary>
[SpreadPlacement]
public sealed class CoordinatorGrain(Serializer serializer) : Grain, ICoordinatorGrain
{
    private string? _generation;
    private FedAvgAggregation _settings = null!;
    private IAgentGrain[] _agents = [];
    private NetworkShape[] _shapes = [];
    private int _batchSize;
    private long _rounds;
    private long[] _lastSync = [];
    private Rng _participation = null!;
    private int[][] _clusters = [];
    private int[][] _neighbours = [];

    /// <inheritdoc />
    public Task Init(CoordinatorSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ExperimentConfig config = ExperimentConfig.Parse(setup.ConfigJson, "federated training config");
        SchemeDescription scheme = config.Schemes[setup.Scheme];
        _settings = scheme.Aggregation ?? throw new ArgumentException($"Scheme '{setup.Scheme}' does not average models.", nameof(setup));
        DdpgOptions options = config.Training.Learner;
        IReadOnlyList<NetworkShape> shapes = DdpgLearner.NetworkShapes(options, LearnerLayout.Local(setup.ObservationWidth, setup.ActionWidth));
        _shapes = [.. FederatedAveraging.AveragedIndices(shapes.Count, _settings.Networks, _settings.Targets).Select(k => shapes[k])];
        _batchSize = options.BatchSize;
        _agents = [.. setup.AgentKeys.Select(k => GrainFactory.GetGrain<IAgentGrain>(k))];
        _rounds = 0;
        _lastSync = new long[_agents.Length];
        _participation = new Rng((ulong)setup.Seed, FederatedAggregator.ParticipationStream);
        (double X, double Y)[] positions = [.. setup.SbsX.Zip(setup.SbsY)];
        _clusters = _settings.Topology == AggregationTopology.Hierarchical ? FederatedAggregator.Cluster(positions, _settings.ClusterSize) : [];
        _neighbours = _settings.Topology == AggregationTopology.Gossip
            ? [.. Enumerable.Range(0, _agents.Length).Select(m => FederatedAggregator.NearestNeighbours(positions, m, _settings.Degree))]
            : [];
        _generation = setup.Generation;
        return Task.CompletedTask;
    }

    private void Require(string generation)
    {
        if (generation != _generation)
        {
            throw new InvalidOperationException($"Coordinator grain {this.GetPrimaryKeyString()} does not hold training attempt {generation} (its silo was lost, or another attempt took over).");
        }
    }

    /// <inheritdoc />
    public async Task<RoundBytes> Round(string generation)
    {
        Require(generation);
        int round = (int)++_rounds;
        int count = _agents.Length;
        int[] participants = FederatedAggregator.DrawParticipants(_settings.Participation, count, _participation);
        long values = _shapes.Sum(s => (long)s.ParameterCount);
        bool gossip = _settings.Topology == AggregationTopology.Gossip;
        // The groups that average and the member that averages each (-1: the macro BS, here), as FederatedAggregator.Run.
        (int[] Members, int Head)[] groups = gossip ? []
            : _settings.Topology == AggregationTopology.Hierarchical && round % _settings.GlobalEveryRounds != 0
                ? [.. _clusters.Select(c => (c.Where(participants.Contains).ToArray(), participants.Contains(c[0]) ? c[0] : -1))]
                : [(participants, -1)];
        groups = [.. groups.Where(g => g.Members.Length >= 2)];
        int[] heads = [.. groups.Where(g => g.Head >= 0).Select(g => g.Head)];
        int[] uploaders = gossip ? [.. Enumerable.Range(0, count)] : [.. groups.SelectMany(g => g.Members.Where(m => m != g.Head))];
        // Every upload of the round is taken before any model changes.
        ModelUpload[] taken = await Task.WhenAll(uploaders.Select(m => _agents[m].Upload(generation))).ConfigureAwait(true);
        long[] headCounts = await Task.WhenAll(heads.Select(m => _agents[m].UpdateCount(generation))).ConfigureAwait(true);
        var uploads = new ModelUpload?[count];
        var steps = new long[count];
        for (int i = 0; i < uploaders.Length; i++)
        {
            uploads[uploaders[i]] = taken[i];
            steps[uploaders[i]] = taken[i].UpdateCount;
        }
        for (int i = 0; i < heads.Length; i++)
        {
            steps[heads[i]] = headCounts[i];
        }
        double[] w = [.. Enumerable.Range(0, count).Select(m => FederatedAggregator.Weight(_settings.Weighting, _batchSize, steps[m], _lastSync[m]))];
        long up = 0, down = 0;
        var received = new SortedSet<int>();
        if (gossip)
        {
            // Every SBS averages its own exact model with its neighbours' uploads.
            await Task.WhenAll(Enumerable.Range(0, count).Select(m =>
            {
                ModelUpload?[] models = [null, .. _neighbours[m].Select(j => uploads[j])];
                return _agents[m].Average(generation, new GroupAverage(models, FederatedAggregator.GroupWeights([m, .. _neighbours[m]], w), Broadcast: false));
            })).ConfigureAwait(true);
            for (int m = 0; m < count; m++)
            {
                foreach (int j in _neighbours[m])
                {
                    // SBS j's model to SBS m: sent by j, received by m.
                    long bytes = Size(uploads[j]!);
                    up += bytes;
                    down += bytes;
                }
                received.Add(m);
            }
        }
        foreach ((int[] members, int head) in groups)
        {
            double[] weights = FederatedAggregator.GroupWeights(members, w);
            long sent = members.Where(m => m != head).Sum(m => Size(uploads[m]!));
            ModelBroadcast broadcast;
            if (head < 0)
            {
                broadcast = Broadcast([.. members.Select(m => uploads[m]!)], weights);
                up += sent;
                down += Size(broadcast) * members.Length;
            }
            else
            {
                // The cluster head averages its own exact model with its members' uploads and sends the average on.
                ModelUpload?[] models = [.. members.Select(m => m == head ? null : uploads[m])];
                broadcast = (await _agents[head].Average(generation, new GroupAverage(models, weights, Broadcast: true)).ConfigureAwait(true))!;
                // SBS-to-SBS messages, counted at both ends: the uploads to the head and the head's broadcast.
                long both = sent + Size(broadcast) * (members.Length - 1);
                up += both;
                down += both;
            }
            await Task.WhenAll(members.Where(m => m != head).Select(m => _agents[m].Download(generation, broadcast))).ConfigureAwait(true);
            received.UnionWith(members);
        }
        foreach (int m in received)
        {
            _lastSync[m] = steps[m];
        }
        return new RoundBytes(round, received.Count, up, down, values);
    }

    private long Size<T>(T message) => serializer.SerializeToArray(message).Length;

    // The macro BS's average of the uploads (member order), encoded for the broadcast.
    private ModelBroadcast Broadcast(ModelUpload[] uploads, double[] weights) =>
        new(FederatedAggregator.AverageEncoded([.. uploads.Select(u => u.Networks)], weights, _shapes, _settings.Quantization));

    /// <inheritdoc />
    public Task<byte[]> Save(string generation)
    {
        Require(generation);
        // The sections and their order of FederatedAggregator.Save (the anchors come from the agents).
        var writer = new CheckpointWriter();
        writer.AddInt64s("aggregation.rounds", [_rounds], 1);
        if (_settings.Participation < 1)
        {
            writer.AddRng("aggregation.participation_rng", _participation);
        }
        if (_settings.Weighting == AggregationWeighting.Samples)
        {
            writer.AddInt64s("aggregation.last_sync", _lastSync, _lastSync.Length);
        }
        return Task.FromResult(writer.ToBytes());
    }

    /// <inheritdoc />
    public Task<string?> Restore(string generation, byte[] sections)
    {
        Require(generation);
        try
        {
            CheckpointReader reader = CheckpointReader.Parse(sections, "the coordinator's sections");
            var restore = new CheckpointRestore(reader);
            long rounds = restore.Int64s("aggregation.rounds", 1)[0];
            if (rounds < 0)
            {
                return Task.FromResult<string?>($"Checkpoint: aggregation.rounds is negative ({rounds}).");
            }
            if (_settings.Participation < 1)
            {
                restore.Rng("aggregation.participation_rng", _participation);
            }
            long[]? sync = null;
            if (_settings.Weighting == AggregationWeighting.Samples)
            {
                sync = restore.Int64s("aggregation.last_sync", _lastSync.Length);
                if (sync.Any(v => v < 0))
                {
                    return Task.FromResult<string?>("Checkpoint: aggregation.last_sync has a negative update count.");
                }
            }
            restore.Commit();
            _rounds = rounds;
            sync?.CopyTo(_lastSync, 0);
            return Task.FromResult<string?>(null);
        }
        catch (CheckpointException e)
        {
            return Task.FromResult<string?>(e.Message);
        }
    }

    /// <inheritdoc />
    public Task Release(string generation)
    {
        if (generation == _generation)
        {
            _generation = null;
            DeactivateOnIdle();
        }
        return Task.CompletedTask;
    }
}
