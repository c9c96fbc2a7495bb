using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
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

    /// <summary>
    /// Binds the <c>schemes</c> section <paramref name="section"/> over <paramref name="d"/>: each entry is a delta
    /// over the scheme of that id, or over IL-DRL's description for a new id (<see cref="Bind"/>).
    /// </summary>
    internal static SchemesConfig Read(JsonInput section, SchemesConfig d)
    {
        if (section.Element.ValueKind != JsonValueKind.Object)
        {
            throw section.Fail($"expected an object of schemes by id, found {ConfigBinding.Describe(section.Element.ValueKind)}");
        }
        var entries = d.Entries.ToList();
        foreach (JsonProperty p in section.Element.EnumerateObject())
        {
            string path = section.MemberPath(p.Name);
            int i = entries.FindIndex(e => e.Key == p.Name);
            if (i < 0)
            {
                CheckNewId(section.File, path, p.Name);
            }
            SchemeDescription scheme = Bind(p.Value, i < 0 ? IlDrl : entries[i].Value, section.File, path);
            if (i < 0)
            {
                entries.Add(new(p.Name, scheme));
            }
            else
            {
                entries[i] = new(p.Name, scheme);
            }
        }
        return new SchemesConfig { Entries = entries };
    }

    private static void CheckNewId(string file, string path, string id)
    {
        if (id.Length is 0 or > 40 || !id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') || id[0] == '-')
        {
            throw new ConfigException(file, path, "a scheme id is 1 to 40 lowercase letters, digits and hyphens, not starting with a hyphen");
        }
        if (FixedPolicies.Ids.Contains(id))
        {
            throw new ConfigException(file, path, $"'{id}' is a fixed scheme, not a learning scheme; choose another id");
        }
    }

    // The start of ConfigBinding's message for an unknown field, to which the aggregation's "kind" is added.
    private const string UnknownAggregationField = "unknown field (known here: ";

    /// <summary>
    /// Binds one entry (<paramref name="element"/>, at <paramref name="path"/>) as a delta over <paramref name="start"/>
    /// (<see cref="ConfigBinding.Bind{T}(JsonElement, JsonTypeInfo{T}, string, string, T)"/>), with the rules a field-by-field
    /// overlay does not express: the aggregation's <c>kind</c> names the one aggregation there is; an aggregation object
    /// on a scheme without one starts from F-DRL's; a scheme switched to PPO starts from the default
    /// <see cref="PpoOptions"/> and a DDPG scheme has none; <c>targets</c> follows a given <c>networks</c>; a period in
    /// episodes and one in slots replace each other; a new <c>topology</c> drops the old one's own settings.
    /// </summary>
    private static SchemeDescription Bind(JsonElement element, SchemeDescription start, string file, string path)
    {
        JsonElement? aggregation = Member(element, "aggregation") is { ValueKind: JsonValueKind.Object } a ? a : null;
        if (aggregation is { } given && Member(given, "kind") is { } kind)
        {
            if (kind.ValueKind != JsonValueKind.String)
            {
                throw new ConfigException(file, path + ".aggregation.kind", $"expected a string, found {ConfigBinding.Describe(kind.ValueKind)}");
            }
            if (kind.GetString() != "fedavg")
            {
                throw new ConfigException(file, path + ".aggregation.kind", $"unknown aggregation '{kind.GetString()}', expected \"fedavg\"");
            }
            var withoutKind = JsonObject.Create(element)!;
            withoutKind["aggregation"]!.AsObject().Remove("kind");
            using var document = JsonDocument.Parse(withoutKind.ToJsonString());
            element = document.RootElement.Clone();
        }
        start = start with
        {
            Aggregation = start.Aggregation ?? (aggregation is null ? null : FDrl.Aggregation),
            Ppo = start.Learner == LearnerKind.Ppo && start.Ppo is not null ? start.Ppo : new PpoOptions(),
        };
        SchemeDescription scheme;
        try
        {
            scheme = ConfigBinding.Bind(element, ExperimentJsonContext.Default.SchemeDescription, file, path, start);
        }
        catch (ConfigException e) when (e.JsonPath.StartsWith(path + ".aggregation.", StringComparison.Ordinal)
            && e.JsonPath.IndexOf('.', path.Length + ".aggregation.".Length) < 0
            && e.Problem.StartsWith(UnknownAggregationField, StringComparison.Ordinal))
        {
            // "kind" is read above, before binding, so the bound type does not list it among the known fields.
            throw new ConfigException(e.File, e.JsonPath, UnknownAggregationField + "kind, " + e.Problem[UnknownAggregationField.Length..], e);
        }
        if (scheme.Learner != LearnerKind.Ppo)
        {
            if (Member(element, "ppo") is { ValueKind: not JsonValueKind.Null })
            {
                throw new ConfigException(file, path + ".ppo", "applies to \"learner\": \"ppo\" only");
            }
            scheme = scheme with { Ppo = null };
        }
        else if (scheme.Ppo is null)
        {
            throw new ConfigException(file, path + ".ppo", "expected an object of PPO settings, found null");
        }
        if (scheme.Aggregation is { } fedAvg && aggregation is { } delta)
        {
            bool Given(string name) => Member(delta, name) is not null;
            bool sameTopology = fedAvg.Topology == start.Aggregation!.Topology;
            scheme = scheme with
            {
                Aggregation = fedAvg with
                {
                    Targets = Given("networks") && !Given("targets") ? fedAvg.Networks : fedAvg.Targets,
                    PeriodEpisodes = Member(delta, "periodSlots") is { ValueKind: not JsonValueKind.Null } && !Given("periodEpisodes") ? 0 : fedAvg.PeriodEpisodes,
                    PeriodSlots = Given("periodEpisodes") && !Given("periodSlots") ? null : fedAvg.PeriodSlots,
                    ClusterSize = sameTopology || Given("clusterSize") ? fedAvg.ClusterSize : 0,
                    GlobalEveryRounds = sameTopology || Given("globalEveryRounds") ? fedAvg.GlobalEveryRounds : 0,
                    Degree = sameTopology || Given("degree") ? fedAvg.Degree : 0,
                },
            };
        }
        return scheme;
    }

    private static JsonElement? Member(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out JsonElement v) ? v : null;

    /// <summary>Writes the section (every scheme with every field) as member <c>schemes</c> of the current JSON object.</summary>
    internal void Write(Utf8JsonWriter w)
    {
        var schemes = new JsonObject();
        foreach ((string id, SchemeDescription s) in Entries)
        {
            JsonObject scheme = JsonSerializer.SerializeToNode(s, ExperimentJsonContext.Default.SchemeDescription)!.AsObject();
            if (s.Aggregation is { } a)
            {
                scheme["aggregation"] = AggregationNode(a);
            }
            schemes[id] = scheme;
        }
        w.WritePropertyName("schemes");
        schemes.WriteTo(w);
    }

    // The aggregation as written: its kind, its period and networks, and each variant field only when it differs from
    // the paper's FedAvg with that period and those networks, so that the resolved config (and the training fingerprint)
    // of a paper scheme is what it was before the variants existed.
    private static JsonObject AggregationNode(FedAvgAggregation a)
    {
        JsonTypeInfo<FedAvgAggregation> info = ExperimentJsonContext.Default.FedAvgAggregation;
        JsonObject paper = JsonSerializer.SerializeToNode(new FedAvgAggregation(a.PeriodEpisodes, a.Networks) { PeriodSlots = a.PeriodSlots }, info)!.AsObject();
        var written = new JsonObject { ["kind"] = "fedavg" };
        foreach ((string name, JsonNode? value) in JsonSerializer.SerializeToNode(a, info)!.AsObject())
        {
            if (name is "periodEpisodes" or "periodSlots" or "networks" || !JsonNode.DeepEquals(value, paper[name]))
            {
                written[name] = value?.DeepClone();
            }
        }
        return written;
    }

    /// <summary>
    /// Checks every scheme: the ranges declared on its fields (<see cref="ConfigBinding.CheckRanges"/>), then the
    /// combinations that cannot train (<see cref="SchemeDescription.Problem"/>); throws <see cref="ConfigException"/> naming the JSON path.
    /// </summary>
    internal void Validate(string file)
    {
        foreach ((string id, SchemeDescription s) in Entries)
        {
            ConfigBinding.CheckRanges(s, ExperimentJsonContext.Default.SchemeDescription, file, $"schemes.{id}");
            if (s.Problem() is { } p)
            {
                throw new ConfigException(file, $"schemes.{id}.{p.Field}", p.Problem);
            }
        }
    }
}
