using System.Diagnostics;
using MecMarl.Learning;
using MecMarl.Nn;
using MecMarl.Randomness;
using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>
/// Trains one learning scheme of SPEC 8 on the multi-agent environment (SPEC 7), one episode at a
/// time. The three schemes share one <see cref="DdpgLearner"/> per agent and differ only in
/// <list type="bullet">
/// <item>the critic input: MA-DRL's critic m sees the joint observation and joint action of all
/// agents in agent order (paper Algorithm 1); F-DRL's and IL-DRL's see their own;</item>
/// <item>the reward: R^Co (eq. 12) for MA-DRL, R^Fl_m (eq. 23) otherwise;</item>
/// <item>the replay: one joint buffer and one joint mini-batch per slot for MA-DRL, one buffer
/// per agent otherwise;</item>
/// <item>the aggregation hook: F-DRL replaces every agent's actor, critic and targets by their
/// FedAvg (eq. 26) every <see cref="TrainingConfig.EpisodesPerRound"/> episodes.</item>
/// </list>
/// Every slot: each actor acts on its observation, Gaussian noise is added and clipped to [0, 1],
/// the environment steps, the transition is stored, and once the buffer holds
/// <see cref="DdpgOptions.LearningStarts"/> transitions every agent takes one gradient step.
/// Results depend only on the config and the seed, not on <c>threads</c> (per-agent work runs in
/// parallel on disjoint data; every draw comes from its own seeded stream).
/// </summary>
public sealed class MultiAgentTrainer
{
    private const ulong InitStream = 0x1417;
    private const ulong NoiseStream = 0x9015E;
    private const ulong ReplayStream = 0x4E91A7;
    private const ulong SmoothingStream = 0x5300;
    private const ulong EpisodeStream = 0x7EA1;

    private readonly int _threads;
    private readonly float[][] _actions;
    private readonly float[][] _observationCopy;
    private readonly float[] _jointObs = [];
    private readonly float[] _jointNextObs = [];
    private readonly float[] _jointActions = [];
    private readonly float[] _jointReward = [];
    private readonly float[] _reward = new float[1];
    private readonly JointUpdate? _jointUpdate;
    private readonly ReplayBuffer[] _buffers;
    private readonly ReplayBatch[] _batches;
    private readonly Rng[] _replayRngs;
    private readonly Rng _noiseRng;
    private readonly GaussianExplorationNoise _noise;
    private readonly ulong _episodeBase;
    private readonly double[] _losses;
    private readonly Action<int, int> _gatherJoint, _localUpdate, _act, _stepAndDraw;
    private readonly int _workers;
    private readonly double[][] _noiseDraws;
    private float[][] _slotObservations = [];
    private MetricTotals? _slotTotals;
    private StepResult? _slotStep;
    private bool _drawNext;

    /// <summary>Builds the environment on <see cref="TrainingConfig.LayoutSeed"/>'s layout and the agents from <paramref name="seed"/>.</summary>
    /// <param name="scheme">One of <see cref="SchemeIds.Learning"/>.</param>
    /// <param name="config">The experiment config.</param>
    /// <param name="seed">Training seed: network initialisation, exploration, replay sampling and the training episodes' fading and tasks.</param>
    /// <param name="threads">Threads for the per-agent work (results are identical for any count).</param>
    public MultiAgentTrainer(string scheme, ExperimentConfig config, int seed, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegative(seed);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        Validate(scheme, config);
        Scheme = scheme;
        Config = config;
        Seed = seed;
        _threads = threads;
        TrainingConfig t = config.Training;
        Environment = new MecEnvironment(config.Simulation, t.LayoutSeed);
        int m = Environment.AgentCount;
        DdpgOptions options = t.Learner;
        bool sameShapes = EqualCells(config.Simulation);

        _actions = Policies.ActionBuffers(Environment.Layout);
        _observationCopy = new float[m][];
        for (int a = 0; a < m; a++)
        {
            _observationCopy[a] = new float[Environment.ObservationSize(a)];
        }
        var initRng = new Rng((ulong)seed, InitStream);
        var learners = new DdpgLearner[m];
        Learners = learners;
        IsJoint = scheme == SchemeIds.MaDrl;
        if (IsJoint)
        {
            int obsTotal = Environment.StateSize;
            int actTotal = _actions.Sum(a => a.Length);
            int obsOffset = 0, actOffset = 0;
            for (int a = 0; a < m; a++)
            {
                int ow = Environment.ObservationSize(a), aw = Environment.ActionSize(a);
                var input = new ConcatenatedCriticInput(obsTotal, actTotal, actOffset, aw);
                var layout = new LearnerLayout(obsTotal, actTotal, m, obsOffset, ow, actOffset, aw, a, input);
                learners[a] = new DdpgLearner(options, layout, initRng, SmoothingRng(a));
                obsOffset += ow;
                actOffset += aw;
            }
            _buffers = [new ReplayBuffer(t.Learner.BufferCapacity, obsTotal, actTotal, m)];
            _batches = [new ReplayBatch(t.Learner.BatchSize, obsTotal, actTotal, m)];
            _replayRngs = [new Rng((ulong)seed, ReplayStream)];
            _jointObs = new float[obsTotal];
            _jointNextObs = new float[obsTotal];
            _jointActions = new float[actTotal];
            _jointReward = new float[m];
            _jointUpdate = new JointUpdate(learners, threads);
        }
        else
        {
            _buffers = new ReplayBuffer[m];
            _batches = new ReplayBatch[m];
            _replayRngs = new Rng[m];
            for (int a = 0; a < m; a++)
            {
                int ow = Environment.ObservationSize(a), aw = Environment.ActionSize(a);
                learners[a] = new DdpgLearner(options, LearnerLayout.Local(ow, aw), initRng, SmoothingRng(a));
                if (sameShapes && a > 0)
                {
                    // One common initial model, the coordinator's broadcast (paper Algorithm 2).
                    CopyModel(learners[0], learners[a]);
                }
                _buffers[a] = new ReplayBuffer(t.Learner.BufferCapacity, ow, aw, 1);
                _batches[a] = new ReplayBatch(t.Learner.BatchSize, ow, aw, 1);
                _replayRngs[a] = new Rng((ulong)seed, ReplayStream + 1 + (ulong)a);
            }
        }
        long totalSlots = (long)t.Episodes * Environment.SlotsPerEpisode;
        _noise = new GaussianExplorationNoise(Math.Max(1, (long)Math.Round(totalSlots * t.NoiseDecayFraction)), t.Learner.NoiseStdStart, t.Learner.NoiseStdEnd);
        _noiseRng = new Rng((ulong)seed, NoiseStream);
        _episodeBase = new Rng((ulong)seed, EpisodeStream).NextUInt64();
        _losses = new double[2 * m];
        _gatherJoint = GatherJoint();
        _localUpdate = LocalUpdate();
        _act = Act();
        _stepAndDraw = StepAndDraw();
        _workers = AgentParallel.Workers(m, threads);
        int actionTotal = _actions.Sum(a => a.Length);
        _noiseDraws = [new double[actionTotal], new double[actionTotal]];

        Rng? SmoothingRng(int agent) =>
            t.Learner.TargetPolicyNoise > 0 ? new Rng((ulong)seed, SmoothingStream + (ulong)agent) : null;
    }

    /// <summary>
    /// Checks that <paramref name="scheme"/> can train under <paramref name="config"/> without building
    /// anything: the config is valid (<see cref="ConfigException"/> naming the field) and, for F-DRL,
    /// the cells are of equal size, as averaging the agents' models (eq. 26) needs.
    /// </summary>
    public static void Validate(string scheme, ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!SchemeIds.Learning.Contains(scheme))
        {
            throw new ArgumentException($"'{scheme}' is not a learning scheme (expected one of {string.Join(", ", SchemeIds.Learning)}).", nameof(scheme));
        }
        config.Validate();
        if (scheme == SchemeIds.FDrl && !EqualCells(config.Simulation))
        {
            throw new ConfigException("<config>", "network.uesPerCell",
                "F-DRL averages the agents' models (eq. 26), which needs cells of equal size");
        }
    }

    // Observation and action sizes depend on the cell only through N_m, so equal N_m means equal shapes.
    private static bool EqualCells(SimulationConfig config) => config.Network.UesPerCell.Distinct().Count() == 1;

    /// <summary>Scheme id (<see cref="SchemeIds"/>).</summary>
    public string Scheme { get; }

    /// <summary>The experiment config.</summary>
    public ExperimentConfig Config { get; }

    /// <summary>Training seed.</summary>
    public int Seed { get; }

    /// <summary>The training environment.</summary>
    public MecEnvironment Environment { get; }

    /// <summary>One learner per agent (SBS), in agent order.</summary>
    public IReadOnlyList<DdpgLearner> Learners { get; }

    /// <summary>True for MA-DRL: joint replay, critics on the joint observation and action.</summary>
    public bool IsJoint { get; }

    /// <summary>The replay buffers: one joint buffer (MA-DRL) or one per agent.</summary>
    public IReadOnlyList<ReplayBuffer> Buffers => _buffers;

    /// <summary>The actions of the last slot, per agent, after exploration noise and clipping (what was stored).</summary>
    public IReadOnlyList<float[]> LastActions => _actions;

    /// <summary>Training episodes finished so far.</summary>
    public int EpisodesDone { get; private set; }

    /// <summary>Training slots taken so far (the exploration schedule's step).</summary>
    public long SlotsDone { get; private set; }

    /// <summary>Gradient steps taken so far (per agent).</summary>
    public long UpdatesDone { get; private set; }

    /// <summary>Federated averaging rounds done so far (F-DRL).</summary>
    public int RoundsDone { get; private set; }

    /// <summary>Called after every aggregation round with the round number (tests observe F-DRL's models here).</summary>
    public Action<int>? AfterAggregation { get; set; }

    /// <summary>Called before every aggregation round with the round number.</summary>
    public Action<int>? BeforeAggregation { get; set; }

    /// <summary>Seed of training episode <paramref name="episode"/>'s fading and tasks.</summary>
    public ulong TrainingEpisodeSeed(int episode) => MecEnvironment.EpisodeSeed(_episodeBase, episode);

    /// <summary>Trains one episode and returns its record (SPEC 9 training metrics, Fig. 4 and 5 data).</summary>
    public EpisodeRecord RunEpisode(CancellationToken cancellationToken = default)
    {
        long start = Stopwatch.GetTimestamp();
        int m = Environment.AgentCount;
        float[][] obs = Environment.Reset(TrainingEpisodeSeed(EpisodesDone));
        var totals = new MetricTotals(m);
        Array.Clear(_losses);
        long updatesBefore = UpdatesDone;
        TrainingConfig t = Config.Training;
        double noiseStd = 0;
        StepResult step;
        // The exploration noise of a slot is drawn (in agent order, from its own stream) while the
        // previous slot's environment step runs, on another worker when there is one; the first
        // slot's is drawn here, and none is drawn past the episode, so the stream's state at the
        // end of every episode (and in checkpoints) is as if each slot drew its own.
        GaussianExplorationNoise.Draw(_noiseDraws[SlotsDone % 2], _noiseRng);
        int slot = 0, slots = Environment.SlotsPerEpisode;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            noiseStd = _noise.StdAt(SlotsDone);
            _slotObservations = obs;
            AgentParallel.For(m, _threads, _act);
            double[] z = _noiseDraws[SlotsDone % 2];
            for (int a = 0, offset = 0; a < m; offset += _actions[a].Length, a++)
            {
                _noise.Apply(_actions[a], SlotsDone, z.AsSpan(offset, _actions[a].Length));
            }
            _slotTotals = totals;
            _drawNext = ++slot < slots;
            AgentParallel.For(_workers, _threads, _stepAndDraw);
            step = _slotStep!;
            SlotsDone++;
            if (_buffers[0].Count >= t.Learner.LearningStarts)
            {
                Learn();
            }
            obs = step.Observations;
        }
        while (!step.Truncated);
        _slotObservations = [];
        _slotTotals = null;
        _slotStep = null;
        EpisodesDone++;
        if (Scheme == SchemeIds.FDrl && EpisodesDone % t.EpisodesPerRound == 0)
        {
            Aggregate();
        }
        long updates = UpdatesDone - updatesBefore;
        double criticLoss = double.NaN, actorLoss = double.NaN;
        if (updates > 0)
        {
            criticLoss = actorLoss = 0;
            for (int a = 0; a < m; a++)
            {
                criticLoss += _losses[2 * a];
                actorLoss += _losses[2 * a + 1];
            }
            criticLoss /= updates * m;
            actorLoss /= updates * m;
        }
        return new EpisodeRecord
        {
            Scheme = Scheme,
            Seed = Seed,
            Episode = EpisodesDone,
            SystemReward = totals.SystemReward,
            AgentRewards = [.. totals.AgentRewards],
            LatencyMetPct = totals.LatencyMetPct,
            EnergyJ = totals.LocalEnergyJ + totals.EdgeEnergyJ,
            CriticLoss = criticLoss,
            ActorLoss = actorLoss,
            NoiseStd = noiseStd,
            WallSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds,
        };
    }

    private void Store(StepResult step)
    {
        int m = Environment.AgentCount;
        double scale = Config.Training.RewardScale;
        if (IsJoint)
        {
            int o = 0, k = 0;
            for (int a = 0; a < m; a++)
            {
                _observationCopy[a].CopyTo(_jointObs, o);
                step.Observations[a].CopyTo(_jointNextObs, o);
                o += _observationCopy[a].Length;
                _actions[a].CopyTo(_jointActions, k);
                k += _actions[a].Length;
                double r = step.CooperativeRewards[a] * scale;
                _jointReward[a] = (float)(Config.Training.CooperativeRewardMean ? r / m : r);
            }
            _buffers[0].Add(_jointObs, _jointActions, _jointReward, _jointNextObs, terminal: false);
            return;
        }
        for (int a = 0; a < m; a++)
        {
            _reward[0] = (float)(step.LocalRewards[a] * scale);
            // The last slot is a time-limit truncation: targets bootstrap (SPEC 7).
            _buffers[a].Add(_observationCopy[a], _actions[a], _reward, step.Observations[a], terminal: false);
        }
    }

    private void Learn()
    {
        int m = Environment.AgentCount;
        if (IsJoint)
        {
            // Indices in order from the replay stream, then the rows copied by every worker; then
            // every agent's step on the joint mini-batch.
            _buffers[0].SampleIndices(_replayRngs[0], _batches[0]);
            AgentParallel.For(_workers, _threads, _gatherJoint);
            _jointUpdate!.Run(_batches[0]);
            for (int a = 0; a < m; a++)
            {
                Record(a, _jointUpdate.Losses[a]);
            }
        }
        else
        {
            AgentParallel.For(m, _threads, _localUpdate);
        }
        UpdatesDone++;
    }

    // Agent a's deterministic action for the slot (noise is added afterwards, in agent order).
    private Action<int, int> Act() => (a, _) =>
    {
        _slotObservations[a].CopyTo(_observationCopy[a], 0);
        Learners[a].Act(_slotObservations[a], _actions[a]);
    };

    // Item 0: the environment step and storing the transition; item 1 (item 0 itself with one
    // worker): the next slot's exploration noise.
    private Action<int, int> StepAndDraw() => (i, _) =>
    {
        if (i == 0)
        {
            _slotStep = Environment.Step(_actions);
            _slotTotals!.Add(_slotStep);
            Store(_slotStep);
        }
        if ((i == 1 || _workers == 1) && _drawNext)
        {
            GaussianExplorationNoise.Draw(_noiseDraws[(SlotsDone + 1) % 2], _noiseRng);
        }
    };

    // The per-slot bodies of Learn, made once so that a slot allocates nothing.
    private Action<int, int> GatherJoint() => (w, _) =>
    {
        (int from, int to) = JointUpdate.Rows(_batches[0].Size, w, _workers);
        _buffers[0].Gather(_batches[0], from, to);
    };

    private Action<int, int> LocalUpdate() => (a, _) =>
    {
        _buffers[a].Sample(_replayRngs[a], _batches[a]);
        Record(a, Learners[a].Update(_batches[a]));
    };

    private void Record(int agent, DdpgLosses losses)
    {
        _losses[2 * agent] += losses.CriticLoss;
        _losses[2 * agent + 1] += losses.ActorLoss;
    }

    /// <summary>F-DRL's aggregation (eq. 26): every network replaced by the average weighted by the agents' batch sizes.</summary>
    private void Aggregate()
    {
        RoundsDone++;
        BeforeAggregation?.Invoke(RoundsDone);
        double[] weights = [.. Learners.Select(l => (double)l.Options.BatchSize)];
        FederatedAveraging.Aggregate([.. Learners], weights);
        AfterAggregation?.Invoke(RoundsDone);
    }

    private static void CopyModel(DdpgLearner from, DdpgLearner to)
    {
        for (int k = 0; k < from.Networks.Count; k++)
        {
            to.Networks[k].CopyParametersFrom(from.Networks[k]);
        }
    }

    /// <summary>The deterministic policy of the current actors (no noise), for evaluation (SPEC 9).</summary>
    public ActorPolicy Policy() => new([.. Learners.Select(l => l.Actor)]);

    /// <summary>Adds every piece of training state to a resume checkpoint: networks, optimisers, replay, generators and counters.</summary>
    public void Save(CheckpointWriter writer, long fingerprint)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.AddInt64s("trainer.counters", [fingerprint, EpisodesDone, SlotsDone, UpdatesDone, RoundsDone, Seed, Learners.Count], 7);
        for (int a = 0; a < Learners.Count; a++)
        {
            writer.AddLearner($"agent{a}", Learners[a]);
        }
        for (int b = 0; b < _buffers.Length; b++)
        {
            writer.AddReplayBuffer($"replay{b}", _buffers[b]);
            writer.AddRng($"replay{b}.rng", _replayRngs[b]);
        }
        writer.AddRng("noise.rng", _noiseRng);
    }

    /// <summary>
    /// Restores a checkpoint written by <see cref="Save"/> under the same config fingerprint; nothing
    /// is changed unless every section matches (throws <see cref="CheckpointException"/>).
    /// </summary>
    public void Restore(CheckpointReader reader, long fingerprint)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (!reader.Contains("trainer.counters"))
        {
            throw new CheckpointException($"Checkpoint '{reader.Source}' is not a training checkpoint (no trainer counters).");
        }
        long[] c = reader.Int64s("trainer.counters", 7).ToArray();
        if (c[0] != fingerprint)
        {
            throw new CheckpointException($"Checkpoint '{reader.Source}' was written under another config (fingerprint {c[0]:x16}, this config {fingerprint:x16}).");
        }
        if (c[5] != Seed || c[6] != Learners.Count)
        {
            throw new CheckpointException($"Checkpoint '{reader.Source}' is for seed {c[5]} with {c[6]} agents, not seed {Seed} with {Learners.Count}.");
        }
        if (c[1] < 0 || c[1] > Config.Training.Episodes || c[2] < 0 || c[3] < 0 || c[4] < 0 || c[4] > c[1])
        {
            throw new CheckpointException($"Checkpoint '{reader.Source}': trainer counters out of range (episodes {c[1]}, slots {c[2]}, updates {c[3]}, rounds {c[4]}; the run has {Config.Training.Episodes} episodes); the file is corrupted.");
        }
        var restore = new CheckpointRestore(reader);
        for (int a = 0; a < Learners.Count; a++)
        {
            restore.Learner($"agent{a}", Learners[a]);
        }
        for (int b = 0; b < _buffers.Length; b++)
        {
            restore.ReplayBuffer($"replay{b}", _buffers[b]).Rng($"replay{b}.rng", _replayRngs[b]);
        }
        restore.Rng("noise.rng", _noiseRng);
        restore.Commit();
        EpisodesDone = checked((int)c[1]);
        SlotsDone = c[2];
        UpdatesDone = c[3];
        RoundsDone = checked((int)c[4]);
    }

    /// <summary>Adds the trained actors (what evaluation needs) to a model file.</summary>
    public void SaveModel(CheckpointWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.AddInt64s("model.counters", [EpisodesDone, Seed, Learners.Count], 3);
        for (int a = 0; a < Learners.Count; a++)
        {
            writer.AddNetwork($"agent{a}.actor", Learners[a].Actor);
            writer.AddNetwork($"agent{a}.critic", Learners[a].Critic);
        }
    }

    /// <summary>Loads the actors and critics of a model file written by <see cref="SaveModel"/>.</summary>
    public void LoadModel(CheckpointReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (!reader.Contains("model.counters"))
        {
            throw new CheckpointException($"'{reader.Source}' is not a model file (no model counters).");
        }
        long[] c = reader.Int64s("model.counters", 3).ToArray();
        if (c[2] != Learners.Count)
        {
            throw new CheckpointException($"Model '{reader.Source}' has {c[2]} agents, the config has {Learners.Count}.");
        }
        var restore = new CheckpointRestore(reader);
        for (int a = 0; a < Learners.Count; a++)
        {
            restore.Network($"agent{a}.actor", Learners[a].Actor).Network($"agent{a}.critic", Learners[a].Critic);
        }
        restore.Commit();
        EpisodesDone = checked((int)c[0]);
    }
}

/// <summary>The deterministic joint policy of trained actors: agent m's action is mu_m(s_m), no noise (SPEC 9 evaluation).</summary>
public sealed class ActorPolicy : IPolicy
{
    private readonly DenseNetwork[] _actors;

    /// <summary>Wraps one actor per agent, in agent order.</summary>
    public ActorPolicy(IReadOnlyList<DenseNetwork> actors)
    {
        ArgumentNullException.ThrowIfNull(actors);
        _actors = [.. actors];
    }

    /// <inheritdoc />
    public void Act(IReadOnlyList<float[]> observations, float[][] actions)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(actions);
        for (int m = 0; m < _actors.Length; m++)
        {
            _actors[m].Forward(observations[m], 1).CopyTo(actions[m]);
        }
    }
}
