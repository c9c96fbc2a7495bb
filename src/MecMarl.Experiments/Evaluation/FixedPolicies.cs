using MecMarl.Randomness;
using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>
/// The one registry of fixed (non-learning) policies, used by <c>simulate --policy</c>, <c>eval --scheme</c>
/// and <c>reproduce</c>. Seed convention (the same in every command): positions come from the layout
/// seed; the fading and tasks of evaluation episode e from <c>MecEnvironment.EpisodeSeed(evalSeed, e)</c>;
/// a policy's own random draws (full offloading's channel permutations, random actions) from
/// <c>new Rng(evalSeed, </c><see cref="PolicyStream"/><c>)</c>. So the same (config, layout seed,
/// evaluation seed, episodes) give the same numbers in every command.
/// </summary>
public static class FixedPolicies
{
    /// <summary>Stream of a fixed policy's own randomness, seeded with the evaluation seed.</summary>
    public const ulong PolicyStream = 0x5011C7;

    /// <summary>Every fixed policy, in registry order.</summary>
    public static IReadOnlyList<FixedPolicyInfo> All { get; } =
    [
        new(SchemeIds.FullOffload, SchemeIds.DisplayName(SchemeIds.FullOffload),
            "SPEC 8 full offloading: alpha 1, random one-to-one channels per cell, P_max, equal MEC shares", FixedPolicyKind.Spec8Actions, false),
        new(SchemeIds.Local, SchemeIds.DisplayName(SchemeIds.Local),
            "SPEC 8 local computing: alpha 0 for every UE", FixedPolicyKind.Spec8Actions, false),
        new(SchemeIds.Random, SchemeIds.DisplayName(SchemeIds.Random),
            "uniform random actions through the config's decoder", FixedPolicyKind.DecodedActions, false),
        new(SchemeIds.Yardstick, SchemeIds.DisplayName(SchemeIds.Yardstick),
            "model-based reference with every current gain, own and cross-cell (docs/yardstick.md)", FixedPolicyKind.Decisions, true),
        new(SchemeIds.YardstickLocal, SchemeIds.DisplayName(SchemeIds.YardstickLocal),
            "the yardstick's method with cross-cell gains known only at large scale (path loss, shadowing; docs/yardstick.md)", FixedPolicyKind.Decisions, true),
        new(SchemeIds.Constant, SchemeIds.DisplayName(SchemeIds.Constant),
            "a fixed raw action per UE (policies.constant.action; default alpha 1, the rest 0.5) through the config's decoder", FixedPolicyKind.DecodedActions, false),
        new(SchemeIds.Heuristic, SchemeIds.DisplayName(SchemeIds.Heuristic),
            "decentralized heuristic from each agent's observation only: least power, channel matching, hopeless UEs left out (docs/dense.md)", FixedPolicyKind.Decisions, false),
    ];

    /// <summary>The ids of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Ids { get; } = [.. All.Select(p => p.Id)];

    /// <summary>The fixed policies <c>reproduce</c> evaluates unless told otherwise (its table stays the paper job's).</summary>
    public static IReadOnlyList<string> ReproduceDefault { get; } = [SchemeIds.FullOffload, SchemeIds.Local, SchemeIds.Yardstick];

    /// <summary>True when <paramref name="id"/> is a fixed policy.</summary>
    public static bool Contains(string? id) => id is not null && Ids.Contains(id);

    /// <summary>The entry of <paramref name="id"/>, or null.</summary>
    public static FixedPolicyInfo? Find(string? id) => All.FirstOrDefault(p => p.Id == id);

    /// <summary>The entry of <paramref name="id"/>; throws <see cref="ArgumentException"/> listing the ids when there is none.</summary>
    public static FixedPolicyInfo Get(string id) =>
        Find(id) ?? throw new ArgumentException($"'{id}' is not a fixed policy; expected one of {string.Join(", ", Ids)}.", nameof(id));

    /// <summary>Display name of a fixed policy id.</summary>
    public static string DisplayName(string id) => Get(id).DisplayName;

    /// <summary>
    /// The simulation config a policy runs on: the config itself, except that SPEC 8's full offloading
    /// and local computing are always decoded greedily (their raw actions encode SPEC 8's decisions for that decoder).
    /// </summary>
    public static SimulationConfig SimulationFor(string id, SimulationConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Get(id).Kind == FixedPolicyKind.Spec8Actions
            ? config with { Environment = config.Environment with { Decoder = DecoderKind.Greedy } }
            : config;
    }

    /// <summary>The environment of <paramref name="id"/> on the layout of <paramref name="layoutSeed"/> (<see cref="SimulationFor"/>).</summary>
    public static MecEnvironment Environment(string id, ExperimentConfig config, ulong layoutSeed)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new MecEnvironment(SimulationFor(id, config.Simulation), layoutSeed);
    }

    /// <summary>
    /// Creates policy <paramref name="id"/> for <paramref name="env"/> (build it with <see cref="Environment"/>),
    /// with its settings from <paramref name="config"/> and its own randomness from <paramref name="evalSeed"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown id, or an environment whose decoder the policy cannot use.</exception>
    public static FixedPolicy Create(string id, MecEnvironment env, ExperimentConfig config, ulong evalSeed)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(config);
        FixedPolicyInfo info = Get(id);
        if (info.Kind == FixedPolicyKind.Spec8Actions && env.Config.Environment.Decoder != DecoderKind.Greedy)
        {
            throw new ArgumentException($"'{id}' is defined for the greedy decoder; build its environment with FixedPolicies.Environment.", nameof(env));
        }
        ScenarioLayout layout = env.Layout;
        var rng = new Rng(evalSeed, PolicyStream);
        return id switch
        {
            SchemeIds.FullOffload => new FixedPolicy(info, env, new FullOffloadingPolicy(layout, rng), null),
            SchemeIds.Local => new FixedPolicy(info, env, new LocalComputingPolicy(), null),
            SchemeIds.Random => new FixedPolicy(info, env, new RandomPolicy(rng), null),
            SchemeIds.Constant => new FixedPolicy(info, env, new ConstantPolicy(layout, config.Policies.ConstantActionFor(layout.Channels)), null),
            SchemeIds.Heuristic => new FixedPolicy(info, env, null, new HeuristicPolicy(layout, config.Policies.Heuristic)),
            SchemeIds.Yardstick => new FixedPolicy(info, env, null, new YardstickPolicy(layout, config.Policies.Yardstick.Options())),
            _ => new FixedPolicy(info, env, null, new YardstickPolicy(layout, config.Policies.YardstickLocal.Options())),
        };
    }

    /// <summary>
    /// Evaluates policy <paramref name="id"/> (SPEC 9) on the layout of <paramref name="layoutSeed"/> and
    /// <paramref name="episodes"/> episodes of <paramref name="evalSeed"/>.
    /// </summary>
    public static EvaluationResult Evaluate(string id, ExperimentConfig config, ulong layoutSeed, ulong evalSeed, int episodes,
        Action<int>? onEpisode = null, CancellationToken cancellationToken = default)
    {
        MecEnvironment env = Environment(id, config, layoutSeed);
        return Create(id, env, config, evalSeed).Evaluate(evalSeed, episodes, onEpisode, cancellationToken);
    }
}
