namespace MecMarl.Learning;

/// <summary>The reward an agent learns from (SPEC 5 and 8); metrics always use the unscaled rewards.</summary>
public enum LearnedReward
{
    /// <summary>The agent's own cell reward R^Fl_m (eq. 23).</summary>
    Local,

    /// <summary>The cooperative reward R^Co = sum_m R^Fl_m (eq. 12), the same for every agent (SPEC 8 for MA-DRL).</summary>
    Cooperative,

    /// <summary>R^Co / M, the cooperative reward at the scale of one cell's reward (the tuned preset's MA-DRL).</summary>
    CooperativeMean,

    /// <summary>
    /// The difference reward: R^Co minus R^Co of the same slot with the agent's cell at the centre
    /// action (an extension for dense networks, docs/dense.md "Difference rewards").
    /// </summary>
    Difference,

    /// <summary>
    /// The difference reward with the agent's own policy mean as the counterfactual: R^Co minus R^Co of the same slot
    /// with the agent's cell at mu_m(s_m) and the other cells' decisions kept, so that what is left is the effect of
    /// the agent's exploration alone. PPO learners only (<see cref="IPolicyMeanActions"/>; docs/dense.md, "Difference rewards").
    /// </summary>
    DifferenceFromMean,

    /// <summary>
    /// The difference reward per UE, with the policy mean as the counterfactual: UE i of cell m is credited with R^Co
    /// minus R^Co of the same slot with only UE i's entries of the cell's action at mu_m(s_m) (the cell decoded again,
    /// the other cells' decisions kept); each UE's entries of the action are learned from their own reward, value
    /// and probability ratio (one value output per UE, from the own observation in IPPO or the joint one in MAPPO;
    /// federated averaging averages those networks as any other). PPO with a model per agent, not shared parameters
    /// (docs/dense.md, "Credit per UE").
    /// </summary>
    DifferencePerUe,
}
