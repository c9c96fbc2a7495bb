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
    /// <summary>
    /// The DDPG hyperparameters of every agent (SPEC 8; <see cref="DdpgOptions"/> documents each),
    /// written flat in the JSON section: <c>actorHidden</c>, <c>criticHidden</c>,
    /// <c>actorLearningRate</c>, <c>criticLearningRate</c>, <c>gamma</c>, <c>tau</c>,
    /// <c>batchSize</c>, <c>bufferCapacity</c>, <c>learningStarts</c>, <c>noiseStdStart</c>,
    /// <c>noiseStdEnd</c>, <c>maxGradientNorm</c>, <c>criticLoss</c> ("mse" | "huber"),
    /// <c>huberDelta</c>, <c>twinCritics</c>, <c>targetPolicyNoise</c>, <c>targetNoiseClip</c>,
    /// <c>policyDelay</c>.
    /// </summary>
    public DdpgOptions Learner { get; init; } = new();

    /// <summary>Training episodes per scheme and seed (each <c>environment.slotsPerEpisode</c> slots).</summary>
    public int Episodes { get; init; } = 300;

    /// <summary>
    /// Seed of the network layout (SBS and UE positions, shadowing; SPEC 1), shared by training and
    /// evaluation so that every scheme and seed works on the same deployment.
    /// </summary>
    public ulong LayoutSeed { get; init; } = 1;

    /// <summary>
    /// Fraction of all training slots over which the noise std decays linearly from start to end
    /// (SPEC 8: 1, the whole run); afterwards it stays at <see cref="DdpgOptions.NoiseStdEnd"/>.
    /// </summary>
    public double NoiseDecayFraction { get; init; } = 1.0;

    /// <summary>Factor applied to every reward stored for learning (SPEC 8: 1, no scaling). Metrics always use the unscaled rewards.</summary>
    public double RewardScale { get; init; } = 1.0;

    /// <summary>Episodes between two resume checkpoints (the last episode is always checkpointed).</summary>
    public int CheckpointEveryEpisodes { get; init; } = 25;

    internal static TrainingConfig Read(JsonInput o, TrainingConfig d)
    {
        // Scheme-only settings moved to the schemes section (docs/schemes.md).
        if (o.Optional("episodesPerRound") is { } round)
        {
            throw round.Fail("moved: the F-DRL aggregation period is now schemes.f-drl.aggregation.periodEpisodes (docs/schemes.md)");
        }
        if (o.Optional("cooperativeRewardMean") is { } mean)
        {
            throw mean.Fail("moved: write \"schemes\": { \"ma-drl\": { \"reward\": \"cooperative-mean\" } } instead (docs/schemes.md)");
        }
        DdpgOptions l = d.Learner;
        return new TrainingConfig
        {
            Episodes = o.OptionalInteger("episodes", d.Episodes),
            LayoutSeed = o.Optional("layoutSeed") is { } ls ? Seed(ls) : d.LayoutSeed,
            Learner = new DdpgOptions
            {
                ActorHidden = Widths(o, "actorHidden", l.ActorHidden),
                CriticHidden = Widths(o, "criticHidden", l.CriticHidden),
                ActorLearningRate = o.OptionalNumber("actorLearningRate", l.ActorLearningRate),
                CriticLearningRate = o.OptionalNumber("criticLearningRate", l.CriticLearningRate),
                Gamma = o.OptionalNumber("gamma", l.Gamma),
                Tau = o.OptionalNumber("tau", l.Tau),
                BatchSize = o.OptionalInteger("batchSize", l.BatchSize),
                BufferCapacity = o.OptionalInteger("bufferCapacity", l.BufferCapacity),
                LearningStarts = o.OptionalInteger("learningStarts", l.LearningStarts),
                NoiseStdStart = o.OptionalNumber("noiseStdStart", l.NoiseStdStart),
                NoiseStdEnd = o.OptionalNumber("noiseStdEnd", l.NoiseStdEnd),
                MaxGradientNorm = o.Optional("maxGradientNorm") is { } g ? (float?)g.NullableNumber() : l.MaxGradientNorm,
                CriticLoss = o.Optional("criticLoss") is { } c ? c.String() switch
                {
                    "mse" => CriticLoss.Mse,
                    "huber" => CriticLoss.Huber,
                    string other => throw c.Fail($"unknown critic loss '{other}', expected \"mse\" or \"huber\""),
                } : l.CriticLoss,
                HuberDelta = o.OptionalNumber("huberDelta", l.HuberDelta),
                TwinCritics = o.Optional("twinCritics")?.Boolean() ?? l.TwinCritics,
                TargetPolicyNoise = o.OptionalNumber("targetPolicyNoise", l.TargetPolicyNoise),
                TargetNoiseClip = o.OptionalNumber("targetNoiseClip", l.TargetNoiseClip),
                PolicyDelay = o.OptionalInteger("policyDelay", l.PolicyDelay),
            },
            NoiseDecayFraction = o.OptionalNumber("noiseDecayFraction", d.NoiseDecayFraction),
            RewardScale = o.OptionalNumber("rewardScale", d.RewardScale),
            CheckpointEveryEpisodes = o.OptionalInteger("checkpointEveryEpisodes", d.CheckpointEveryEpisodes),
        };
    }

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject("training");
        w.WriteNumber("episodes", Episodes);
        w.WriteNumber("layoutSeed", LayoutSeed);
        WriteInts(w, "actorHidden", Learner.ActorHidden);
        WriteInts(w, "criticHidden", Learner.CriticHidden);
        w.WriteNumber("actorLearningRate", Learner.ActorLearningRate);
        w.WriteNumber("criticLearningRate", Learner.CriticLearningRate);
        w.WriteNumber("gamma", Learner.Gamma);
        w.WriteNumber("tau", Learner.Tau);
        w.WriteNumber("batchSize", Learner.BatchSize);
        w.WriteNumber("bufferCapacity", Learner.BufferCapacity);
        w.WriteNumber("learningStarts", Learner.LearningStarts);
        w.WriteNumber("noiseStdStart", Learner.NoiseStdStart);
        w.WriteNumber("noiseStdEnd", Learner.NoiseStdEnd);
        w.WriteNumber("noiseDecayFraction", NoiseDecayFraction);
        if (Learner.MaxGradientNorm is { } g)
        {
            w.WriteNumber("maxGradientNorm", g);
        }
        else
        {
            w.WriteNull("maxGradientNorm");
        }
        w.WriteString("criticLoss", Learner.CriticLoss == CriticLoss.Huber ? "huber" : "mse");
        w.WriteNumber("huberDelta", Learner.HuberDelta);
        w.WriteNumber("rewardScale", RewardScale);
        w.WriteBoolean("twinCritics", Learner.TwinCritics);
        w.WriteNumber("targetPolicyNoise", Learner.TargetPolicyNoise);
        w.WriteNumber("targetNoiseClip", Learner.TargetNoiseClip);
        w.WriteNumber("policyDelay", Learner.PolicyDelay);
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
        for (int i = 0; i < Learner.ActorHidden.Count; i++)
        {
            if (Learner.ActorHidden[i] is < 1 or > 65_536)
            {
                Fail($"actorHidden[{i}]", $"a layer width must be between 1 and 65536, found {Learner.ActorHidden[i]}");
            }
        }
        for (int i = 0; i < Learner.CriticHidden.Count; i++)
        {
            if (Learner.CriticHidden[i] is < 1 or > 65_536)
            {
                Fail($"criticHidden[{i}]", $"a layer width must be between 1 and 65536, found {Learner.CriticHidden[i]}");
            }
        }
        Positive("actorLearningRate", Learner.ActorLearningRate);
        Positive("criticLearningRate", Learner.CriticLearningRate);
        // Adam's step is about the learning rate per parameter: above 1, one step moves a weight by more than its scale.
        Unit("actorLearningRate", Learner.ActorLearningRate, zeroOk: false);
        Unit("criticLearningRate", Learner.CriticLearningRate, zeroOk: false);
        Unit("gamma", Learner.Gamma, zeroOk: true);
        Unit("tau", Learner.Tau, zeroOk: false);
        if (Learner.BatchSize is < 1 or > 65_536)
        {
            Fail("batchSize", $"must be between 1 and 65536, found {Learner.BatchSize}");
        }
        if (Learner.BufferCapacity < Learner.BatchSize || Learner.BufferCapacity > 100_000_000)
        {
            Fail("bufferCapacity", $"must be at least training.batchSize = {Learner.BatchSize} and at most 100000000, found {Learner.BufferCapacity}");
        }
        if (Learner.LearningStarts < Learner.BatchSize || Learner.LearningStarts > Learner.BufferCapacity)
        {
            Fail("learningStarts", $"must be between training.batchSize = {Learner.BatchSize} and training.bufferCapacity = {Learner.BufferCapacity}, found {Learner.LearningStarts}");
        }
        if (!(Learner.NoiseStdStart >= 0) || !double.IsFinite(Learner.NoiseStdStart))
        {
            Fail("noiseStdStart", $"must be a finite number >= 0, found {Learner.NoiseStdStart:R}");
        }
        if (!(Learner.NoiseStdEnd >= 0) || !double.IsFinite(Learner.NoiseStdEnd))
        {
            Fail("noiseStdEnd", $"must be a finite number >= 0, found {Learner.NoiseStdEnd:R}");
        }
        Unit("noiseDecayFraction", NoiseDecayFraction, zeroOk: false);
        if (Learner.MaxGradientNorm is { } g)
        {
            Positive("maxGradientNorm", g);
        }
        Positive("huberDelta", Learner.HuberDelta);
        Positive("rewardScale", RewardScale);
        // Scaled rewards of the paper scenario are of order 1e3 x rewardScale; beyond 1e3 the squared TD errors
        // leave float32's range (a critic loss of Infinity), below 1e-6 they vanish below its precision.
        if (!(RewardScale >= 1e-6 && RewardScale <= 1e3))
        {
            Fail("rewardScale", $"must be between 1E-06 and 1000, found {RewardScale:R}");
        }
        if (!(Learner.TargetPolicyNoise >= 0) || !double.IsFinite(Learner.TargetPolicyNoise))
        {
            Fail("targetPolicyNoise", $"must be a finite number >= 0, found {Learner.TargetPolicyNoise:R}");
        }
        if (!(Learner.TargetNoiseClip >= 0) || !double.IsFinite(Learner.TargetNoiseClip))
        {
            Fail("targetNoiseClip", $"must be a finite number >= 0, found {Learner.TargetNoiseClip:R}");
        }
        if (Learner.PolicyDelay is < 1 or > 1000)
        {
            Fail("policyDelay", $"must be between 1 and 1000, found {Learner.PolicyDelay}");
        }
        if (CheckpointEveryEpisodes < 1)
        {
            Fail("checkpointEveryEpisodes", $"must be >= 1, found {CheckpointEveryEpisodes}");
        }
    }

    internal static ulong Seed(JsonInput v)
    {
        double x = v.Number();
        if (x < 0 || x > 9_007_199_254_740_992 || Math.Floor(x) != x)
        {
            throw v.Fail($"expected a non-negative integer seed (at most 2^53), found {x:R}");
        }
        return (ulong)x;
    }

    private static int[] Widths(JsonInput o, string name, IReadOnlyList<int> fallback)
    {
        JsonInput? v = o.Optional(name);
        if (v is null)
        {
            return [.. fallback];
        }
        JsonInput[] items = v.Items();
        if (items.Length == 0)
        {
            throw v.Fail("expected a non-empty list of layer widths");
        }
        return [.. items.Select(i => i.Integer())];
    }

    private static void WriteInts(Utf8JsonWriter w, string name, IReadOnlyList<int> values)
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
        Episodes = o.OptionalInteger("episodes", d.Episodes),
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
