namespace MecMarl.Learning;

/// <summary>How transitions are kept (SPEC 8).</summary>
public enum ReplayLayout
{
    /// <summary>One buffer per agent, each sampled with the agent's own stream.</summary>
    PerAgent,

    /// <summary>One buffer of joint transitions and one joint mini-batch per slot used by every agent (Algorithm 1 line 10).</summary>
    Joint,
}
