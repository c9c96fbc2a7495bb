namespace MecMarl.Learning;

/// <summary>
/// Where one agent's data sits in the replay rows it learns from: its actor's observation
/// columns, its own action columns, its reward column, and how its critic input is assembled.
/// <see cref="Local"/> is the per-agent buffer of F-DRL / IL-DRL; <see cref="Joint(int, int, int, int)"/> is agent m in
/// MA-DRL's joint buffer.
/// </summary>
public sealed record LearnerLayout(
    int BufferObservationWidth,
    int BufferActionWidth,
    int BufferRewardWidth,
    int ObservationOffset,
    int ObservationWidth,
    int ActionOffset,
    int ActionWidth,
    int RewardIndex,
    ICriticInput CriticInput)
{
    /// <summary>An agent with its own buffer: obs (s_m), action (a_m), one reward; critic sees (s_m, a_m).</summary>
    public static LearnerLayout Local(int observationWidth, int actionWidth) =>
        new(observationWidth, actionWidth, 1, 0, observationWidth, 0, actionWidth, 0,
            ConcatenatedCriticInput.Local(observationWidth, actionWidth));

    /// <summary>Agent <paramref name="agent"/> of <paramref name="agents"/> in a joint buffer; critic sees the joint (s, a).</summary>
    public static LearnerLayout Joint(int agents, int observationWidth, int actionWidth, int agent) =>
        new(agents * observationWidth, agents * actionWidth, agents, agent * observationWidth, observationWidth,
            agent * actionWidth, actionWidth, agent, ConcatenatedCriticInput.Joint(agents, observationWidth, actionWidth, agent));

    /// <summary>
    /// Agent <paramref name="agent"/> in a joint buffer of agents of the given observation and action
    /// widths (agent order, cells of any sizes): its columns sit after those of the agents before it;
    /// its critic sees the joint (s, a).
    /// </summary>
    public static LearnerLayout Joint(IReadOnlyList<int> observationWidths, IReadOnlyList<int> actionWidths, int agent)
    {
        ArgumentNullException.ThrowIfNull(observationWidths);
        ArgumentNullException.ThrowIfNull(actionWidths);
        int m = observationWidths.Count, obsTotal = observationWidths.Sum(), actTotal = actionWidths.Sum();
        int obsOffset = observationWidths.Take(agent).Sum(), actOffset = actionWidths.Take(agent).Sum();
        var input = new ConcatenatedCriticInput(obsTotal, actTotal, actOffset, actionWidths[agent]);
        return new(obsTotal, actTotal, m, obsOffset, observationWidths[agent], actOffset, actionWidths[agent], agent, input);
    }

    /// <summary>Throws if the pieces do not fit together.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(CriticInput);
        if (ObservationOffset < 0 || ObservationWidth <= 0 || ObservationOffset + ObservationWidth > BufferObservationWidth
            || ActionOffset < 0 || ActionWidth <= 0 || ActionOffset + ActionWidth > BufferActionWidth
            || RewardIndex < 0 || RewardIndex >= BufferRewardWidth || CriticInput.ActionWidth != ActionWidth)
        {
            throw new ArgumentException($"Inconsistent learner layout: {this}.");
        }
    }
}
