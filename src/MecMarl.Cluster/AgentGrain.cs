using System.Diagnostics;
using MecMarl.Experiments;
using MecMarl.Learning;

namespace MecMarl.Cluster;

/// <summary>
/// <see cref="IAgentGrain"/>: one <see cref="DdpgAgent"/> with its own replay, built as
/// <see cref="IndependentLearners"/> builds agent m, and its proximal anchors
/// (<see cref="FederatedAggregator.Anchor"/>) when the scheme has a proximal term. Its state lives in
/// memory only: a silo lost takes it along, and the training goes back to its last checkpoint,
/// which holds every agent's state. Placed by <see cref="SpreadPlacementAttribute"/> (the slot in its key).
/// </summary>
[SpreadPlacement]
public sealed class AgentGrain(ILocalSiloDetails siloDetails) : Grain, IAgentGrain
{
    private string? _generation;
    private DdpgAgent? _agent;
    private float[]?[]? _anchors;
    private IReadOnlyList<int> _averaged = [];
    private UploadQuantization _quantization;

    /// <inheritdoc />
    public Task<string> Init(AgentSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ExperimentConfig config = ExperimentConfig.Parse(setup.ConfigJson, "federated training config");
        SchemeDescription scheme = config.Schemes[setup.Scheme];
        DdpgOptions options = config.Training.Learner;
        int m = setup.Index;
        int[] obs = setup.ObservationWidths, act = setup.ActionWidths;
        AgentStreams streams = AgentStreams.For((ulong)setup.Seed, m);
        bool fromAgent0 = scheme.InitialModel == InitialModel.Common && obs[m] == obs[0] && act[m] == act[0];
        _agent = new DdpgAgent(m, options, LearnerLayout.Local(obs[m], act[m]), streams,
            fromAgent0 ? AgentStreams.For((ulong)setup.Seed, 0).Init : streams.Init, ownReplay: true);
        FedAvgAggregation aggregation = scheme.Aggregation ?? throw new ArgumentException($"Scheme '{setup.Scheme}' does not average models.", nameof(setup));
        _anchors = FederatedAggregator.Anchor(aggregation, _agent.Learner);
        _averaged = FederatedAveraging.AveragedIndices(_agent.Learner.Networks.Count, aggregation.Networks, aggregation.Targets);
        _quantization = aggregation.Quantization;
        _generation = setup.Generation;
        return Task.FromResult(siloDetails.Name);
    }

    private DdpgAgent Agent(string generation) =>
        generation == _generation && _agent is not null
            ? _agent
            : throw new InvalidOperationException($"Agent grain {this.GetPrimaryKeyString()} does not hold training attempt {generation} (its silo was lost, or another attempt took over).");

    /// <inheritdoc />
    public Task<AgentAction> Act(string generation, float[] observation, double noiseStd)
    {
        long start = Stopwatch.GetTimestamp();
        DdpgAgent agent = Agent(generation);
        agent.Act(observation, noiseStd);
        float[] action = agent.Action.ToArray();
        return Task.FromResult(new AgentAction(action, Stopwatch.GetElapsedTime(start).TotalSeconds));
    }

    /// <inheritdoc />
    public Task<AgentLosses> StoreAndLearn(string generation, float reward, float[] nextObservation, bool update)
    {
        long start = Stopwatch.GetTimestamp();
        DdpgAgent agent = Agent(generation);
        agent.Store(reward, nextObservation);
        DdpgLosses losses = update ? agent.UpdateFromOwnReplay() : default;
        return Task.FromResult(new AgentLosses(losses.CriticLoss, losses.ActorLoss, Stopwatch.GetElapsedTime(start).TotalSeconds));
    }

    /// <inheritdoc />
    public async Task<AgentSlot> StoreAndAct(string generation, float reward, float[] nextObservation, bool update, float[] observation, double noiseStd)
    {
        AgentLosses stored = await StoreAndLearn(generation, reward, nextObservation, update).ConfigureAwait(true);
        AgentAction acted = await Act(generation, observation, noiseStd).ConfigureAwait(true);
        return new AgentSlot(stored, acted);
    }

    /// <inheritdoc />
    public Task<ModelUpload> Upload(string generation)
    {
        DdpgLearner learner = Agent(generation).Learner;
        byte[][] networks = [.. _averaged.Select(k => ModelQuantization.Encode(learner.Networks[k].Parameters, learner.Networks[k].Shape, _quantization))];
        return Task.FromResult(new ModelUpload(networks, learner.UpdateCount));
    }

    /// <inheritdoc />
    public Task Download(string generation, ModelBroadcast broadcast)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        FederatedAggregator.Receive(Agent(generation).Learner, _averaged, broadcast.Networks, _quantization, _anchors);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<long> UpdateCount(string generation) => Task.FromResult(Agent(generation).Learner.UpdateCount);

    /// <inheritdoc />
    public Task<ModelBroadcast?> Average(string generation, GroupAverage group)
    {
        ArgumentNullException.ThrowIfNull(group);
        byte[][]? encoded = FederatedAggregator.AverageWithOwn(Agent(generation).Learner, _averaged, [.. group.Models.Select(m => m?.Networks)],
            group.Weights, _quantization, group.Broadcast, _anchors);
        return Task.FromResult(encoded is null ? null : new ModelBroadcast(encoded));
    }

    /// <inheritdoc />
    public Task<byte[]> Save(string generation)
    {
        DdpgAgent agent = Agent(generation);
        var writer = new CheckpointWriter();
        agent.Save(writer);
        AddAnchors(agent.Index, (name, anchor) => writer.AddFloats(name, anchor, anchor.Length));
        return Task.FromResult(writer.ToBytes());
    }

    /// <inheritdoc />
    public Task<string?> Restore(string generation, byte[] sections)
    {
        DdpgAgent agent = Agent(generation);
        try
        {
            var restore = new CheckpointRestore(CheckpointReader.Parse(sections, $"agent {agent.Index}'s sections"));
            agent.Restore(restore);
            AddAnchors(agent.Index, (name, anchor) => restore.Floats(name, anchor));
            restore.Commit();
            return Task.FromResult<string?>(null);
        }
        catch (CheckpointException e)
        {
            return Task.FromResult<string?>(e.Message);
        }
    }

    private void AddAnchors(int agent, Action<string, float[]> each)
    {
        if (_anchors is null)
        {
            return;
        }
        for (int j = 0; j < _anchors.Length; j++)
        {
            if (_anchors[j] is { } anchor)
            {
                each(FederatedAggregator.AnchorName(agent, j), anchor);
            }
        }
    }

    /// <inheritdoc />
    public Task<int> ReplayCount(string generation) => Task.FromResult(Agent(generation).Replay!.Count);

    /// <inheritdoc />
    public Task<string?> NonFiniteParameter(string generation) =>
        Task.FromResult(DdpgMultiAgentLearner.NonFiniteParameter(Agent(generation).Learner));

    /// <inheritdoc />
    public Task<float[]> Actor(string generation) => Task.FromResult(Agent(generation).Learner.Actor.Parameters.ToArray());

    /// <inheritdoc />
    public Task Release(string generation)
    {
        if (generation == _generation)
        {
            _agent = null;
            _generation = null;
            DeactivateOnIdle();
        }
        return Task.CompletedTask;
    }
}
