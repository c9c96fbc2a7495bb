namespace MecMarl.Learning;

/// <summary>
/// A preallocated mini-batch of transitions, row-major [Size, width] per field, filled by
/// <see cref="ReplayBuffer.Sample"/> (or by hand in tests and benchmarks).
/// </summary>
public sealed class ReplayBatch
{
    /// <summary>Creates an empty batch of <paramref name="size"/> rows with the widths of a buffer.</summary>
    public ReplayBatch(int size, int observationWidth, int actionWidth, int rewardWidth)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Size = size;
        ObservationWidth = observationWidth;
        ActionWidth = actionWidth;
        RewardWidth = rewardWidth;
        ObservationStore = new float[size * observationWidth];
        ActionStore = new float[size * actionWidth];
        RewardStore = new float[size * rewardWidth];
        NextObservationStore = new float[size * observationWidth];
        TerminalStore = new float[size];
        IndexStore = new int[size];
    }

    /// <summary>Rows.</summary>
    public int Size { get; }

    /// <summary>Observation width per row.</summary>
    public int ObservationWidth { get; }

    /// <summary>Action width per row.</summary>
    public int ActionWidth { get; }

    /// <summary>Reward width per row (one reward per agent in a joint buffer).</summary>
    public int RewardWidth { get; }

    internal float[] ObservationStore { get; }

    internal float[] ActionStore { get; }

    internal float[] RewardStore { get; }

    internal float[] NextObservationStore { get; }

    internal float[] TerminalStore { get; }

    internal int[] IndexStore { get; }

    /// <summary>s, [Size, ObservationWidth].</summary>
    public Span<float> Observations => ObservationStore;

    /// <summary>a, [Size, ActionWidth] (the stored, noisy and clipped actions).</summary>
    public Span<float> Actions => ActionStore;

    /// <summary>r, [Size, RewardWidth].</summary>
    public Span<float> Rewards => RewardStore;

    /// <summary>s', [Size, ObservationWidth].</summary>
    public Span<float> NextObservations => NextObservationStore;

    /// <summary>done flag per row: 1 for a true terminal (no bootstrap), 0 otherwise (SPEC: truncation bootstraps).</summary>
    public Span<float> Terminals => TerminalStore;

    /// <summary>Buffer slots the rows were drawn from.</summary>
    public ReadOnlySpan<int> Indices => IndexStore;
}
