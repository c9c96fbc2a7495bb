using System.Runtime.Intrinsics.X86;
using MecMarl.Randomness;

namespace MecMarl.Learning;

/// <summary>
/// Ring replay buffer of transitions (s, a, r, s', done) stored struct-of-arrays, one row-major
/// float array per field. The same class serves one agent (widths of its own observation,
/// action and a single reward) and MA-DRL's joint buffer (widths M obs, M actions, M rewards per
/// transition). When full, the oldest transition is overwritten. SPEC 8 capacity: 10,000.
/// </summary>
public sealed class ReplayBuffer
{
    private readonly float[] _obs;
    private readonly float[] _actions;
    private readonly float[] _rewards;
    private readonly float[] _nextObs;
    private readonly float[] _terminals;

    /// <summary>Creates an empty buffer.</summary>
    public ReplayBuffer(int capacity, int observationWidth, int actionWidth, int rewardWidth = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(observationWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(actionWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rewardWidth);
        Capacity = capacity;
        ObservationWidth = observationWidth;
        ActionWidth = actionWidth;
        RewardWidth = rewardWidth;
        _obs = new float[checked(capacity * observationWidth)];
        _actions = new float[checked(capacity * actionWidth)];
        _rewards = new float[checked(capacity * rewardWidth)];
        _nextObs = new float[checked(capacity * observationWidth)];
        _terminals = new float[capacity];
    }

    /// <summary>Maximum number of transitions held.</summary>
    public int Capacity { get; }

    /// <summary>Observation floats per transition.</summary>
    public int ObservationWidth { get; }

    /// <summary>Action floats per transition.</summary>
    public int ActionWidth { get; }

    /// <summary>Reward floats per transition.</summary>
    public int RewardWidth { get; }

    /// <summary>Transitions currently held (at most <see cref="Capacity"/>).</summary>
    public int Count { get; private set; }

    /// <summary>Slot the next transition is written to.</summary>
    public int WriteIndex { get; private set; }

    /// <summary>Appends one transition, overwriting the oldest when full.</summary>
    public void Add(ReadOnlySpan<float> observation, ReadOnlySpan<float> action, ReadOnlySpan<float> reward, ReadOnlySpan<float> nextObservation, bool terminal)
    {
        if (observation.Length != ObservationWidth || nextObservation.Length != ObservationWidth
            || action.Length != ActionWidth || reward.Length != RewardWidth)
        {
            throw new ArgumentException(
                $"Transition widths must be obs {ObservationWidth}, action {ActionWidth}, reward {RewardWidth}.");
        }
        int i = WriteIndex;
        observation.CopyTo(_obs.AsSpan(i * ObservationWidth));
        action.CopyTo(_actions.AsSpan(i * ActionWidth));
        reward.CopyTo(_rewards.AsSpan(i * RewardWidth));
        nextObservation.CopyTo(_nextObs.AsSpan(i * ObservationWidth));
        _terminals[i] = terminal ? 1f : 0f;
        WriteIndex = (i + 1) % Capacity;
        Count = Math.Min(Count + 1, Capacity);
    }

    /// <summary>
    /// Fills <paramref name="batch"/> with <c>batch.Size</c> transitions drawn uniformly
    /// <b>with replacement</b> (independent indices <c>rng.NextInt(Count)</c>, in row order, as
    /// Stable-Baselines3's buffer used by CleanRL). Allocates nothing.
    /// </summary>
    public void Sample(Rng rng, ReplayBatch batch)
    {
        SampleIndices(rng, batch);
        Gather(batch, 0, batch.Size);
    }

    /// <summary>
    /// The first half of <see cref="Sample"/>: draws the batch's row indices uniformly with
    /// replacement into <see cref="ReplayBatch.Indices"/>, without copying rows. Follow it with
    /// <see cref="Gather"/> over all rows (possibly split into ranges on several threads).
    /// </summary>
    public void SampleIndices(Rng rng, ReplayBatch batch)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(batch);
        if (Count == 0)
        {
            throw new InvalidOperationException("Cannot sample from an empty replay buffer.");
        }
        CheckWidths(batch);
        for (int b = 0; b < batch.Size; b++)
        {
            batch.IndexStore[b] = rng.NextInt(Count);
        }
    }

    /// <summary>The second half of <see cref="Sample"/>: copies the stored rows named by the batch's indices into batch rows [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public void Gather(ReplayBatch batch, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(to, batch.Size);
        CheckWidths(batch);
        // The rows are scattered over a buffer far larger than the caches: ask for all of them
        // first, so that their memory reads overlap instead of waiting one row at a time.
        for (int b = from; b < to; b++)
        {
            int i = batch.IndexStore[b];
            if ((uint)i >= (uint)Count)
            {
                throw new InvalidOperationException($"Batch row {b} names transition {i}, outside the {Count} stored.");
            }
            if (Sse.IsSupported)
            {
                Prefetch(_obs, i * ObservationWidth, ObservationWidth);
                Prefetch(_actions, i * ActionWidth, ActionWidth);
                Prefetch(_nextObs, i * ObservationWidth, ObservationWidth);
            }
        }
        for (int b = from; b < to; b++)
        {
            int i = batch.IndexStore[b];
            _obs.AsSpan(i * ObservationWidth, ObservationWidth).CopyTo(batch.ObservationStore.AsSpan(b * ObservationWidth));
            _actions.AsSpan(i * ActionWidth, ActionWidth).CopyTo(batch.ActionStore.AsSpan(b * ActionWidth));
            _rewards.AsSpan(i * RewardWidth, RewardWidth).CopyTo(batch.RewardStore.AsSpan(b * RewardWidth));
            _nextObs.AsSpan(i * ObservationWidth, ObservationWidth).CopyTo(batch.NextObservationStore.AsSpan(b * ObservationWidth));
            batch.TerminalStore[b] = _terminals[i];
        }
    }

    private void CheckWidths(ReplayBatch batch)
    {
        if (batch.ObservationWidth != ObservationWidth || batch.ActionWidth != ActionWidth || batch.RewardWidth != RewardWidth)
        {
            throw new ArgumentException("Batch widths differ from the buffer's.", nameof(batch));
        }
    }

    private static unsafe void Prefetch(float[] array, int start, int count)
    {
        fixed (float* p = &array[start])
        {
            byte* bytes = (byte*)p;
            for (int offset = 0; offset < count * sizeof(float); offset += 64)
            {
                Sse.Prefetch0(bytes + offset);
            }
        }
    }

    /// <summary>Copies stored transition <paramref name="index"/> (a storage slot of the ring: the newest is at WriteIndex - 1) into the given spans.</summary>
    public void CopyTransition(int index, Span<float> observation, Span<float> action, Span<float> reward, Span<float> nextObservation)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        _obs.AsSpan(index * ObservationWidth, ObservationWidth).CopyTo(observation);
        _actions.AsSpan(index * ActionWidth, ActionWidth).CopyTo(action);
        _rewards.AsSpan(index * RewardWidth, RewardWidth).CopyTo(reward);
        _nextObs.AsSpan(index * ObservationWidth, ObservationWidth).CopyTo(nextObservation);
    }

    /// <summary>The used rows of each field, [Count, width] (for checkpoints).</summary>
    internal (float[] Obs, float[] Actions, float[] Rewards, float[] NextObs, float[] Terminals) Storage =>
        (_obs, _actions, _rewards, _nextObs, _terminals);

    /// <summary>Sets the ring position after a checkpoint restore.</summary>
    internal void SetPosition(int count, int writeIndex)
    {
        Count = count;
        WriteIndex = writeIndex;
    }
}
