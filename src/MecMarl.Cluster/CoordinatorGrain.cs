using MecMarl.Experiments;
using MecMarl.Learning;
using MecMarl.Nn;
using MecMarl.Randomness;
using Orleans.Serialization;

namespace MecMarl.Cluster;

/// <summary>
/// <see cref="ICoordinatorGrain"/>: the rounds of a federated scheme with the coordinator topology,
/// computed as <see cref="FederatedAggregator.Run"/> computes them in one process: participants
/// drawn from the participation stream of the seed (<see cref="FederatedAggregator.DrawParticipants"/>),
/// weights W_m (<see cref="FederatedAggregator.Weight"/>), and for every averaged network the
/// participants' uploads (decoded) averaged in agent order and encoded for the broadcast, as
/// <see cref="FederatedAggregator.Broadcast"/> computes it (<see cref="ModelQuantization.Encode"/> then
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
        int[] members = FederatedAggregator.DrawParticipants(_settings.Participation, _agents.Length, _participation);
        long values = _shapes.Sum(s => (long)s.ParameterCount);
        if (members.Length < 2)
        {
            // A group of one SBS exchanges nothing.
            return new RoundBytes(round, 0, 0, 0, values);
        }
        ModelUpload[] uploads = await Task.WhenAll(members.Select(m => _agents[m].Upload(generation))).ConfigureAwait(true);
        long up = uploads.Sum(u => (long)serializer.SerializeToArray(u).Length);
        var w = new double[_agents.Length];
        for (int i = 0; i < members.Length; i++)
        {
            w[members[i]] = FederatedAggregator.Weight(_settings.Weighting, _batchSize, uploads[i].UpdateCount, _lastSync[members[i]]);
        }
        double[] weights = FederatedAggregator.GroupWeights(members, w);
        var averages = new byte[_shapes.Length][];
        for (int k = 0; k < _shapes.Length; k++)
        {
            NetworkShape shape = _shapes[k];
            var models = new ReadOnlyMemory<float>[uploads.Length];
            for (int i = 0; i < uploads.Length; i++)
            {
                var upload = new float[shape.ParameterCount];
                ModelQuantization.Decode(uploads[i].Networks[k], shape, _settings.Quantization, upload);
                models[i] = upload;
            }
            // The average of FederatedAggregator.Broadcast, sent encoded (decoding it gives Broadcast's values).
            var average = new float[shape.ParameterCount];
            FederatedAveraging.Average(models, weights, average);
            averages[k] = ModelQuantization.Encode(average, shape, _settings.Quantization);
        }
        var broadcast = new ModelBroadcast(averages);
        long down = (long)serializer.SerializeToArray(broadcast).Length * members.Length;
        await Task.WhenAll(members.Select(m => _agents[m].Download(generation, broadcast))).ConfigureAwait(true);
        for (int i = 0; i < members.Length; i++)
        {
            _lastSync[members[i]] = uploads[i].UpdateCount;
        }
        return new RoundBytes(round, members.Length, up, down, values);
    }

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
