using System.Globalization;
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

    /// <summary>Federated averaging of the agents' networks (eq. 26; DDPG: <see cref="FederatedAggregator"/>, PPO: <see cref="PpoFederatedAveraging"/>), or null for none.</summary>
    public FedAvgAggregation? Aggregation { get; init; }

    /// <summary>The single-agent learner every agent runs (SPEC 8: DDPG, with the TD3 options of <see cref="DdpgOptions"/>; or PPO, <see cref="PpoLearner"/>).</summary>
    public LearnerKind Learner { get; init; } = LearnerKind.Ddpg;

    /// <summary>The PPO hyperparameters (the scheme's <c>ppo</c> object) when <see cref="Learner"/> is <see cref="LearnerKind.Ppo"/>; null for DDPG schemes.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PpoOptions? Ppo { get; init; }

    /// <summary>
    /// How far this scheme's actions may move the decoder's plan, in decades (SPEC 7, the heuristic and
    /// deadline-aware decoders: factors 10^(R (a - 1/2))), replacing <c>environment.decoderPowerRangeDecades</c>
    /// for this scheme's training and evaluation; null (the default) keeps the environment's. In [0, 12].
    /// Lets one overlay give each learner the range it learns best with (docs/dense.md, "Difference rewards").
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? DecoderPowerRangeDecades { get; init; }

    /// <summary>
    /// The reward for a met deadline in the reward this scheme learns from, in the delay term's unit s (SPEC 6's beta,
    /// which JSON <c>reward.beta</c> sets for the scenario); null (the default) learns from the scenario's. Training only:
    /// the learned reward of every kind (<see cref="Reward"/>) gets (learnedBeta - beta) per deadline met in what it sums
    /// (the cell, the network, or for difference rewards the slot against its counterfactual), while every reward
    /// written to results and every evaluation keep the scenario's beta. A larger value weighs deadlines against
    /// energy and the lateness of missed tasks (docs/dense.md, "A larger reward for a met deadline"). In [-1e6, 1e6].
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? LearnedBeta { get; init; }

    /// <summary>
    /// The first combination of fields that cannot train, as (field, problem) with the field's
    /// JSON name (<c>reward</c>, <c>critic</c>, <c>replay</c>, <c>parameterSharing</c>, <c>aggregation</c>, <c>ppo</c>, <c>decoderPowerRangeDecades</c>, <c>learnedBeta</c>), or null when the description is usable.
    /// </summary>
    public (string Field, string Problem)? Problem()
    {
        if (DecoderPowerRangeDecades is { } range && !(range >= 0 && range <= 12))
        {
            return ("decoderPowerRangeDecades", $"must be in [0, 12], found {range.ToString("R", CultureInfo.InvariantCulture)}");
        }
        if (LearnedBeta is { } beta && !(beta >= -1e6 && beta <= 1e6))
        {
            return ("learnedBeta", $"must be a number in [-1e6, 1e6], found {beta.ToString("R", CultureInfo.InvariantCulture)}");
        }
        if ((Reward is LearnedReward.DifferenceFromMean or LearnedReward.DifferencePerUe) && Learner != LearnerKind.Ppo)
        {
            string id = Reward == LearnedReward.DifferenceFromMean ? "difference-mean" : "difference-ue";
            return ("reward", $"\"{id}\" needs \"learner\": \"ppo\" (its counterfactual is the PPO policy's mean action); use \"difference\" with \"ddpg\"");
        }
        if (Reward == LearnedReward.DifferencePerUe && Sharing != ParameterSharing.None)
        {
            return ("reward", "\"difference-ue\" is not implemented with shared parameters: it needs \"parameterSharing\": \"none\"");
        }
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
                if (Critic != CriticView.Local)
                {
                    return ("aggregation", "federated PPO averages local value networks only; use \"critic\": \"local\" with an aggregation");
                }
                if (Sharing != ParameterSharing.None)
                {
                    return ("aggregation", "agents that share one model (\"parameterSharing\") have nothing to average; use null with \"shared-with-agent-id\"");
                }
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
            if ((fedAvg.Problem() ?? (Learner == LearnerKind.Ppo ? PpoFederatedAveraging.Problem(fedAvg) : null)) is { } p)
            {
                return ("aggregation." + p.Field, p.Problem);
            }
        }
        return null;
    }
}
