namespace MecMarl.Learning;

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
