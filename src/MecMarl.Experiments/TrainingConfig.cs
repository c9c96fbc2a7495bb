using System.Text.Json;
using MecMarl.Learning;
using MecMarl.Nn;
using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>
/// The <c>training</c> section of an experiment config: every SPEC 8 hyperparameter with the
/// paper's default, and the documented options beyond the paper (each off by default;
/// <c>configs/tuned.json</c> turns the useful ones on; docs/schemes.md and docs/reproduction.md).
/// </summary>
public sealed record TrainingConfig
{
    /// <summary>Training episodes per scheme and seed (each <c>environment.slotsPerEpisode</c> slots).</summary>
    public int Episodes { get; init; } = 300;

    /// <summary>
    /// Seed of the network layout (SBS and UE positions, shadowing; SPEC 1), shared by training and
    /// evaluation so that every scheme and seed works on the same deployment.
    /// </summary>
    public ulong LayoutSeed { get; init; } = 1;

    /// <summary>Hidden layer widths of every actor (SPEC 8: [64]).</summary>
    public EquatableArray<int> ActorHidden { get; init; } = new(64);

    /// <summary>Hidden layer widths of every critic (SPEC 8: [64]).</summary>
    public EquatableArray<int> CriticHidden { get; init; } = new(64);

    /// <summary>Adam learning rate of the actors (SPEC 8: 1e-3).</summary>
    public double ActorLearningRate { get; init; } = 1e-3;

    /// <summary>Adam learning rate of the critics (SPEC 8: 1e-3).</summary>
    public double CriticLearningRate { get; init; } = 1e-3;

    /// <summary>Discount factor gamma (SPEC 8: 0.9).</summary>
    public double Gamma { get; init; } = 0.9;

    /// <summary>Soft target update rate tau (SPEC 8: 0.01).</summary>
    public double Tau { get; init; } = 0.01;

    /// <summary>Mini-batch size in transitions (SPEC 8: 32); also the FedAvg weight W_m (eq. 26).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Replay capacity in transitions, per buffer (SPEC 8: 10,000).</summary>
    public int BufferCapacity { get; init; } = 10_000;

    /// <summary>Transitions a buffer holds before gradient steps start (SPEC 8 [choice]: 1,000).</summary>
    public int LearningStarts { get; init; } = 1_000;

    /// <summary>Exploration noise std at the first training slot, in action units (SPEC 8 [choice]: 0.2).</summary>
    public double NoiseStdStart { get; init; } = 0.2;

    /// <summary>Exploration noise std at the end of the decay, in action units (SPEC 8 [choice]: 0.01).</summary>
    public double NoiseStdEnd { get; init; } = 0.01;

    /// <summary>
    /// Fraction of all training slots over which the noise std decays linearly from start to end
    /// (SPEC 8: 1, the whole run); afterwards it stays at <see cref="NoiseStdEnd"/>.
    /// </summary>
    public double NoiseDecayFraction { get; init; } = 1.0;

    /// <summary>Global L2 gradient-norm clip for actors and critics, or null for none (SPEC 8: none).</summary>
    public double? MaxGradientNorm { get; init; }

    /// <summary>Critic loss: <c>mse</c> (SPEC 8) or <c>huber</c>.</summary>
    public CriticLoss CriticLoss { get; init; } = CriticLoss.Mse;

    /// <summary>Threshold of the Huber loss, in reward units.</summary>
    public double HuberDelta { get; init; } = 1.0;

    /// <summary>F-DRL: episodes between two federated averaging rounds (SPEC 8 [choice]: 5).</summary>
    public int EpisodesPerRound { get; init; } = 5;

    /// <summary>Factor applied to every reward stored for learning (SPEC 8: 1, no scaling). Metrics always use the unscaled rewards.</summary>
    public double RewardScale { get; init; } = 1.0;

    /// <summary>
    /// MA-DRL: learn from R^Co / M (the mean cell reward) instead of R^Co (eq. 12), so the
    /// cooperative reward has the scale of the local reward R^Fl (SPEC 8: false).
    /// </summary>
    public bool CooperativeRewardMean { get; init; }

    /// <summary>TD3 twin critics (off in SPEC 8); see <see cref="DdpgOptions.TwinCritics"/>.</summary>
    public bool TwinCritics { get; init; }

    /// <summary>TD3 target policy smoothing noise std in action units, 0 = off (SPEC 8).</summary>
    public double TargetPolicyNoise { get; init; }

    /// <summary>Bound of the target smoothing noise, in action units (TD3: 0.5).</summary>
    public double TargetNoiseClip { get; init; } = 0.5;

    /// <summary>TD3 delayed policy updates: actor step and soft updates every this many critic steps (SPEC 8: 1).</summary>
    public int PolicyDelay { get; init; } = 1;

    /// <summary>Episodes between two resume checkpoints (the last episode is always checkpointed).</summary>
    public int CheckpointEveryEpisodes { get; init; } = 10;

    /// <summary>The DDPG learner options these values give (SPEC 8).</summary>
    public DdpgOptions ToDdpgOptions() => new()
    {
        ActorHidden = [.. ActorHidden],
        CriticHidden = [.. CriticHidden],
        ActorHiddenActivation = Activation.Relu,
        ActorOutputActivation = Activation.Sigmoid,
        CriticHiddenActivation = Activation.Relu,
        ActorLearningRate = ActorLearningRate,
        CriticLearningRate = CriticLearningRate,
        Gamma = Gamma,
        Tau = Tau,
        BatchSize = BatchSize,
        BufferCapacity = BufferCapacity,
        LearningStarts = LearningStarts,
        NoiseStdStart = NoiseStdStart,
        NoiseStdEnd = NoiseStdEnd,
        MaxGradientNorm = MaxGradientNorm is { } g ? (float)g : null,
        CriticLoss = CriticLoss,
        HuberDelta = HuberDelta,
        TwinCritics = TwinCritics,
        TargetPolicyNoise = TargetPolicyNoise,
        TargetNoiseClip = TargetNoiseClip,
        PolicyDelay = PolicyDelay,
    };

    internal static TrainingConfig Read(JsonInput o, TrainingConfig d) => new()
    {
        Episodes = Int(o, "episodes", d.Episodes),
        LayoutSeed = o.Optional("layoutSeed") is { } ls ? Seed(ls) : d.LayoutSeed,
        ActorHidden = Widths(o, "actorHidden", d.ActorHidden),
        CriticHidden = Widths(o, "criticHidden", d.CriticHidden),
        ActorLearningRate = Num(o, "actorLearningRate", d.ActorLearningRate),
        CriticLearningRate = Num(o, "criticLearningRate", d.CriticLearningRate),
        Gamma = Num(o, "gamma", d.Gamma),
        Tau = Num(o, "tau", d.Tau),
        BatchSize = Int(o, "batchSize", d.BatchSize),
        BufferCapacity = Int(o, "bufferCapacity", d.BufferCapacity),
        LearningStarts = Int(o, "learningStarts", d.LearningStarts),
        NoiseStdStart = Num(o, "noiseStdStart", d.NoiseStdStart),
        NoiseStdEnd = Num(o, "noiseStdEnd", d.NoiseStdEnd),
        NoiseDecayFraction = Num(o, "noiseDecayFraction", d.NoiseDecayFraction),
        MaxGradientNorm = o.Optional("maxGradientNorm") is { } g ? g.NullableNumber() : d.MaxGradientNorm,
        CriticLoss = o.Optional("criticLoss") is { } l ? l.String() switch
        {
            "mse" => CriticLoss.Mse,
            "huber" => CriticLoss.Huber,
            string other => throw l.Fail($"unknown critic loss '{other}', expected \"mse\" or \"huber\""),
        } : d.CriticLoss,
        HuberDelta = Num(o, "huberDelta", d.HuberDelta),
        EpisodesPerRound = Int(o, "episodesPerRound", d.EpisodesPerRound),
        RewardScale = Num(o, "rewardScale", d.RewardScale),
        CooperativeRewardMean = o.Optional("cooperativeRewardMean")?.Boolean() ?? d.CooperativeRewardMean,
        TwinCritics = o.Optional("twinCritics")?.Boolean() ?? d.TwinCritics,
        TargetPolicyNoise = Num(o, "targetPolicyNoise", d.TargetPolicyNoise),
        TargetNoiseClip = Num(o, "targetNoiseClip", d.TargetNoiseClip),
        PolicyDelay = Int(o, "policyDelay", d.PolicyDelay),
        CheckpointEveryEpisodes = Int(o, "checkpointEveryEpisodes", d.CheckpointEveryEpisodes),
    };

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject("training");
        w.WriteNumber("episodes", Episodes);
        w.WriteNumber("layoutSeed", LayoutSeed);
        WriteInts(w, "actorHidden", ActorHidden);
        WriteInts(w, "criticHidden", CriticHidden);
        w.WriteNumber("actorLearningRate", ActorLearningRate);
        w.WriteNumber("criticLearningRate", CriticLearningRate);
        w.WriteNumber("gamma", Gamma);
        w.WriteNumber("tau", Tau);
        w.WriteNumber("batchSize", BatchSize);
        w.WriteNumber("bufferCapacity", BufferCapacity);
        w.WriteNumber("learningStarts", LearningStarts);
        w.WriteNumber("noiseStdStart", NoiseStdStart);
        w.WriteNumber("noiseStdEnd", NoiseStdEnd);
        w.WriteNumber("noiseDecayFraction", NoiseDecayFraction);
        if (MaxGradientNorm is { } g)
        {
            w.WriteNumber("maxGradientNorm", g);
        }
        else
        {
            w.WriteNull("maxGradientNorm");
        }
        w.WriteString("criticLoss", CriticLoss == CriticLoss.Huber ? "huber" : "mse");
        w.WriteNumber("huberDelta", HuberDelta);
        w.WriteNumber("episodesPerRound", EpisodesPerRound);
        w.WriteNumber("rewardScale", RewardScale);
        w.WriteBoolean("cooperativeRewardMean", CooperativeRewardMean);
        w.WriteBoolean("twinCritics", TwinCritics);
        w.WriteNumber("targetPolicyNoise", TargetPolicyNoise);
        w.WriteNumber("targetNoiseClip", TargetNoiseClip);
        w.WriteNumber("policyDelay", PolicyDelay);
        w.WriteNumber("checkpointEveryEpisodes", CheckpointEveryEpisodes);
        w.WriteEndObject();
    }

    internal void Validate(string file)
    {
        void Fail(string field, string problem) => throw new ConfigException(file, "training." + field, problem);
        void Positive(string field, double v)
        {
            if (!(v > 0) || !double.IsFinite(v))
            {
                Fail(field, $"must be a finite number > 0, found {v:R}");
            }
        }
        void Unit(string field, double v, bool zeroOk)
        {
            if (!(zeroOk ? v >= 0 : v > 0) || v > 1)
            {
                Fail(field, $"must be in {(zeroOk ? "[0" : "(0")}, 1], found {v:R}");
            }
        }
        if (Episodes is < 1 or > 10_000_000)
        {
            Fail("episodes", $"must be between 1 and 10000000, found {Episodes}");
        }
        for (int i = 0; i < ActorHidden.Count; i++)
        {
            if (ActorHidden[i] is < 1 or > 65_536)
            {
                Fail($"actorHidden[{i}]", $"a layer width must be between 1 and 65536, found {ActorHidden[i]}");
            }
        }
        for (int i = 0; i < CriticHidden.Count; i++)
        {
            if (CriticHidden[i] is < 1 or > 65_536)
            {
                Fail($"criticHidden[{i}]", $"a layer width must be between 1 and 65536, found {CriticHidden[i]}");
            }
        }
        Positive("actorLearningRate", ActorLearningRate);
        Positive("criticLearningRate", CriticLearningRate);
        Unit("gamma", Gamma, zeroOk: true);
        Unit("tau", Tau, zeroOk: false);
        if (BatchSize is < 1 or > 65_536)
        {
            Fail("batchSize", $"must be between 1 and 65536, found {BatchSize}");
        }
        if (BufferCapacity < BatchSize || BufferCapacity > 100_000_000)
        {
            Fail("bufferCapacity", $"must be at least training.batchSize = {BatchSize} and at most 100000000, found {BufferCapacity}");
        }
        if (LearningStarts < BatchSize || LearningStarts > BufferCapacity)
        {
            Fail("learningStarts", $"must be between training.batchSize = {BatchSize} and training.bufferCapacity = {BufferCapacity}, found {LearningStarts}");
        }
        if (!(NoiseStdStart >= 0) || !double.IsFinite(NoiseStdStart))
        {
            Fail("noiseStdStart", $"must be a finite number >= 0, found {NoiseStdStart:R}");
        }
        if (!(NoiseStdEnd >= 0) || !double.IsFinite(NoiseStdEnd))
        {
            Fail("noiseStdEnd", $"must be a finite number >= 0, found {NoiseStdEnd:R}");
        }
        Unit("noiseDecayFraction", NoiseDecayFraction, zeroOk: false);
        if (MaxGradientNorm is { } g)
        {
            Positive("maxGradientNorm", g);
        }
        Positive("huberDelta", HuberDelta);
        if (EpisodesPerRound is < 1)
        {
            Fail("episodesPerRound", $"must be >= 1, found {EpisodesPerRound}");
        }
        Positive("rewardScale", RewardScale);
        if (!(TargetPolicyNoise >= 0) || !double.IsFinite(TargetPolicyNoise))
        {
            Fail("targetPolicyNoise", $"must be a finite number >= 0, found {TargetPolicyNoise:R}");
        }
        if (!(TargetNoiseClip >= 0) || !double.IsFinite(TargetNoiseClip))
        {
            Fail("targetNoiseClip", $"must be a finite number >= 0, found {TargetNoiseClip:R}");
        }
        if (PolicyDelay is < 1 or > 1000)
        {
            Fail("policyDelay", $"must be between 1 and 1000, found {PolicyDelay}");
        }
        if (CheckpointEveryEpisodes < 1)
        {
            Fail("checkpointEveryEpisodes", $"must be >= 1, found {CheckpointEveryEpisodes}");
        }
    }

    internal static double Num(JsonInput o, string name, double fallback) => o.Optional(name)?.Number() ?? fallback;

    internal static int Int(JsonInput o, string name, int fallback) => o.Optional(name)?.Integer() ?? fallback;

    internal static ulong Seed(JsonInput v)
    {
        double x = v.Number();
        if (x < 0 || x > 9_007_199_254_740_992 || Math.Floor(x) != x)
        {
            throw v.Fail($"expected a non-negative integer seed (at most 2^53), found {x:R}");
        }
        return (ulong)x;
    }

    private static EquatableArray<int> Widths(JsonInput o, string name, EquatableArray<int> fallback)
    {
        JsonInput? v = o.Optional(name);
        if (v is null)
        {
            return fallback;
        }
        JsonInput[] items = v.Items();
        if (items.Length == 0)
        {
            throw v.Fail("expected a non-empty list of layer widths");
        }
        return new EquatableArray<int>(items.Select(i => i.Integer()).ToArray());
    }

    private static void WriteInts(Utf8JsonWriter w, string name, EquatableArray<int> values)
    {
        w.WriteStartArray(name);
        foreach (int v in values)
        {
            w.WriteNumberValue(v);
        }
        w.WriteEndArray();
    }
}

/// <summary>The <c>evaluation</c> section of an experiment config (SPEC 9).</summary>
public sealed record EvaluationConfig
{
    /// <summary>Evaluation episodes (SPEC 9 [choice]: 20).</summary>
    public int Episodes { get; init; } = 20;

    /// <summary>
    /// Seed of the evaluation episodes' fading and tasks (SPEC 9: different from training; training
    /// episodes draw from a hash of the training seed, so no value here collides with them).
    /// </summary>
    public ulong Seed { get; init; } = 20_210_001;

    internal static EvaluationConfig Read(JsonInput o, EvaluationConfig d) => new()
    {
        Episodes = TrainingConfig.Int(o, "episodes", d.Episodes),
        Seed = o.Optional("seed") is { } s ? TrainingConfig.Seed(s) : d.Seed,
    };

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject("evaluation");
        w.WriteNumber("episodes", Episodes);
        w.WriteNumber("seed", Seed);
        w.WriteEndObject();
    }

    internal void Validate(string file)
    {
        if (Episodes is < 1 or > 1_000_000)
        {
            throw new ConfigException(file, "evaluation.episodes", $"must be between 1 and 1000000, found {Episodes}");
        }
    }
}
