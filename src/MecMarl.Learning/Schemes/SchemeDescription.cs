using System.Text.Json.Serialization;

namespace MecMarl.Learning;

/// <summary>
/// What one learning scheme of SPEC 8 is, field by field: everything in which MA-DRL, F-DRL and
/// IL-DRL differ, and nothing else (the DDPG hyperparameters are shared, in
/// <see cref="DdpgOptions"/>). The trainer and the learners branch on these fields, never on a
/// scheme's id, so a new scheme is a new combination of them (a <c>schemes</c> entry of a config,
/// docs/schemes.md). <see cref="Problem"/> names the combinations that cannot work. A config's
/// <c>schemes</c> entry is bound to this record (JSON names in camelCase, in declaration order), so a
/// new field is one <c>init</c> property with its default and doc comment.
/// </summary>
public sealed record SchemeDescription
{
    /// <summary>What each agent's critic sees: its own (s_m, a_m), or the joint observation and action of all agents (paper Algorithm 1).</summary>
    public CriticView Critic { get; init; } = CriticView.Local;

    /// <summary>The reward each agent learns from: R^Fl_m (eq. 23), R^Co (eq. 12) or R^Co / M.</summary>
    public LearnedReward Reward { get; init; } = LearnedReward.Local;

    /// <summary>How transitions are stored and sampled: one buffer per agent, or one joint buffer with one joint mini-batch per slot (SPEC 8, Algorithm 1 line 10).</summary>
    public ReplayLayout Replay { get; init; } = ReplayLayout.PerAgent;

    /// <summary>Whether agents share one set of parameters (<see cref="ParameterSharing.SharedWithAgentId"/>: PPO schemes only, <see cref="SharedPpoLearner"/>).</summary>
    [JsonPropertyName("parameterSharing")]
    public ParameterSharing Sharing { get; init; } = ParameterSharing.None;

    /// <summary>
    /// Where each agent's initial networks come from: its own initialisation stream, or agent 0's
    /// (one common model, the coordinator's broadcast of paper Algorithm 2) for every agent whose
    /// network shapes equal agent 0's.
    /// </summary>
    public InitialModel InitialModel { get; init; } = InitialModel.Common;

    /// <summary>Federated averaging of the agents' networks (eq. 26), or null for none.</summary>
    public FedAvgAggregation? Aggregation { get; init; }

    /// <summary>The single-agent learner every agent runs (SPEC 8: DDPG, with the TD3 options of <see cref="DdpgOptions"/>; or PPO, <see cref="PpoLearner"/>).</summary>
    public LearnerKind Learner { get; init; } = LearnerKind.Ddpg;

    /// <summary>The PPO hyperparameters (the scheme's <c>ppo</c> object) when <see cref="Learner"/> is <see cref="LearnerKind.Ppo"/>; null for DDPG schemes.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PpoOptions? Ppo { get; init; }

    /// <summary>
    /// The first combination of fields that cannot train, as (field, problem) with the field's
    /// JSON name (<c>critic</c>, <c>replay</c>, <c>parameterSharing</c>, <c>aggregation</c>, <c>ppo</c>), or null when the description is usable.
    /// </summary>
    public (string Field, string Problem)? Problem()
    {
        if (Learner == LearnerKind.Ddpg && Ppo is not null)
        {
            return ("ppo", "applies to \"learner\": \"ppo\" only");
        }
        if (Learner == LearnerKind.Ppo)
        {
            if (Ppo?.Problem() is { } pp)
            {
                return ("ppo." + pp.Field, pp.Problem);
            }
            if (Aggregation is not null)
            {
                return ("aggregation", "federated averaging is implemented for \"learner\": \"ddpg\" only; use null with \"ppo\"");
            }
        }
        if (Critic == CriticView.Joint && Replay == ReplayLayout.PerAgent)
        {
            return ("replay", "a joint critic needs \"replay\": \"joint\" (it learns from every agent's observation and action of the same slot, which per-agent buffers do not keep together)");
        }
        if (Critic == CriticView.Local && Replay == ReplayLayout.Joint)
        {
            return ("replay", "\"replay\": \"joint\" is implemented for \"critic\": \"joint\" only; use \"per-agent\" with a local critic");
        }
        if (Sharing != ParameterSharing.None && Learner != LearnerKind.Ppo)
        {
            return ("parameterSharing", "\"shared-with-agent-id\" is implemented for \"learner\": \"ppo\" only; use \"none\" with \"ddpg\"");
        }
        if (Aggregation is { } fedAvg)
        {
            if (Replay != ReplayLayout.PerAgent)
            {
                return ("aggregation", "federated averaging is implemented for independent learners (\"replay\": \"per-agent\") only");
            }
            if (fedAvg.Problem() is { } p)
            {
                return ("aggregation." + p.Field, p.Problem);
            }
        }
        return null;
    }
}

/// <summary>What a critic sees (SPEC 8).</summary>
public enum CriticView
{
    /// <summary>Own observation and action (s_m, a_m): F-DRL, IL-DRL.</summary>
    Local,

    /// <summary>Joint observation and action of all agents in agent order (MADDPG, paper Algorithm 1).</summary>
    Joint,
}

/// <summary>The reward an agent learns from (SPEC 5 and 8); metrics always use the unscaled rewards.</summary>
public enum LearnedReward
{
    /// <summary>The agent's own cell reward R^Fl_m (eq. 23).</summary>
    Local,

    /// <summary>The cooperative reward R^Co = sum_m R^Fl_m (eq. 12), the same for every agent (SPEC 8 for MA-DRL).</summary>
    Cooperative,

    /// <summary>R^Co / M, the cooperative reward at the scale of one cell's reward (the tuned preset's MA-DRL).</summary>
    CooperativeMean,
}

/// <summary>How transitions are kept (SPEC 8).</summary>
public enum ReplayLayout
{
    /// <summary>One buffer per agent, each sampled with the agent's own stream.</summary>
    PerAgent,

    /// <summary>One buffer of joint transitions and one joint mini-batch per slot used by every agent (Algorithm 1 line 10).</summary>
    Joint,
}

/// <summary>Parameter sharing between agents.</summary>
public enum ParameterSharing
{
    /// <summary>Every agent has its own networks.</summary>
    None,

    /// <summary>One actor (and one value network) for all agents with a one-hot agent id in its input (PPO schemes, <see cref="SharedPpoLearner"/>; cells of one shape).</summary>
    SharedWithAgentId,
}

/// <summary>Where an agent's initial networks come from.</summary>
public enum InitialModel
{
    /// <summary>Each agent draws its own from its initialisation stream.</summary>
    Own,

    /// <summary>Every agent whose shapes equal agent 0's starts from agent 0's draw (the coordinator's broadcast, Algorithm 2).</summary>
    Common,
}

/// <summary>The single-agent learner of a scheme.</summary>
public enum LearnerKind
{
    /// <summary>DDPG (Lillicrap et al. 2016) with the optional TD3 parts of <see cref="DdpgOptions"/>.</summary>
    Ddpg,

    /// <summary>
    /// PPO with the clipped surrogate (Schulman et al. 2017), on-policy with a Gaussian policy and a
    /// value network (<see cref="PpoLearner"/>, settings <see cref="PpoOptions"/>): IPPO with a local
    /// critic, MAPPO (centralized value, Yu et al. 2022) with a joint one.
    /// </summary>
    Ppo,
}

/// <summary>Which networks FedAvg averages (<see cref="FedAvgAggregation.Networks"/>) and whose targets it averages (<see cref="FedAvgAggregation.Targets"/>).</summary>
[Flags]
public enum AggregatedNetworks
{
    /// <summary>None (not a valid <see cref="FedAvgAggregation.Networks"/>; as targets: every target stays local).</summary>
    None = 0,

    /// <summary>The actor (as a target: the target actor).</summary>
    Actor = 1,

    /// <summary>The critic, and the second critic with twin critics (as a target: their targets).</summary>
    Critic = 2,

    /// <summary>Actor and critic (paper Algorithm 2, with both targets).</summary>
    All = Actor | Critic,
}

/// <summary>The weight W_m of agent m's model in an average (eq. 26).</summary>
public enum AggregationWeighting
{
    /// <summary>W_m = agent m's mini-batch size (eq. 26 as SPEC 8 reads it; with the shared batch size every agent weighs the same).</summary>
    BatchSize,

    /// <summary>W_m = 1 for every agent.</summary>
    Equal,

    /// <summary>
    /// W_m = mini-batch samples agent m trained on since its model last came from an average
    /// (batch size x its gradient steps since then; eq. 26 read as FedAvg's n_k over the round).
    /// Equal for all agents under full participation; it differs once agents skip rounds. When
    /// every member of an average has 0 (rounds before learning starts), the members weigh the same.
    /// </summary>
    Samples,
}

/// <summary>How an uploaded (and broadcast) model is encoded; the average is computed from the decoded values.</summary>
public enum UploadQuantization
{
    /// <summary>float32, exact (paper).</summary>
    None,

    /// <summary>IEEE 754 half precision, round to nearest even.</summary>
    Float16,

    /// <summary>Symmetric int8 per tensor (each weight matrix, each bias vector): scale s = max|x| / 127 (float32), q = round(x / s) in [-127, 127], decoded as q s.</summary>
    EightBit,
}

/// <summary>Who averages with whom in an aggregation round.</summary>
public enum AggregationTopology
{
    /// <summary>One coordinator (the macro BS) averages the participants' models and broadcasts the result to them (paper Algorithm 2).</summary>
    Coordinator,

    /// <summary>
    /// Clusters of <see cref="FedAvgAggregation.ClusterSize"/> neighbouring SBSs average within the
    /// cluster every round; every <see cref="FedAvgAggregation.GlobalEveryRounds"/>-th round the macro
    /// BS averages all participants instead (paper Section IV, cooperating groups of neighbouring cells).
    /// </summary>
    Hierarchical,

    /// <summary>No coordinator: every SBS replaces its model by the average of its own and those of its <see cref="FedAvgAggregation.Degree"/> nearest SBSs (by SBS distance), all from the models before the round.</summary>
    Gossip,
}

/// <summary>
/// Federated averaging (SPEC 8, eq. 26) and its variants (docs/schemes.md, "Federated variants").
/// The defaults of every init-only field are the paper's (Algorithm 2): after every
/// <paramref name="PeriodEpisodes"/>-th training episode a coordinator replaces the chosen networks
/// of every agent, and their targets, by their average weighted by the agents' batch sizes;
/// float32 uploads, no proximal term; optimiser state stays local (SPEC 8 [choice]). A config's
/// <c>aggregation</c> object is bound to this record; a new variant is one <c>init</c> property whose
/// default is the paper's behaviour (a resolved config writes it only when it differs from that default).
/// </summary>
/// <param name="PeriodEpisodes">Episodes between two rounds (SPEC 8 [choice]: 5); 0 when the period is in slots (<see cref="PeriodSlots"/>).</param>
/// <param name="Networks">Networks averaged (paper: <see cref="AggregatedNetworks.All"/>).</param>
public sealed record FedAvgAggregation(
    [property: JsonPropertyOrder(-1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int PeriodEpisodes,
    AggregatedNetworks Networks)
{
    /// <summary>Training slots between two rounds (a round after every this-many-th slot, counted over the run), or null when the period is in episodes (then <see cref="PeriodEpisodes"/> is 0 with slots).</summary>
    [JsonPropertyOrder(-1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? PeriodSlots { get; init; }

    /// <summary>Networks whose targets are averaged too (a subset of <see cref="Networks"/>; default: the same, as the paper); a target not named stays local and follows its averaged network by the soft update.</summary>
    public AggregatedNetworks Targets { get; init; } = Networks;

    /// <summary>The weights W_m of eq. 26 (paper: the batch sizes).</summary>
    public AggregationWeighting Weighting { get; init; } = AggregationWeighting.BatchSize;

    /// <summary>Fraction of SBSs in each round, in (0, 1]: ceil(fraction x M) SBSs drawn without replacement from the participation stream (paper: 1, every SBS).</summary>
    public double Participation { get; init; } = 1;

    /// <summary>Encoding of uploaded models and of the coordinator's broadcast (paper: float32).</summary>
    public UploadQuantization Quantization { get; init; } = UploadQuantization.None;

    /// <summary>FedProx coefficient mu >= 0: mu / 2 ||theta - theta_global||^2 is added to the local loss of every averaged network (0 = plain FedAvg, the paper).</summary>
    public double ProximalMu { get; init; }

    /// <summary>Who averages with whom (paper: one coordinator).</summary>
    public AggregationTopology Topology { get; init; } = AggregationTopology.Coordinator;

    /// <summary>SBSs per cluster (<see cref="AggregationTopology.Hierarchical"/> only; 1 to M; 0 otherwise).</summary>
    public int ClusterSize { get; init; }

    /// <summary>Every this-many-th round is a macro-BS round over all participants (<see cref="AggregationTopology.Hierarchical"/> only; >= 1; 0 otherwise).</summary>
    public int GlobalEveryRounds { get; init; }

    /// <summary>Neighbours each SBS averages with (<see cref="AggregationTopology.Gossip"/> only; 1 to M - 1; 0 otherwise).</summary>
    public int Degree { get; init; }

    /// <summary>
    /// The first field that cannot work, as (field under <c>aggregation</c>, problem), or null. Limits
    /// that depend on the SBS count M (cluster size, gossip degree) are checked by
    /// <see cref="ProblemFor"/>.
    /// </summary>
    public (string Field, string Problem)? Problem()
    {
        if (PeriodSlots is { } slots)
        {
            if (PeriodEpisodes != 0)
            {
                return ("periodSlots", "give the period in episodes (\"periodEpisodes\") or in slots (\"periodSlots\"), not both");
            }
            if (slots < 1)
            {
                return ("periodSlots", $"must be >= 1, found {slots}");
            }
        }
        else if (PeriodEpisodes < 1)
        {
            return ("periodEpisodes", $"must be >= 1, found {PeriodEpisodes}");
        }
        if (Networks == AggregatedNetworks.None)
        {
            return ("networks", "must name at least one of \"actor\", \"critic\"");
        }
        if ((Targets & ~Networks) != 0)
        {
            return ("targets", "may name only networks that are averaged (\"networks\"); a target is averaged with its network or not at all");
        }
        if (!(Participation > 0 && Participation <= 1))
        {
            return ("participation", $"must be in (0, 1], found {Participation}");
        }
        if (!(ProximalMu >= 0) || double.IsInfinity(ProximalMu))
        {
            return ("proximalMu", $"must be finite and >= 0, found {ProximalMu}");
        }
        if (Topology == AggregationTopology.Hierarchical)
        {
            if (ClusterSize < 1)
            {
                return ("clusterSize", $"must be >= 1, found {ClusterSize}");
            }
            if (GlobalEveryRounds < 1)
            {
                return ("globalEveryRounds", $"must be >= 1, found {GlobalEveryRounds}");
            }
        }
        else if (ClusterSize != 0 || GlobalEveryRounds != 0)
        {
            return (ClusterSize != 0 ? "clusterSize" : "globalEveryRounds", "applies to \"topology\": \"hierarchical\" only");
        }
        if (Topology == AggregationTopology.Gossip)
        {
            if (Degree < 1)
            {
                return ("degree", $"must be >= 1, found {Degree}");
            }
            if (Participation < 1)
            {
                return ("participation", "partial participation is drawn by a coordinator; gossip has none, so it needs 1");
            }
        }
        else if (Degree != 0)
        {
            return ("degree", "applies to \"topology\": \"gossip\" only");
        }
        return null;
    }

    /// <summary><see cref="Problem"/>, then the limits for <paramref name="sbsCount"/> SBSs: a cluster of at most M SBSs, a gossip degree of at most M - 1.</summary>
    public (string Field, string Problem)? ProblemFor(int sbsCount)
    {
        if (Problem() is { } p)
        {
            return p;
        }
        if (Topology == AggregationTopology.Hierarchical && ClusterSize > sbsCount)
        {
            return ("clusterSize", $"{ClusterSize} is more than the {sbsCount} SBSs of the network");
        }
        if (Topology == AggregationTopology.Gossip && Degree > sbsCount - 1)
        {
            return ("degree", $"{Degree} is more than the {sbsCount - 1} other SBSs of the network");
        }
        return null;
    }
}
