using MecMarl.Randomness;

namespace MecMarl.Learning;

/// <summary>
/// The random streams of one agent, derived from (training seed, agent index) only, so that
/// nothing an agent draws depends on another agent's draws (and an agent could run in a process
/// of its own with the same results): network initialisation, exploration noise, sampling from its
/// own replay buffer, and target policy smoothing. Stream k of agent m is
/// <c>new Rng(seed, 0xA6E70000 + 16 m + k)</c> with k = 0 init, 1 noise, 2 replay, 3 smoothing
/// (docs/schemes.md, "Seeds").
/// </summary>
public sealed class AgentStreams
{
    private const ulong Base = 0xA6E7_0000;

    /// <summary>Stream of the joint replay's mini-batch indices (MA-DRL: one joint mini-batch per slot, SPEC 8), shared by no agent.</summary>
    public const ulong JointReplayStream = 0x4E91_A7;

    private AgentStreams(ulong seed, int agent)
    {
        ulong b = Base + 16 * (ulong)agent;
        Init = new Rng(seed, b);
        Noise = new Rng(seed, b + 1);
        Replay = new Rng(seed, b + 2);
        Smoothing = new Rng(seed, b + 3);
    }

    /// <summary>The streams of agent <paramref name="agent"/> under training seed <paramref name="seed"/>.</summary>
    public static AgentStreams For(ulong seed, int agent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(agent);
        return new AgentStreams(seed, agent);
    }

    /// <summary>Network initialisation (actor, then critic, then the second critic; SPEC 8).</summary>
    public Rng Init { get; }

    /// <summary>Exploration noise of the agent's actions (SPEC 8 [choice]).</summary>
    public Rng Noise { get; }

    /// <summary>Mini-batch indices of the agent's own replay buffer (unused with a joint buffer).</summary>
    public Rng Replay { get; }

    /// <summary>Target policy smoothing noise (TD3 option; unused when it is off).</summary>
    public Rng Smoothing { get; }
}
