namespace MecMarl.Learning;

/// <summary>
/// A learner whose agents credit groups of their action separately (<see cref="PpoLearner"/> built with credit
/// groups): the <see cref="LearnedReward.DifferencePerUe"/> reward, one reward per UE of the cell (docs/dense.md,
/// "Credit per UE").
/// </summary>
public interface IGroupRewardLearner
{
    /// <summary>Every agent's number of credit groups, in agent order.</summary>
    IReadOnlyList<int> CreditGroups { get; }

    /// <summary>
    /// Stores every agent's group rewards (agent order; length <see cref="CreditGroups"/> of the agent) for the slot
    /// that the next <see cref="IMultiAgentLearner.Observe"/> stores; call it just before that call.
    /// </summary>
    void ObserveGroupRewards(IReadOnlyList<float[]> groupRewards);
}
