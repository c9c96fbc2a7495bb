using System.Text.Json;
using MecMarl.Learning;
using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>
/// The <c>schemes</c> section of an experiment config: the learning schemes a run may train, by
/// id, each a <see cref="SchemeDescription"/> (docs/schemes.md). <see cref="BuiltIn"/> is the one
/// table of the paper's schemes (SPEC 8); a config may change fields of a built-in scheme (for
/// example <c>"ma-drl": { "reward": "cooperative-mean" }</c>) or define a new id, which starts
/// from IL-DRL's description and changes the fields it gives. Every scheme-only setting lives
/// here, not in <c>training</c>.
/// </summary>
public sealed record SchemesConfig
{
    /// <summary>MA-DRL (MADDPG, paper Algorithm 1): joint critics, R^Co (eq. 12), joint replay, own initial models.</summary>
    public static SchemeDescription MaDrl { get; } = new()
    {
        Critic = CriticView.Joint,
        Reward = LearnedReward.Cooperative,
        Replay = ReplayLayout.Joint,
        InitialModel = InitialModel.Own,
    };

    /// <summary>F-DRL (paper Algorithm 2): local critics, R^Fl (eq. 23), per-agent replay, common initial model, FedAvg (eq. 26) of every network every 5 episodes (SPEC 8 [choice]).</summary>
    public static SchemeDescription FDrl { get; } = new()
    {
        Aggregation = new FedAvgAggregation(5, AggregatedNetworks.All),
    };

    /// <summary>IL-DRL: F-DRL without aggregation (SPEC 8).</summary>
    public static SchemeDescription IlDrl { get; } = new();

    /// <summary>The table of built-in schemes: id to description, in the order figures list them.</summary>
    public static IReadOnlyList<KeyValuePair<string, SchemeDescription>> BuiltIn { get; } =
    [
        new(SchemeIds.MaDrl, MaDrl),
        new(SchemeIds.FDrl, FDrl),
        new(SchemeIds.IlDrl, IlDrl),
    ];

    /// <summary>The schemes, built-in ones first, then new ones in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, SchemeDescription>> Entries { get; init; } = BuiltIn;

    /// <summary>The scheme ids, in <see cref="Entries"/> order.</summary>
    public IEnumerable<string> Ids => Entries.Select(e => e.Key);

    /// <summary>Whether <paramref name="id"/> names a scheme of this section.</summary>
    public bool Contains(string id) => Entries.Any(e => e.Key == id);

    /// <summary>The description of scheme <paramref name="id"/>; throws <see cref="ArgumentException"/> for an unknown id.</summary>
    public SchemeDescription this[string id] =>
        Entries.FirstOrDefault(e => e.Key == id).Value
        ?? throw new ArgumentException($"unknown learning scheme '{id}', expected one of {string.Join(", ", Ids)}.", nameof(id));

    /// <summary>The schemes with every FedAvg period above <paramref name="episodes"/> episodes lowered to it (the short budgets; periods in slots are left alone).</summary>
    public SchemesConfig WithAggregationPeriodAtMost(int episodes) => this with
    {
        Entries = [.. Entries.Select(e => e.Value.Aggregation is { } a && a.PeriodSlots is null && a.PeriodEpisodes > episodes
            ? new KeyValuePair<string, SchemeDescription>(e.Key, e.Value with { Aggregation = a with { PeriodEpisodes = episodes } })
            : e)],
    };

    /// <inheritdoc />
    public bool Equals(SchemesConfig? other) =>
        other is not null && Entries.Count == other.Entries.Count && Entries.Zip(other.Entries).All(p => p.First.Key == p.Second.Key && p.First.Value == p.Second.Value);

    /// <inheritdoc />
    public override int GetHashCode() => Entries.Count;

    internal static SchemesConfig Read(JsonInput o, SchemesConfig d)
    {
        if (o.Element.ValueKind != JsonValueKind.Object)
        {
            throw o.Fail("expected an object of schemes by id");
        }
        var entries = d.Entries.ToList();
        foreach (JsonProperty p in o.Element.EnumerateObject())
        {
            JsonInput v = o.Optional(p.Name)!;
            int i = entries.FindIndex(e => e.Key == p.Name);
            if (i < 0)
            {
                CheckNewId(v, p.Name);
            }
            SchemeDescription start = i < 0 ? IlDrl : entries[i].Value;
            SchemeDescription read = ReadScheme(v, start);
            v.EnsureAllRead();
            if (i < 0)
            {
                entries.Add(new(p.Name, read));
            }
            else
            {
                entries[i] = new(p.Name, read);
            }
        }
        return new SchemesConfig { Entries = entries };
    }

    private static void CheckNewId(JsonInput v, string id)
    {
        if (id.Length is 0 or > 40 || !id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') || id[0] == '-')
        {
            throw v.Fail("a scheme id is 1 to 40 lowercase letters, digits and hyphens, not starting with a hyphen");
        }
        if (FixedPolicies.Ids.Contains(id))
        {
            throw v.Fail($"'{id}' is a fixed scheme, not a learning scheme; choose another id");
        }
    }

    private static SchemeDescription ReadScheme(JsonInput o, SchemeDescription d)
    {
        var read = new SchemeDescription
        {
            Critic = Enum(o, "critic", d.Critic, CriticNames),
            Reward = Enum(o, "reward", d.Reward, RewardNames),
            Replay = Enum(o, "replay", d.Replay, ReplayNames),
            Sharing = Enum(o, "parameterSharing", d.Sharing, SharingNames),
            InitialModel = Enum(o, "initialModel", d.InitialModel, InitialModelNames),
            Aggregation = o.Optional("aggregation") is { } a ? ReadAggregation(a, d.Aggregation) : d.Aggregation,
            Learner = Enum(o, "learner", d.Learner, LearnerNames),
        };
        JsonInput? ppo = o.Optional("ppo");
        if (read.Learner == LearnerKind.Ddpg)
        {
            if (ppo is not null)
            {
                throw ppo.Fail("applies to \"learner\": \"ppo\" only");
            }
            return read;
        }
        // A scheme switched to PPO starts from the default settings; one that was PPO keeps its own.
        PpoOptions start = d.Learner == LearnerKind.Ppo && d.Ppo is not null ? d.Ppo : new PpoOptions();
        return read with { Ppo = ppo is null ? start : ReadPpo(ppo, start) };
    }

    private static PpoOptions ReadPpo(JsonInput p, PpoOptions d)
    {
        if (p.Element.ValueKind != JsonValueKind.Object)
        {
            throw p.Fail("expected an object of PPO settings");
        }
        JsonInput? clip = p.Optional("maxGradientNorm");
        var result = new PpoOptions
        {
            ActorLearningRate = p.Optional("actorLearningRate")?.Number() ?? d.ActorLearningRate,
            ValueLearningRate = p.Optional("valueLearningRate")?.Number() ?? d.ValueLearningRate,
            RolloutSlots = p.Optional("rolloutSlots")?.Integer() ?? d.RolloutSlots,
            Epochs = p.Optional("epochs")?.Integer() ?? d.Epochs,
            MinibatchSize = p.Optional("minibatchSize")?.Integer() ?? d.MinibatchSize,
            ClipRange = p.Optional("clipRange")?.Number() ?? d.ClipRange,
            GaeLambda = p.Optional("gaeLambda")?.Number() ?? d.GaeLambda,
            EntropyCoefficient = p.Optional("entropyCoefficient")?.Number() ?? d.EntropyCoefficient,
            Std = Enum(p, "std", d.Std, PpoStdNames),
            InitialStd = p.Optional("initialStd")?.Number() ?? d.InitialStd,
            MinStd = p.Optional("minStd")?.Number() ?? d.MinStd,
            NormalizeAdvantages = p.Optional("normalizeAdvantages")?.Boolean() ?? d.NormalizeAdvantages,
            ZeroOutputLayer = p.Optional("zeroOutputLayer")?.Boolean() ?? d.ZeroOutputLayer,
            MaxGradientNorm = clip is null ? d.MaxGradientNorm : clip.IsNull ? null : (float)clip.Number(),
        };
        p.EnsureAllRead();
        if (result.Problem() is { } problem)
        {
            throw new ConfigException(p.File, p.MemberPath(problem.Field), problem.Problem);
        }
        return result;
    }

    private static void WritePpo(Utf8JsonWriter w, PpoOptions p)
    {
        w.WriteStartObject("ppo");
        w.WriteNumber("actorLearningRate", p.ActorLearningRate);
        w.WriteNumber("valueLearningRate", p.ValueLearningRate);
        w.WriteNumber("rolloutSlots", p.RolloutSlots);
        w.WriteNumber("epochs", p.Epochs);
        w.WriteNumber("minibatchSize", p.MinibatchSize);
        w.WriteNumber("clipRange", p.ClipRange);
        w.WriteNumber("gaeLambda", p.GaeLambda);
        w.WriteNumber("entropyCoefficient", p.EntropyCoefficient);
        w.WriteString("std", Name(p.Std, PpoStdNames));
        w.WriteNumber("initialStd", p.InitialStd);
        w.WriteNumber("minStd", p.MinStd);
        w.WriteBoolean("normalizeAdvantages", p.NormalizeAdvantages);
        w.WriteBoolean("zeroOutputLayer", p.ZeroOutputLayer);
        if (p.MaxGradientNorm is { } g)
        {
            w.WriteNumber("maxGradientNorm", g);
        }
        else
        {
            w.WriteNull("maxGradientNorm");
        }
        w.WriteEndObject();
    }

    private static FedAvgAggregation? ReadAggregation(JsonInput a, FedAvgAggregation? d)
    {
        if (a.IsNull)
        {
            return null;
        }
        if (a.Element.ValueKind != JsonValueKind.Object)
        {
            throw a.Fail("expected null or an aggregation object");
        }
        string kind = a.Optional("kind")?.String() ?? "fedavg";
        if (kind != "fedavg")
        {
            throw new ConfigException(a.File, a.MemberPath("kind"), $"unknown aggregation '{kind}', expected \"fedavg\"");
        }
        d ??= new FedAvgAggregation(5, AggregatedNetworks.All);
        AggregatedNetworks networks = a.Optional("networks") is { } n ? ReadNetworks(n) : d.Networks;
        AggregatedNetworks targets = a.Optional("targets") is { } t ? ReadNetworks(t) : a.Optional("networks") is null ? d.Targets : networks;
        JsonInput? episodes = a.Optional("periodEpisodes"), slots = a.Optional("periodSlots");
        int periodEpisodes = episodes?.Integer() ?? (slots is null ? d.PeriodEpisodes : 0);
        int? periodSlots = slots is not null ? slots.Integer() : episodes is null ? d.PeriodSlots : null;
        AggregationTopology topology = Enum(a, "topology", d.Topology, TopologyNames);
        bool sameTopology = topology == d.Topology;
        var result = new FedAvgAggregation(periodEpisodes, networks)
        {
            PeriodSlots = periodSlots,
            Targets = targets,
            Weighting = Enum(a, "weighting", d.Weighting, WeightingNames),
            Participation = a.Optional("participation")?.Number() ?? d.Participation,
            Quantization = Enum(a, "quantization", d.Quantization, QuantizationNames),
            ProximalMu = a.Optional("proximalMu")?.Number() ?? d.ProximalMu,
            Topology = topology,
            ClusterSize = a.Optional("clusterSize")?.Integer() ?? (sameTopology ? d.ClusterSize : 0),
            GlobalEveryRounds = a.Optional("globalEveryRounds")?.Integer() ?? (sameTopology ? d.GlobalEveryRounds : 0),
            Degree = a.Optional("degree")?.Integer() ?? (sameTopology ? d.Degree : 0),
        };
        a.EnsureAllRead();
        if (result.Problem() is { } p)
        {
            throw new ConfigException(a.File, a.MemberPath(p.Field), p.Problem);
        }
        return result;
    }

    private static AggregatedNetworks ReadNetworks(JsonInput n)
    {
        AggregatedNetworks networks = AggregatedNetworks.None;
        foreach (JsonInput item in n.Items())
        {
            AggregatedNetworks one = item.String() switch
            {
                "actor" => AggregatedNetworks.Actor,
                "critic" => AggregatedNetworks.Critic,
                string other => throw item.Fail($"unknown network '{other}', expected \"actor\" or \"critic\""),
            };
            if ((networks & one) != 0)
            {
                throw item.Fail($"'{item.String()}' is listed twice");
            }
            networks |= one;
        }
        return networks;
    }

    private static void WriteNetworks(Utf8JsonWriter w, string name, AggregatedNetworks networks)
    {
        w.WriteStartArray(name);
        if ((networks & AggregatedNetworks.Actor) != 0)
        {
            w.WriteStringValue("actor");
        }
        if ((networks & AggregatedNetworks.Critic) != 0)
        {
            w.WriteStringValue("critic");
        }
        w.WriteEndArray();
    }

    private static T Enum<T>(JsonInput o, string name, T fallback, IReadOnlyList<(T Value, string Name)> names)
        where T : struct
    {
        JsonInput? v = o.Optional(name);
        if (v is null)
        {
            return fallback;
        }
        string s = v.String();
        foreach ((T value, string n) in names)
        {
            if (n == s)
            {
                return value;
            }
        }
        throw v.Fail($"unknown value '{s}', expected one of {string.Join(", ", names.Select(x => $"\"{x.Name}\""))}");
    }

    private static string Name<T>(T value, IReadOnlyList<(T Value, string Name)> names) where T : struct =>
        names.First(x => EqualityComparer<T>.Default.Equals(x.Value, value)).Name;

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject("schemes");
        foreach ((string id, SchemeDescription s) in Entries)
        {
            w.WriteStartObject(id);
            w.WriteString("critic", Name(s.Critic, CriticNames));
            w.WriteString("reward", Name(s.Reward, RewardNames));
            w.WriteString("replay", Name(s.Replay, ReplayNames));
            w.WriteString("parameterSharing", Name(s.Sharing, SharingNames));
            w.WriteString("initialModel", Name(s.InitialModel, InitialModelNames));
            if (s.Aggregation is { } a)
            {
                // The variants' fields are written only when they differ from the paper's values, so that
                // the resolved config (and the training fingerprint) of a paper scheme stays as it was.
                w.WriteStartObject("aggregation");
                w.WriteString("kind", "fedavg");
                if (a.PeriodSlots is { } slots)
                {
                    w.WriteNumber("periodSlots", slots);
                }
                else
                {
                    w.WriteNumber("periodEpisodes", a.PeriodEpisodes);
                }
                WriteNetworks(w, "networks", a.Networks);
                if (a.Targets != a.Networks)
                {
                    WriteNetworks(w, "targets", a.Targets);
                }
                if (a.Weighting != AggregationWeighting.BatchSize)
                {
                    w.WriteString("weighting", Name(a.Weighting, WeightingNames));
                }
                if (a.Participation != 1)
                {
                    w.WriteNumber("participation", a.Participation);
                }
                if (a.Quantization != UploadQuantization.None)
                {
                    w.WriteString("quantization", Name(a.Quantization, QuantizationNames));
                }
                if (a.ProximalMu != 0)
                {
                    w.WriteNumber("proximalMu", a.ProximalMu);
                }
                if (a.Topology != AggregationTopology.Coordinator)
                {
                    w.WriteString("topology", Name(a.Topology, TopologyNames));
                }
                if (a.Topology == AggregationTopology.Hierarchical)
                {
                    w.WriteNumber("clusterSize", a.ClusterSize);
                    w.WriteNumber("globalEveryRounds", a.GlobalEveryRounds);
                }
                if (a.Topology == AggregationTopology.Gossip)
                {
                    w.WriteNumber("degree", a.Degree);
                }
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("aggregation");
            }
            w.WriteString("learner", Name(s.Learner, LearnerNames));
            if (s.Ppo is { } ppo)
            {
                // Written only for PPO schemes, so DDPG schemes' resolved configs (and fingerprints) are unchanged.
                WritePpo(w, ppo);
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    internal void Validate(string file)
    {
        foreach ((string id, SchemeDescription s) in Entries)
        {
            if (s.Problem() is { } p)
            {
                throw new ConfigException(file, $"schemes.{id}.{p.Field}", p.Problem);
            }
        }
    }

    private static readonly (CriticView, string)[] CriticNames = [(CriticView.Local, "local"), (CriticView.Joint, "joint")];
    private static readonly (LearnedReward, string)[] RewardNames =
        [(LearnedReward.Local, "local"), (LearnedReward.Cooperative, "cooperative"), (LearnedReward.CooperativeMean, "cooperative-mean")];
    private static readonly (ReplayLayout, string)[] ReplayNames = [(ReplayLayout.PerAgent, "per-agent"), (ReplayLayout.Joint, "joint")];
    private static readonly (ParameterSharing, string)[] SharingNames =
        [(ParameterSharing.None, "none"), (ParameterSharing.SharedWithAgentId, "shared-with-agent-id")];
    private static readonly (InitialModel, string)[] InitialModelNames = [(InitialModel.Own, "own"), (InitialModel.Common, "common")];
    private static readonly (AggregationWeighting, string)[] WeightingNames =
        [(AggregationWeighting.BatchSize, "batch-size"), (AggregationWeighting.Equal, "equal"), (AggregationWeighting.Samples, "samples")];
    private static readonly (UploadQuantization, string)[] QuantizationNames =
        [(UploadQuantization.None, "none"), (UploadQuantization.Float16, "float16"), (UploadQuantization.EightBit, "int8")];
    private static readonly (AggregationTopology, string)[] TopologyNames =
        [(AggregationTopology.Coordinator, "coordinator"), (AggregationTopology.Hierarchical, "hierarchical"), (AggregationTopology.Gossip, "gossip")];
    private static readonly (LearnerKind, string)[] LearnerNames = [(LearnerKind.Ddpg, "ddpg"), (LearnerKind.Ppo, "ppo")];
    private static readonly (PpoStd, string)[] PpoStdNames = [(PpoStd.Learned, "learned"), (PpoStd.Schedule, "schedule")];
}
