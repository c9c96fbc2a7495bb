namespace MecMarl.Learning;

/// <summary>
/// Critic input = [observation row | action row] of the buffer. With an agent's own buffer
/// (F-DRL, IL-DRL) that is (s_m, a_m); with MA-DRL's joint buffer it is the joint observation
/// and joint action (s_1..s_M, a_1..a_M), agent m's action at <c>M * obsWidth + m * actionWidth</c>
/// (SPEC 8, paper eqs. 16 and 18).
/// </summary>
public sealed class ConcatenatedCriticInput : ICriticInput
{
    /// <summary>Creates the layout for buffer rows of the given widths, the own action at <paramref name="ownActionOffset"/> within the action row.</summary>
    public ConcatenatedCriticInput(int observationWidth, int actionWidth, int ownActionOffset, int ownActionWidth)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(observationWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ownActionWidth);
        if (ownActionOffset < 0 || ownActionOffset + ownActionWidth > actionWidth)
        {
            throw new ArgumentOutOfRangeException(nameof(ownActionOffset), "Own action outside the action row.");
        }
        ObservationWidth = observationWidth;
        BufferActionWidth = actionWidth;
        ActionStart = observationWidth + ownActionOffset;
        ActionWidth = ownActionWidth;
    }

    /// <summary>(s_m, a_m) of an agent's own buffer.</summary>
    public static ConcatenatedCriticInput Local(int observationWidth, int actionWidth) =>
        new(observationWidth, actionWidth, 0, actionWidth);

    /// <summary>Joint (s, a) of <paramref name="agents"/> agents for agent <paramref name="agent"/>.</summary>
    public static ConcatenatedCriticInput Joint(int agents, int observationWidth, int actionWidth, int agent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(agent);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(agent, agents);
        return new(agents * observationWidth, agents * actionWidth, agent * actionWidth, actionWidth);
    }

    /// <summary>Observation floats per buffer row.</summary>
    public int ObservationWidth { get; }

    /// <summary>Action floats per buffer row.</summary>
    public int BufferActionWidth { get; }

    /// <inheritdoc />
    public int Width => ObservationWidth + BufferActionWidth;

    /// <inheritdoc />
    public int ActionStart { get; }

    /// <inheritdoc />
    public int ActionWidth { get; }

    /// <inheritdoc />
    public void Build(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, int batch, Span<float> destination)
    {
        if (observations.Length < batch * ObservationWidth || actions.Length < batch * BufferActionWidth || destination.Length < batch * Width)
        {
            throw new ArgumentException("Critic input spans too short for the batch.");
        }
        for (int b = 0; b < batch; b++)
        {
            Span<float> row = destination.Slice(b * Width, Width);
            observations.Slice(b * ObservationWidth, ObservationWidth).CopyTo(row);
            actions.Slice(b * BufferActionWidth, BufferActionWidth).CopyTo(row[ObservationWidth..]);
        }
    }
}
