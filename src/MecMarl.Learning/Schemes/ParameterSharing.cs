namespace MecMarl.Learning;

/// <summary>Parameter sharing between agents.</summary>
public enum ParameterSharing
{
    /// <summary>Every agent has its own networks.</summary>
    None,

    /// <summary>One actor (and one value network) for all agents with a one-hot agent id in its input (PPO schemes, <see cref="SharedPpoLearner"/>; cells of one shape).</summary>
    SharedWithAgentId,
}
