namespace MecMarl.Learning;

/// <summary>
/// What one learning scheme of SPEC 8 is, field by field: everything in which MA-DRL, F-DRL and
/// IL-DRL differ, and nothing else (the DDPG hyperparameters are shared, in
/// <see cref="DdpgOptions"/>). The trainer and the learners branch on these fields, never on a
/// scheme's id, so a new scheme is a new combination of them (a <c>schemes</c> entry of a config,
/// docs/schemes.md). <see cref="Problem"/> names the combinations that cannot work.
/// </summary>
public sealed record SchemeDescription
{
    /// <summary>What each agent's critic sees: its own (s_m, a_m), or the joint observation and action of all agents (paper Algorithm 1).</summary>
    public CriticView Critic { get; init; } = CriticView.Local;

    /// <summary>The reward each agent learns from: R^Fl_m (eq. 23), R^Co (eq. 12) or R^Co / M.</summary>
    public LearnedReward Reward { get; init; } = LearnedReward.Local;

    /// <summary>How transitions are stored and sampled: one buffer per agent, or one joint buffer with one joint mini-batch per slot (SPEC 8, Algorithm 1 line 10).</summary>
    public ReplayLayout Replay { get; init; } = ReplayLayout.PerAgent;

    /// <summary>Whether agents share one set of parameters (reserved; only <see cref="ParameterSharing.None"/> is implemented).</summary>
    public ParameterSharing Sharing { get; init; } = ParameterSharing.None;

    /// <summary>
    /// Where each agent's initial networks come from: its own initialisation stream, or agent 0's
    /// (one common model, the coordinator's broadcast of paper Algorithm 2) for every agent whose
    /// network shapes equal agent 0's.
    /// </summary>
    public InitialModel InitialModel { get; init; } = InitialModel.Common;

    /// <summary>Federated averaging of the agents' networks (eq. 26), or null for none.</summary>
    public FedAvgAggregation? Aggregation { get; init; }

    /// <summary>The single-agent learner every agent runs (SPEC 8: DDPG, with the TD3 options of <see cref="DdpgOptions"/>).</summary>
    public LearnerKind Learner { get; init; } = LearnerKind.Ddpg;

    /// <summary>
    /// The first combination of fields that cannot train, as (field, problem) with the field's
    /// JSON name (<c>critic</c>, <c>replay</c>, <c>parameterSharing</c>, <c>aggregation</c>), or null when the description is usable.
    /// </summary>
    public (string Field, string Problem)? Problem()
    {
        if (Critic == CriticView.Joint && Replay == ReplayLayout.PerAgent)
        {
            return ("replay", "a joint critic needs \"replay\": \"joint\" (it learns from every agent's observation and action of the same slot, which per-agent buffers do not keep together)");
        }
        if (Critic == CriticView.Local && Replay == ReplayLayout.Joint)
        {
            return ("replay", "\"replay\": \"joint\" is implemented for \"critic\": \"joint\" only; use \"per-agent\" with a local critic");
        }
        if (Sharing != ParameterSharing.None)
        {
            return ("parameterSharing", "\"shared-with-agent-id\" is not yet supported; use \"none\"");
        }
        if (Aggregation is { } fedAvg)
        {
            if (Replay != ReplayLayout.PerAgent)
            {
                return ("aggregation", "federated averaging is implemented for independent learners (\"replay\": \"per-agent\") only");
            }
            if (fedAvg.PeriodEpisodes < 1)
            {
                return ("aggregation.periodEpisodes", $"must be >= 1, found {fedAvg.PeriodEpisodes}");
            }
            if (fedAvg.Networks == AggregatedNetworks.None)
            {
                return ("aggregation.networks", "must name at least one of \"actor\", \"critic\"");
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

    /// <summary>One actor for all agents with a one-hot agent id in its input (reserved, not yet supported).</summary>
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
}

/// <summary>Which networks FedAvg averages; each network's target goes with it.</summary>
[Flags]
public enum AggregatedNetworks
{
    /// <summary>None (not a valid aggregation).</summary>
    None = 0,

    /// <summary>The actor and the target actor.</summary>
    Actor = 1,

    /// <summary>The critic and the target critic (and the second critic and its target with twin critics).</summary>
    Critic = 2,

    /// <summary>Actor, critic and their targets (paper Algorithm 2).</summary>
    All = Actor | Critic,
}

/// <summary>
/// Federated averaging (SPEC 8, eq. 26): after every <paramref name="PeriodEpisodes"/>-th training
/// episode, the chosen networks of every agent become their average weighted by the agents' batch
/// sizes; optimiser state stays local (SPEC 8 [choice]).
/// </summary>
/// <param name="PeriodEpisodes">Episodes between two rounds (SPEC 8 [choice]: 5).</param>
/// <param name="Networks">Networks averaged (paper: <see cref="AggregatedNetworks.All"/>).</param>
public sealed record FedAvgAggregation(int PeriodEpisodes, AggregatedNetworks Networks);
