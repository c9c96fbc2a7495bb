using System.Diagnostics;
using System.Globalization;
using System.Text;
using MecMarl.Experiments;
using MecMarl.Learning;
using MecMarl.Nn;

namespace MecMarl.Cluster;

/// <summary>
/// An agent or the coordinator of a federated training on a cluster could not be reached, or no
/// longer holds the training's state (its silo was lost): the training goes back to its last
/// checkpoint, with every agent rebuilt from it.
/// </summary>
public sealed class FederatedAgentLostException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The F-DRL learner of <see cref="IMultiAgentLearner"/> with its agents on a cluster: agent m is the
/// grain <see cref="IAgentGrain"/> <c>&lt;slot&gt;:&lt;run key&gt;/agent&lt;m&gt;</c> and the averaging
/// rounds run in the grain <see cref="ICoordinatorGrain"/>, while the trainer that drives this
/// learner (and owns the environment that couples the cells) runs where the training's work item
/// runs. Per slot one call to every agent (at once): it stores the last slot's transition, takes
/// its gradient step when one is due, and acts on this slot's observation
/// (<see cref="IAgentGrain.StoreAndAct"/>; the last transition of an episode goes on its own at the
/// episode's end, or before a round or a checkpoint); when a round is due, one call to the coordinator, which asks the participants for their
/// uploads and sends them the average. Every agent's arithmetic is that of
/// <see cref="IndependentLearners"/> and the coordinator's that of <see cref="FederatedAggregator"/>,
/// so the training's files are those of the in-process training, byte for byte, wherever the
/// grains are placed. Checkpoints are assembled from the agents' and the coordinator's sections in
/// the in-process order. Each round's message sizes go to <see cref="BytesFile"/> in the run folder.
/// A call that fails (a lost silo) is a <see cref="FederatedAgentLostException"/>. The agents report
/// the time they spent inside their act and store-and-update calls, and the rounds are timed here
/// (<see cref="IRemoteLearner"/>), for the trainer's <see cref="SlotBudget"/>.
/// </summary>
public sealed class GrainLearner : IMultiAgentLearner, IRemoteLearner
{
    /// <summary>Per-round bytes of the averaging messages as Orleans serialized them (CSV: round, participants, bytesUp, bytesDown, values).</summary>
    public const string BytesFile = "federated_bytes.csv";

    /// <summary>Header of <see cref="BytesFile"/>.</summary>
    public const string BytesHeader = "round,participants,bytesUp,bytesDown,values";

    private readonly IAgentGrain[] _agents;
    private readonly ICoordinatorGrain _coordinator;
    private readonly string _generation = Guid.NewGuid().ToString("N");
    private readonly FedAvgAggregation _aggregation;
    private readonly float[][] _actions;
    private readonly float[][] _pendingNext;
    private readonly float[] _pendingRewards;
    private readonly DdpgLosses[] _losses;
    private readonly DenseNetwork[] _actors;
    private readonly int _learningStarts;
    private readonly int _capacity;
    private readonly string? _runFolder;
    private readonly List<RoundBytes> _rounds = [];
    private bool _pending;
    private bool _pendingUpdate;
    private long _stored;
    private RemoteWork _work;

    /// <summary>
    /// Builds every agent grain and the coordinator grain for a new training attempt of
    /// <paramref name="scheme"/> under <paramref name="configJson"/> (which must average with the
    /// its own replay per agent: <see cref="FederatedCluster.Problem"/>).
    /// </summary>
    /// <param name="grains">The cluster's grain factory.</param>
    /// <param name="runKey">Names the training's grains (the work item key).</param>
    /// <param name="slot">Placement slot of agent 0 (agent m gets slot + m, the coordinator slot + M): which silo each grain lands on.</param>
    /// <param name="configJson">The run's resolved config.</param>
    /// <param name="scheme">Scheme id.</param>
    /// <param name="seed">Training seed.</param>
    /// <param name="observationWidths">Every agent's observation width.</param>
    /// <param name="actionWidths">Every agent's action width.</param>
    /// <param name="sbsPositions">Every SBS's position (x, y in metres, agent order), for the hierarchical and gossip topologies.</param>
    /// <param name="runFolder">The run folder where <see cref="BytesFile"/> is written, or null for none.</param>
    public GrainLearner(IGrainFactory grains, string runKey, int slot, string configJson, string scheme, int seed,
        IReadOnlyList<int> observationWidths, IReadOnlyList<int> actionWidths, IReadOnlyList<(double X, double Y)> sbsPositions, string? runFolder)
    {
        ArgumentNullException.ThrowIfNull(sbsPositions);
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(observationWidths);
        ArgumentNullException.ThrowIfNull(actionWidths);
        ExperimentConfig config = ExperimentConfig.Parse(configJson, "federated training config");
        if (FederatedCluster.Problem(config, scheme) is { } problem)
        {
            throw new ArgumentException(problem, nameof(scheme));
        }
        FedAvgAggregation aggregation = config.Schemes[scheme].Aggregation!;
        _aggregation = aggregation;
        int count = observationWidths.Count;
        string[] keys = [.. Enumerable.Range(0, count).Select(m => string.Create(CultureInfo.InvariantCulture, $"{slot + m}:{runKey}/agent{m}"))];
        _agents = [.. keys.Select(k => grains.GetGrain<IAgentGrain>(k))];
        _coordinator = grains.GetGrain<ICoordinatorGrain>(string.Create(CultureInfo.InvariantCulture, $"{slot + count}:{runKey}/coordinator"));
        _actions = [.. actionWidths.Select(w => new float[w])];
        _pendingNext = new float[count][];
        _pendingRewards = new float[count];
        _losses = new DdpgLosses[count];
        DdpgOptions options = config.Training.Learner;
        _actors = [.. Enumerable.Range(0, count).Select(m => new DenseNetwork(DdpgLearner.Shapes(options, LearnerLayout.Local(observationWidths[m], actionWidths[m])).Actor, 1))];
        _learningStarts = options.LearningStarts;
        _capacity = options.BufferCapacity;
        _runFolder = runFolder;
        int[] obs = [.. observationWidths], act = [.. actionWidths];
        Silos = Call(() => Task.WhenAll(Enumerable.Range(0, count).Select(m => _agents[m].Init(new AgentSetup(_generation, configJson, scheme, seed, m, obs, act)))));
        Call(() => _coordinator.Init(new CoordinatorSetup(_generation, configJson, scheme, seed, keys, obs[0], act[0],
            [.. sbsPositions.Select(p => p.X)], [.. sbsPositions.Select(p => p.Y)])));
    }

    /// <summary>The silo each agent grain was built on, agent order.</summary>
    public IReadOnlyList<string> Silos { get; }

    /// <summary>The rounds so far with their measured bytes.</summary>
    public IReadOnlyList<RoundBytes> RoundBytes => _rounds;

    /// <inheritdoc />
    public int AgentCount => _agents.Length;

    /// <summary>Every agent's actor as it is now on its grain (fetched at each read: the trained policy after the last episode).</summary>
    public IReadOnlyList<DenseNetwork> Actors
    {
        get
        {
            Flush();
            float[][] actors = Call(() => Task.WhenAll(_agents.Select(a => a.Actor(_generation))));
            for (int m = 0; m < _actors.Length; m++)
            {
                actors[m].CopyTo(_actors[m].Parameters);
            }
            return _actors;
        }
    }

    /// <inheritdoc />
    public bool CanUpdate => Math.Min(_stored, _capacity) >= _learningStarts;

    /// <inheritdoc />
    public int AggregationRounds => _rounds.Count;

    /// <inheritdoc />
    public Action<int>? BeforeAggregation { get; set; }

    /// <inheritdoc />
    public Action<int>? AfterAggregation { get; set; }

    /// <inheritdoc />
    public float[][] Act(IReadOnlyList<float[]> observations, double noiseStd) => Wait(ActAsync(observations, noiseStd));

    /// <inheritdoc />
    public async ValueTask<float[][]> ActAsync(IReadOnlyList<float[]> observations, double noiseStd)
    {
        ArgumentNullException.ThrowIfNull(observations);
        if (observations.Count != _agents.Length)
        {
            throw new ArgumentException($"Expected {_agents.Length} observations, found {observations.Count}.", nameof(observations));
        }
        AgentAction[] actions;
        if (_pending)
        {
            // The last slot's transition (and gradient step) goes with this slot's observation: one message per agent.
            bool update = _pendingUpdate;
            _pending = _pendingUpdate = false;
            AgentSlot[] slots = await CallAsync(() => Task.WhenAll(_agents.Select((a, m) =>
                a.StoreAndAct(_generation, _pendingRewards[m], _pendingNext[m], update, observations[m].ToArray(), noiseStd)))).ConfigureAwait(false);
            Stored([.. slots.Select(r => r.Stored)], update);
            actions = [.. slots.Select(r => r.Acted)];
        }
        else
        {
            actions = await CallAsync(() => Task.WhenAll(_agents.Select((a, m) => a.Act(_generation, observations[m].ToArray(), noiseStd)))).ConfigureAwait(false);
        }
        double slowest = 0, all = 0;
        for (int m = 0; m < actions.Length; m++)
        {
            actions[m].Action.CopyTo(_actions[m], 0);
            slowest = Math.Max(slowest, actions[m].Seconds);
            all += actions[m].Seconds;
        }
        _work = _work with { Acting = _work.Acting + slowest, ActingAllAgents = _work.ActingAllAgents + all };
        return _actions;
    }

    /// <inheritdoc />
    public void Observe(ReadOnlySpan<float> rewards, IReadOnlyList<float[]> nextObservations)
    {
        ArgumentNullException.ThrowIfNull(nextObservations);
        Flush();
        // Sent with the next slot's act (or before a round, a checkpoint or the end of the episode): one call per agent and slot.
        for (int m = 0; m < _agents.Length; m++)
        {
            _pendingRewards[m] = rewards[m];
            _pendingNext[m] = nextObservations[m].ToArray();
        }
        _pending = true;
        _stored++;
    }

    /// <summary>
    /// Marks the pending transition for a gradient step of every agent; the step is taken when the
    /// transition is sent (with the next <see cref="Act"/>, or by <see cref="EndEpisode"/>, a round
    /// or a checkpoint), and the returned losses are filled in then (<see cref="IMultiAgentLearner.Update"/>).
    /// </summary>
    public IReadOnlyList<DdpgLosses> Update()
    {
        if (!_pending)
        {
            throw new InvalidOperationException("No transition to store: Observe comes before Update.");
        }
        _pendingUpdate = true;
        return _losses;
    }

    // Sends the pending transition (and its gradient step) on its own.
    private void Flush() => Wait(FlushAsync());

    private async ValueTask FlushAsync()
    {
        if (!_pending)
        {
            return;
        }
        bool update = _pendingUpdate;
        _pending = _pendingUpdate = false;
        AgentLosses[] losses = await CallAsync(() => Task.WhenAll(_agents.Select((a, m) => a.StoreAndLearn(_generation, _pendingRewards[m], _pendingNext[m], update)))).ConfigureAwait(false);
        Stored(losses, update);
    }

    // The losses and the agents' time of a store (and step).
    private void Stored(AgentLosses[] losses, bool update)
    {
        double slowest = 0, all = 0;
        for (int m = 0; m < losses.Length; m++)
        {
            if (update)
            {
                _losses[m] = new DdpgLosses(losses[m].CriticLoss, losses[m].ActorLoss);
            }
            slowest = Math.Max(slowest, losses[m].Seconds);
            all += losses[m].Seconds;
        }
        _work = _work with { Updating = _work.Updating + slowest, UpdatingAllAgents = _work.UpdatingAllAgents + all };
    }

    /// <inheritdoc />
    public void EndSlot(long slotsDone) => Wait(EndSlotAsync(slotsDone));

    /// <inheritdoc />
    public async ValueTask EndSlotAsync(long slotsDone)
    {
        if (FederatedAggregator.IsDueAfterSlot(_aggregation, slotsDone))
        {
            await FlushAsync().ConfigureAwait(false);
            await RunRoundAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void EndEpisode(int episodesDone) => Wait(EndEpisodeAsync(episodesDone));

    /// <inheritdoc />
    public async ValueTask EndEpisodeAsync(int episodesDone)
    {
        // The episode's last transition and step: its losses are final for the episode's record.
        await FlushAsync().ConfigureAwait(false);
        if (FederatedAggregator.IsDueAfterEpisode(_aggregation, episodesDone))
        {
            await RunRoundAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public RemoteWork TakeRemoteWork()
    {
        RemoteWork work = _work;
        _work = default;
        return work;
    }

    private async ValueTask RunRoundAsync()
    {
        int round = _rounds.Count + 1;
        BeforeAggregation?.Invoke(round);
        long start = Stopwatch.GetTimestamp();
        RoundBytes bytes = await CallAsync(() => _coordinator.Round(_generation)).ConfigureAwait(false);
        if (bytes.Round != round)
        {
            throw new FederatedAgentLostException($"the coordinator ran round {bytes.Round}, expected {round}.");
        }
        _rounds.Add(bytes);
        WriteBytes();
        _work = _work with { Averaging = _work.Averaging + Stopwatch.GetElapsedTime(start).TotalSeconds };
        AfterAggregation?.Invoke(round);
    }

    private void WriteBytes()
    {
        if (_runFolder is null)
        {
            return;
        }
        var csv = new StringBuilder(BytesHeader).Append('\n');
        foreach (RoundBytes r in _rounds)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{r.Round},{r.Participants},{r.BytesUp},{r.BytesDown},{r.Values}\n");
        }
        AtomicFile.WriteAllText(Path.Combine(_runFolder, BytesFile), csv.ToString());
    }

    /// <summary>Reads <see cref="BytesFile"/> of <paramref name="runFolder"/> (empty when it is missing).</summary>
    public static IReadOnlyList<RoundBytes> ReadBytes(string runFolder)
    {
        string path = Path.Combine(runFolder, BytesFile);
        if (!File.Exists(path))
        {
            return [];
        }
        var rows = new List<RoundBytes>();
        foreach (string line in File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0))
        {
            string[] f = line.Split(',');
            if (f.Length != 5)
            {
                throw new FormatException($"{path}: expected 5 columns ({BytesHeader}), found '{line}'.");
            }
            rows.Add(new RoundBytes(int.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture),
                long.Parse(f[2], CultureInfo.InvariantCulture), long.Parse(f[3], CultureInfo.InvariantCulture), long.Parse(f[4], CultureInfo.InvariantCulture)));
        }
        return rows;
    }

    /// <inheritdoc />
    public string? StartFrom(IReadOnlyList<DenseNetwork> actors) =>
        "agents trained as grains on a cluster (train --cluster) cannot start from a trained policy; train without --cluster";

    /// <inheritdoc />
    public string? NonFiniteParameter()
    {
        Flush();
        string?[] bad = Call(() => Task.WhenAll(_agents.Select(a => a.NonFiniteParameter(_generation))));
        for (int m = 0; m < bad.Length; m++)
        {
            if (bad[m] is { } network)
            {
                return $"a non-finite parameter in agent {m}'s {network}";
            }
        }
        return null;
    }

    /// <inheritdoc />
    public void Save(CheckpointWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Flush();
        byte[][] agents = Call(() => Task.WhenAll(_agents.Select(a => a.Save(_generation))));
        byte[] coordinator = Call(() => _coordinator.Save(_generation));
        CheckpointReader[] parts = [.. agents.Select((b, m) => CheckpointReader.Parse(b, $"agent {m}'s sections"))];
        // In-process order: every agent's sections, then the rounds' state, then every agent's proximal anchors.
        for (int m = 0; m < parts.Length; m++)
        {
            foreach (string name in parts[m].SectionNames.Where(n => !IsAnchor(n)))
            {
                writer.AddSection(parts[m], name);
            }
        }
        writer.AddSections(CheckpointReader.Parse(coordinator, "the coordinator's sections"));
        for (int m = 0; m < parts.Length; m++)
        {
            foreach (string name in parts[m].SectionNames.Where(IsAnchor))
            {
                writer.AddSection(parts[m], name);
            }
        }
    }

    private static bool IsAnchor(string section) => section.StartsWith("aggregation.anchor", StringComparison.Ordinal);

    /// <inheritdoc />
    public void Restore(CheckpointRestore restore)
    {
        ArgumentNullException.ThrowIfNull(restore);
        CheckpointReader reader = restore.Reader;
        var agentParts = new CheckpointWriter[_agents.Length];
        var coordinatorPart = new CheckpointWriter();
        for (int m = 0; m < agentParts.Length; m++)
        {
            agentParts[m] = new CheckpointWriter();
        }
        foreach (string name in reader.SectionNames)
        {
            if (name.StartsWith("trainer.", StringComparison.Ordinal))
            {
                continue;
            }
            int agent = AgentOf(name);
            if (agent >= 0)
            {
                agentParts[agent].AddSection(reader, name);
            }
            else if (name.StartsWith("aggregation.", StringComparison.Ordinal))
            {
                coordinatorPart.AddSection(reader, name);
            }
            else
            {
                throw new CheckpointException($"Checkpoint '{reader.Source}': unexpected section '{name}' for a federated training of {_agents.Length} agents.");
            }
        }
        long rounds = restore.Int64s("aggregation.rounds", 1)[0];
        if (rounds < 0)
        {
            throw new CheckpointException($"Checkpoint: aggregation.rounds is negative ({rounds}).");
        }
        byte[][] agentBytes = [.. agentParts.Select(w => w.ToBytes())];
        byte[] coordinatorBytes = coordinatorPart.ToBytes();
        restore.Then(() =>
        {
            Flush();
            string?[] problems = Call(() => Task.WhenAll(_agents.Select((a, m) => a.Restore(_generation, agentBytes[m]))));
            string? problem = problems.FirstOrDefault(p => p is not null) ?? Call(() => _coordinator.Restore(_generation, coordinatorBytes));
            if (problem is not null)
            {
                throw new CheckpointException(problem);
            }
            _stored = Call(() => _agents[0].ReplayCount(_generation));
            _rounds.Clear();
            if (_runFolder is not null)
            {
                _rounds.AddRange(ReadBytes(_runFolder).Where(r => r.Round <= rounds));
            }
            while (_rounds.Count < rounds)
            {
                // A round whose row was lost (the file is only a record): its size is unknown.
                _rounds.Add(new RoundBytes(_rounds.Count + 1, 0, 0, 0, 0));
            }
        });
    }

    // The agent whose section this is (agent{m}.* or aggregation.anchor{m}.*), or -1.
    private int AgentOf(string section)
    {
        foreach (string prefix in new[] { "agent", "aggregation.anchor" })
        {
            if (section.StartsWith(prefix, StringComparison.Ordinal))
            {
                int dot = section.IndexOf('.', prefix.Length);
                if (dot > prefix.Length && int.TryParse(section.AsSpan(prefix.Length, dot - prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int m) && m < _agents.Length)
                {
                    return m;
                }
            }
        }
        return -1;
    }

    /// <summary>Drops the agent and coordinator grains of this attempt (after the training); failures are ignored.</summary>
    public void Release()
    {
        try
        {
            Task.WhenAll(_agents.Select(a => a.Release(_generation)).Append(_coordinator.Release(_generation))).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or InvalidOperationException)
        {
            // Grains left behind are collected when idle.
        }
    }

    // Runs a grain call to completion from the trainer's thread; a failure is a lost agent (or coordinator).
    private static T Call<T>(Func<Task<T>> call) => Wait(CallAsync(call));

    private static void Call(Func<Task> call) => Call(async () =>
    {
        await call().ConfigureAwait(false);
        return 0;
    });

    // A grain call awaited; a failure is a lost agent (or coordinator).
    private static async ValueTask<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (ArgumentException or CheckpointException or OutOfMemoryException))
        {
            throw new FederatedAgentLostException($"a grain of the federated training failed: {SiloHost.OneLine(e)}", e);
        }
    }

    private static T Wait<T>(ValueTask<T> task) => task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();

    private static void Wait(ValueTask task)
    {
        if (!task.IsCompletedSuccessfully)
        {
            task.AsTask().GetAwaiter().GetResult();
        }
    }
}
