using System.Diagnostics;
using MecMarl.Learning;
using MecMarl.Randomness;
using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>
/// Trains one learning scheme of SPEC 8 on the multi-agent environment (SPEC 7), one episode at a
/// time. What the scheme is comes from its <see cref="SchemeDescription"/> (the config's
/// <c>schemes</c> section), never from its id: the description picks the
/// <see cref="IMultiAgentLearner"/> (<see cref="MultiAgentLearners.Create"/>) and the learned
/// reward. Every slot: the learner acts on the observations with Gaussian exploration noise
/// clipped to [0, 1], the environment steps, the learner stores the transition and, once its
/// replay holds <see cref="DdpgOptions.LearningStarts"/> transitions, every agent takes one
/// gradient step (a PPO scheme instead runs one update whenever its rollout is full); after every episode the learner's aggregation hook runs (F-DRL: FedAvg, eq. 26).
/// Results depend only on the config and the seed, not on <c>threads</c>: every agent draws from
/// its own streams (<see cref="AgentStreams"/>) and per-agent work runs on disjoint data.
/// </summary>
public sealed class MultiAgentTrainer
{
    private const ulong EpisodeStream = 0x7EA1;

    /// <summary>Layout version of training checkpoints (section <c>trainer.format</c>); 2 = per-agent random streams and learner sections.</summary>
    public const long CheckpointLayout = 2;

    private readonly float[] _rewards;
    private readonly double[] _losses;
    private readonly GaussianExplorationNoise _noise;
    private readonly ulong _episodeBase;
    private readonly IPolicyMeanActions? _means;
    private readonly IGroupRewardLearner? _groups;
    private readonly float[][] _groupRewards = [];
    private (double Critic, double Actor) _lastLosses = (double.NaN, double.NaN);

    /// <summary>Builds the environment on <see cref="TrainingConfig.LayoutSeed"/>'s layout and the learner from <paramref name="seed"/>.</summary>
    /// <param name="scheme">A scheme id of the config's <c>schemes</c> section (<see cref="SchemeIds.Learning"/> are always there).</param>
    /// <param name="config">The experiment config.</param>
    /// <param name="seed">Training seed: every agent's streams (initialisation, exploration, replay sampling, target smoothing) and the training episodes' fading and tasks.</param>
    /// <param name="threads">Threads for the per-agent work (results are identical for any count).</param>
    /// <param name="learners">Builds the learner (default <see cref="MultiAgentLearners.Create"/>: every agent in this process); a federated training on a cluster gives one whose agents are grains.</param>
    public MultiAgentTrainer(string scheme, ExperimentConfig config, int seed, int threads = 1, LearnerFactory? learners = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegative(seed);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        Validate(scheme, config);
        Scheme = scheme;
        Description = config.Schemes[scheme];
        Config = config;
        Seed = seed;
        TrainingConfig t = config.Training;
        Environment = new MecEnvironment(config.SimulationFor(scheme), t.LayoutSeed)
        {
            ComputeDifferenceRewards = Description.Reward is LearnedReward.Difference or LearnedReward.DifferenceFromMean,
            ComputeUeDifferenceRewards = Description.Reward == LearnedReward.DifferencePerUe,
        };
        int m = Environment.AgentCount;
        int[] cellUes = [.. Enumerable.Range(0, m).Select(Environment.Layout.CellSize)];
        Learner = (learners ?? ((s, o, ow, aw, sd, th, pos) => MultiAgentLearners.CreateForCells(s, o, ow, aw, sd, th, pos, cellUes)))(Description, t.Learner,
            Environment.ObservationSizes(), Environment.ActionSizes(),
            (ulong)seed, threads, [.. Environment.Layout.Sbs.Select(s => (s.XM, s.YM))]);
        Learners = Learner is DdpgMultiAgentLearner ddpg ? [.. ddpg.Agents.Select(a => a.Learner)] : [];
        if (Description.Reward is LearnedReward.DifferenceFromMean or LearnedReward.DifferencePerUe)
        {
            _means = Learner as IPolicyMeanActions
                ?? throw new InvalidOperationException($"scheme '{scheme}': the \"difference-mean\" and \"difference-ue\" rewards need a learner that keeps its policy means (PPO).");
        }
        if (Description.Reward == LearnedReward.DifferencePerUe)
        {
            _groups = Learner as IGroupRewardLearner;
            if (_groups is null || !_groups.CreditGroups.SequenceEqual(cellUes))
            {
                throw new InvalidOperationException($"scheme '{scheme}': the \"difference-ue\" reward needs a learner that credits every UE of a cell separately (PPO with a model per agent, in this process).");
            }
            _groupRewards = [.. cellUes.Select(n => new float[n])];
        }
        long totalSlots = (long)t.Episodes * Environment.SlotsPerEpisode;
        Learner.SetTrainingSlots(totalSlots);
        _noise = new GaussianExplorationNoise(Math.Max(1, (long)Math.Round(totalSlots * t.NoiseDecayFraction)), t.Learner.NoiseStdStart, t.Learner.NoiseStdEnd);
        _episodeBase = new Rng((ulong)seed, EpisodeStream).NextUInt64();
        _rewards = new float[m];
        _losses = new double[2 * m];
    }

    /// <summary>
    /// Checks that <paramref name="scheme"/> can train under <paramref name="config"/> without building
    /// anything: the config is valid and names the scheme (<see cref="ConfigException"/> naming the
    /// field) and, when the scheme aggregates or shares models, the cells are of equal size, as averaging the
    /// agents' models (eq. 26) and one model for all agents need.
    /// </summary>
    public static void Validate(string scheme, ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        if (!config.Schemes.Contains(scheme))
        {
            throw new ArgumentException($"'{scheme}' is not a learning scheme of the config (expected one of {string.Join(", ", config.Schemes.Ids)}).", nameof(scheme));
        }
        if (config.Schemes[scheme].Sharing != ParameterSharing.None && config.Simulation.Network.UesPerCell.Distinct().Count() != 1)
        {
            throw new ConfigException("<config>", "network.uesPerCell",
                $"scheme '{scheme}' shares one model among the agents (schemes.{scheme}.parameterSharing), which needs cells of equal size");
        }
        if (config.Schemes[scheme].Aggregation is { } aggregation)
        {
            if (config.Simulation.Network.UesPerCell.Distinct().Count() != 1)
            {
                // Observation and action sizes depend on the cell only through N_m.
                throw new ConfigException("<config>", "network.uesPerCell",
                    $"scheme '{scheme}' averages (or quantizes) the agents' models (schemes.{scheme}.aggregation, eq. 26), which needs cells of equal size");
            }
            if (aggregation.ProblemFor(config.Simulation.Network.SbsCount) is { } p)
            {
                throw new ConfigException("<config>", $"schemes.{scheme}.aggregation.{p.Field}", p.Problem);
            }
            if (config.Schemes[scheme].Ppo is { } ppo)
            {
                // A PPO round must fall between two updates (PpoFederatedAveraging).
                int slotsPerEpisode = config.Simulation.Environment.SlotsPerEpisode;
                long period = aggregation.PeriodSlots ?? (long)aggregation.PeriodEpisodes * slotsPerEpisode;
                if (period % ppo.RolloutSlots != 0)
                {
                    string field = aggregation.PeriodSlots is null ? "periodEpisodes" : "periodSlots";
                    string given = aggregation.PeriodSlots is null
                        ? $"{aggregation.PeriodEpisodes} episodes x {slotsPerEpisode} slots = {period} slots"
                        : $"{period} slots";
                    throw new ConfigException("<config>", $"schemes.{scheme}.aggregation.{field}",
                        $"with \"learner\": \"ppo\" a round must fall between two PPO updates, so the period ({given}) must be a whole number of rollouts (schemes.{scheme}.ppo.rolloutSlots = {ppo.RolloutSlots})");
                }
            }
        }
    }

    /// <summary>
    /// The policy file that <c>training.initPolicy</c> names for <paramref name="scheme"/> and
    /// <paramref name="seed"/>, or null when the field is unset: the path itself when it is a file, its
    /// <c>policy.ckpt</c> when it is a run folder, or <c>runs/&lt;scheme&gt;-seed&lt;seed&gt;/policy.ckpt</c> when it
    /// is an output folder of <c>reproduce</c>. Anything else is a <see cref="ConfigException"/> naming the field.
    /// </summary>
    public static string? InitPolicyFile(string scheme, ExperimentConfig config, int seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Training.InitPolicy is not { } path)
        {
            return null;
        }
        if (File.Exists(path))
        {
            return path;
        }
        if (!Directory.Exists(path))
        {
            throw InitPolicyProblem($"'{path}' does not exist");
        }
        string own = Path.Combine(path, TrainingRun.PolicyFile);
        if (File.Exists(own))
        {
            return own;
        }
        string run = Path.Combine(path, "runs", $"{scheme}-seed{seed}");
        string inRun = Path.Combine(run, TrainingRun.PolicyFile);
        if (File.Exists(inRun))
        {
            return inRun;
        }
        throw InitPolicyProblem(Directory.Exists(run)
            ? $"the run '{run}' has no trained policy ({TrainingRun.PolicyFile} is missing: the run is unfinished)"
            : $"'{path}' holds neither {TrainingRun.PolicyFile} nor a run of scheme '{scheme}' seed {seed} (runs/{scheme}-seed{seed})");
    }

    /// <summary>
    /// Reads and checks the policy of <see cref="InitPolicyFile"/> (null when <c>training.initPolicy</c> is
    /// unset): a valid policy file with one actor per SBS, actor m mapping SBS m's observation to its action
    /// under <paramref name="config"/> for <paramref name="scheme"/>, and a scheme whose agents have models
    /// of their own. Every problem is a <see cref="ConfigException"/> naming <c>training.initPolicy</c>;
    /// nothing is built but the environment's sizes.
    /// </summary>
    public static PolicyFile? LoadInitPolicy(string scheme, ExperimentConfig config, int seed)
    {
        if (InitPolicyFile(scheme, config, seed) is not { } file)
        {
            return null;
        }
        if (config.Schemes[scheme].Sharing != ParameterSharing.None)
        {
            throw InitPolicyProblem($"scheme '{scheme}' shares one model among the agents (schemes.{scheme}.parameterSharing), which cannot start from per-agent actors");
        }
        PolicyFile policy;
        try
        {
            policy = PolicyFile.Load(file);
        }
        catch (CheckpointException e)
        {
            throw InitPolicyProblem(e.Message, e);
        }
        catch (IOException e)
        {
            throw InitPolicyProblem($"'{file}' cannot be read: {e.Message}", e);
        }
        var env = new MecEnvironment(config.SimulationFor(scheme), config.Training.LayoutSeed);
        if (policy.Mismatch(env.ObservationSizes(), env.ActionSizes()) is { } problem)
        {
            throw InitPolicyProblem($"'{file}' does not fit scheme '{scheme}' under this config: {problem}");
        }
        return policy;
    }

    private static ConfigException InitPolicyProblem(string problem, Exception? inner = null) =>
        new("<config>", "training.initPolicy", problem, inner);

    /// <summary>
    /// Starts every agent's actor from <paramref name="policy"/> (<c>training.initPolicy</c>, checked by
    /// <see cref="LoadInitPolicy"/>); only before the first episode. A learner that cannot (agents on a
    /// cluster) is a <see cref="ConfigException"/> naming the field, with nothing changed.
    /// </summary>
    public void StartFrom(PolicyFile policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (EpisodesDone != 0 || SlotsDone != 0)
        {
            throw new InvalidOperationException("A training starts from a trained policy only before its first episode.");
        }
        if (Learner.StartFrom(policy.Actors) is { } problem)
        {
            throw InitPolicyProblem(problem);
        }
    }

    /// <summary>Scheme id (<see cref="SchemeIds"/> or one defined in the config).</summary>
    public string Scheme { get; }

    /// <summary>What the scheme is (critic view, reward, replay, aggregation, learner).</summary>
    public SchemeDescription Description { get; }

    /// <summary>The experiment config.</summary>
    public ExperimentConfig Config { get; }

    /// <summary>Training seed.</summary>
    public int Seed { get; }

    /// <summary>The training environment.</summary>
    public MecEnvironment Environment { get; }

    /// <summary>The scheme's learner (every agent's networks, optimisers, replay and streams).</summary>
    public IMultiAgentLearner Learner { get; }

    /// <summary>Every agent's DDPG learner, in agent order, when the scheme is a DDPG one and its agents live in this process (for tests and diagnostics); else empty (PPO schemes, agents on a cluster).</summary>
    public IReadOnlyList<DdpgLearner> Learners { get; }

    /// <summary>The actions of the last slot, per agent, after exploration noise and clipping (what was stored).</summary>
    public IReadOnlyList<float[]> LastActions { get; private set; } = [];

    /// <summary>Training episodes finished so far.</summary>
    public int EpisodesDone { get; private set; }

    /// <summary>Training slots taken so far (the exploration schedule's step).</summary>
    public long SlotsDone { get; private set; }

    /// <summary>Gradient steps taken so far (per agent).</summary>
    public long UpdatesDone { get; private set; }

    /// <summary>Aggregation rounds done so far (schemes with FedAvg).</summary>
    public int RoundsDone => Learner.AggregationRounds;

    /// <summary>Called after every aggregation round with the round number (tests observe F-DRL's models here).</summary>
    public Action<int>? AfterAggregation { get => Learner.AfterAggregation; set => Learner.AfterAggregation = value; }

    /// <summary>Called before every aggregation round with the round number.</summary>
    public Action<int>? BeforeAggregation { get => Learner.BeforeAggregation; set => Learner.BeforeAggregation = value; }

    /// <summary>Seed of training episode <paramref name="episode"/>'s fading and tasks.</summary>
    public ulong TrainingEpisodeSeed(int episode) => MecEnvironment.EpisodeSeed(_episodeBase, episode);

    /// <summary>Where the last episode's wall time went (<see cref="SlotBudget"/>); <see cref="SlotBudget.Zero"/> before the first.</summary>
    public SlotBudget LastEpisodeBudget { get; private set; } = SlotBudget.Zero;

    /// <summary>Trains one episode and returns its record (SPEC 9 training metrics, Fig. 4 and 5 data).</summary>
    public EpisodeRecord RunEpisode(CancellationToken cancellationToken = default)
    {
        // In process every learner call completes at once and the episode runs on this thread to the end; with
        // agents on a cluster the slots continue on the threads their replies arrive on, and this one waits.
        ValueTask<EpisodeRecord> episode = RunEpisodeAsync(cancellationToken);
        return episode.IsCompletedSuccessfully ? episode.Result : episode.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>
    /// <see cref="RunEpisode"/> awaiting the learner's acting and end-of-slot and end-of-episode calls
    /// (<see cref="IMultiAgentLearner.ActAsync"/>): the same arithmetic in the same order, so the same results.
    /// </summary>
    public async ValueTask<EpisodeRecord> RunEpisodeAsync(CancellationToken cancellationToken = default)
    {
        long start = Stopwatch.GetTimestamp();
        var remote = Learner as IRemoteLearner;
        remote?.TakeRemoteWork();
        var totals = new MetricTotals(Environment.AgentCount);
        Array.Clear(_losses);
        long updatesBefore = UpdatesDone;
        int roundsBefore = Learner.AggregationRounds;
        long acting = 0, stepping = 0, updating = 0, hooks = 0;
        // The last slot's losses: final once the next act (or the end of the episode) has returned (IMultiAgentLearner.Update).
        IReadOnlyList<DdpgLosses>? unsummed = null;
        double noiseStd;
        StepResult step;
        float[][] obs = Environment.Reset(TrainingEpisodeSeed(EpisodesDone));
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            noiseStd = _noise.StdAt(SlotsDone);
            long t0 = Stopwatch.GetTimestamp();
            float[][] actions = await Learner.ActAsync(obs, noiseStd).ConfigureAwait(false);
            if (unsummed is not null)
            {
                AddLosses(unsummed);
                unsummed = null;
            }
            long t1 = Stopwatch.GetTimestamp();
            if (_means is not null)
            {
                Environment.SetDifferenceCounterfactual(_means.MeanActions);
            }
            step = Environment.Step(actions);
            totals.Add(step);
            float[] rewards = LearnedRewards(step);
            long t2 = Stopwatch.GetTimestamp();
            _groups?.ObserveGroupRewards(_groupRewards);
            Learner.Observe(rewards, step.Observations);
            SlotsDone++;
            if (Learner.CanUpdate)
            {
                unsummed = Learner.Update();
                UpdatesDone++;
            }
            long t3 = Stopwatch.GetTimestamp();
            await Learner.EndSlotAsync(SlotsDone).ConfigureAwait(false);
            long t4 = Stopwatch.GetTimestamp();
            acting += t1 - t0;
            stepping += t2 - t1;
            updating += t3 - t2;
            hooks += t4 - t3;
            LastActions = actions;
            obs = step.Observations;
        }
        while (!step.Truncated);
        EpisodesDone++;
        long beforeEnd = Stopwatch.GetTimestamp();
        await Learner.EndEpisodeAsync(EpisodesDone).ConfigureAwait(false);
        hooks += Stopwatch.GetTimestamp() - beforeEnd;
        if (unsummed is not null)
        {
            AddLosses(unsummed);
        }
        double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        LastEpisodeBudget = Budget(wall, Environment.SlotsPerEpisode, Learner.AggregationRounds - roundsBefore,
            Seconds(acting), Seconds(stepping), Seconds(updating), Seconds(hooks), remote?.TakeRemoteWork());
        return Record(totals, UpdatesDone - updatesBefore, noiseStd, wall);
    }

    private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;

    /// <summary>
    /// The budget of an episode from the times the trainer measured around the learner's calls
    /// (s): in process they are the parts themselves; with agents elsewhere the agents' own time
    /// (<paramref name="remote"/>) is acting and updating, the rounds are averaging and the rest of
    /// the calls' time is messaging. Other is what the wall time holds beyond the timed calls.
    /// </summary>
    private static SlotBudget Budget(double wall, long slots, int rounds, double act, double step, double observeUpdate, double hooks, RemoteWork? remote)
    {
        double acting = act, updating = observeUpdate, averaging = hooks, messaging = 0;
        if (remote is { } r)
        {
            acting = r.Acting;
            updating = r.Updating;
            averaging = r.Averaging;
            // The agents' time lies inside the calls that carried it; clock rounding aside, the difference is never negative.
            messaging = Math.Max(0, act + observeUpdate + hooks - acting - updating - averaging);
        }
        return new SlotBudget
        {
            Episodes = 1,
            Slots = slots,
            Rounds = rounds,
            WallSeconds = wall,
            ActingSeconds = acting,
            SteppingSeconds = step,
            UpdatingSeconds = updating,
            MessagingSeconds = messaging,
            AveragingSeconds = averaging,
            OtherSeconds = Math.Max(0, wall - acting - step - updating - messaging - averaging),
            ActingAllAgentsSeconds = remote?.ActingAllAgents,
            UpdatingAllAgentsSeconds = remote?.UpdatingAllAgents,
        };
    }

    // The reward each agent learns from (SchemeDescription.Reward), with the scheme's learned beta
    // (SchemeDescription.LearnedBeta) in place of the scenario's, times training.rewardScale.
    private float[] LearnedRewards(StepResult step)
    {
        double scale = Config.Training.RewardScale;
        int m = _rewards.Length;
        double bonus = Description.LearnedBeta is { } learned ? learned - Environment.Layout.Beta : 0;
        double networkMet = 0;
        if (bonus != 0 && Description.Reward is LearnedReward.Cooperative or LearnedReward.CooperativeMean)
        {
            networkMet = step.Result.DeadlinesMet();
        }
        if (Description.Reward == LearnedReward.DifferencePerUe)
        {
            // Per UE (agent order, then the UE's place in its cell); the agent's own reward is its UEs' sum.
            int at = 0;
            for (int a = 0; a < m; a++)
            {
                float[] g = _groupRewards[a];
                double sum = 0;
                for (int i = 0; i < g.Length; i++, at++)
                {
                    double r = (step.UeDifferenceRewards[at] + bonus * step.UeDifferenceMet[at]) * scale;
                    g[i] = (float)r;
                    sum += r;
                }
                _rewards[a] = (float)sum;
            }
            return _rewards;
        }
        for (int a = 0; a < m; a++)
        {
            // With no learned beta every bonus term is an exact +0, so the rewards are those of SPEC 6 bit for bit.
            _rewards[a] = (float)(Description.Reward switch
            {
                LearnedReward.Cooperative => (step.CooperativeRewards[a] + bonus * networkMet) * scale,
                LearnedReward.CooperativeMean => (step.CooperativeRewards[a] + bonus * networkMet) * scale / m,
                LearnedReward.Difference or LearnedReward.DifferenceFromMean => (step.DifferenceRewards[a] + bonus * step.DifferenceMet[a]) * scale,
                _ => (step.LocalRewards[a] + (bonus == 0 ? 0 : bonus * step.Result.DeadlinesMet(Environment.Layout.CellUes(a)))) * scale,
            });
        }
        return _rewards;
    }

    private void AddLosses(IReadOnlyList<DdpgLosses> losses)
    {
        for (int a = 0; a < losses.Count; a++)
        {
            _losses[2 * a] += losses[a].CriticLoss;
            _losses[2 * a + 1] += losses[a].ActorLoss;
        }
    }

    private EpisodeRecord Record(MetricTotals totals, long updates, double noiseStd, double wallSeconds)
    {
        int m = Environment.AgentCount;
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
            _lastLosses = (criticLoss, actorLoss);
        }
        else if (UpdatesDone > 0)
        {
            // An episode without an update after updates have started (a PPO scheme between rollouts):
            // the losses of the last episode that had one.
            (criticLoss, actorLoss) = _lastLosses;
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
            WallSeconds = wallSeconds,
        };
    }

    /// <summary>The deterministic policy of the current actors (no noise), for evaluation (SPEC 9).</summary>
    public ActorPolicy Policy() => new(Learner.Actors);

    /// <summary>The trained actors as a policy artifact (<see cref="PolicyFile"/>).</summary>
    public PolicyFile PolicyArtifact() => new(Learner.Actors, Seed, EpisodesDone);

    /// <summary>Adds every piece of training state to a resume checkpoint: the learner's (networks, optimisers, replay, generators, rounds) and the counters.</summary>
    public void Save(CheckpointWriter writer, long fingerprint)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.AddInt64s("trainer.format", [CheckpointLayout], 1);
        writer.AddInt64s("trainer.counters", [fingerprint, EpisodesDone, SlotsDone, UpdatesDone, Seed, Learner.AgentCount], 6);
        writer.AddInt64s("trainer.last_losses", [BitConverter.DoubleToInt64Bits(_lastLosses.Critic), BitConverter.DoubleToInt64Bits(_lastLosses.Actor)], 2);
        Learner.Save(writer);
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
        long layout = reader.Contains("trainer.format") ? reader.Int64s("trainer.format", 1)[0] : 1;
        if (layout != CheckpointLayout)
        {
            throw new CheckpointException($"Checkpoint '{reader.Source}' has training layout {layout}, this build resumes layout {CheckpointLayout} only (layout 1 predates per-agent random streams); train the run again.");
        }
        long[] c = reader.Int64s("trainer.counters", 6).ToArray();
        if (c[0] != fingerprint)
        {
            throw new CheckpointException($"Checkpoint '{reader.Source}' was written under another config (fingerprint {c[0]:x16}, this config {fingerprint:x16}).");
        }
        if (c[4] != Seed || c[5] != Learner.AgentCount)
        {
            throw new CheckpointException($"Checkpoint '{reader.Source}' is for seed {c[4]} with {c[5]} agents, not seed {Seed} with {Learner.AgentCount}.");
        }
        if (c[1] < 0 || c[1] > Config.Training.Episodes || c[2] != c[1] * Environment.SlotsPerEpisode || c[3] < 0 || c[3] > c[2])
        {
            throw new CheckpointException($"Checkpoint '{reader.Source}': trainer counters out of range (episodes {c[1]}, slots {c[2]}, updates {c[3]}; the run has {Config.Training.Episodes} episodes of {Environment.SlotsPerEpisode} slots); the file is corrupted.");
        }
        var restore = new CheckpointRestore(reader);
        Learner.Restore(restore);
        // Absent in checkpoints of earlier builds (DDPG schemes, which update in every episode once started, never read it).
        (double, double) lastLosses = (double.NaN, double.NaN);
        if (reader.Contains("trainer.last_losses"))
        {
            long[] bits = restore.Int64s("trainer.last_losses", 2);
            lastLosses = (BitConverter.Int64BitsToDouble(bits[0]), BitConverter.Int64BitsToDouble(bits[1]));
        }
        restore.Commit();
        _lastLosses = lastLosses;
        EpisodesDone = checked((int)c[1]);
        SlotsDone = c[2];
        UpdatesDone = c[3];
    }
}
