namespace MecMarl.Learning;

/// <summary>
/// A learner whose <see cref="IMultiAgentLearner.Act"/> samples around a policy mean (PPO: <see cref="PpoLearner"/>,
/// <see cref="SharedPpoLearner"/>) and keeps that mean: the counterfactual of the <see cref="LearnedReward.DifferenceFromMean"/>
/// reward (docs/dense.md, "Difference rewards").
/// </summary>
public interface IPolicyMeanActions
{
    /// <summary>
    /// Every agent's policy mean mu_m(s_m) of the last <see cref="IMultiAgentLearner.Act"/>, clipped to [0, 1], in agent
    /// order; the arrays belong to the learner and hold the means until the next call.
    /// </summary>
    IReadOnlyList<float[]> MeanActions { get; }
}
