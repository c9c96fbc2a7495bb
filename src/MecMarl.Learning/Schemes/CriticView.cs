namespace MecMarl.Learning;

/// <summary>What a critic sees (SPEC 8).</summary>
public enum CriticView
{
    /// <summary>Own observation and action (s_m, a_m): F-DRL, IL-DRL.</summary>
    Local,

    /// <summary>Joint observation and action of all agents in agent order (MADDPG, paper Algorithm 1).</summary>
    Joint,
}
