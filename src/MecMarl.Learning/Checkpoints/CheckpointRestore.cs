using MecMarl.Nn;
using MecMarl.Randomness;

namespace MecMarl.Learning;

/// <summary>
/// All-or-nothing restore from a verified <see cref="CheckpointReader"/>: each <c>Add...</c> call
/// checks that the sections exist with the target object's shapes (throwing a
/// <see cref="CheckpointException"/> naming the mismatch) and queues the copy; <see cref="Commit"/>
/// then copies everything. A failing check therefore leaves every object untouched.
/// </summary>
public sealed class CheckpointRestore
{
    private readonly CheckpointReader _reader;
    private readonly List<Action> _commits = [];

    /// <summary>Starts a restore from <paramref name="reader"/>.</summary>
    public CheckpointRestore(CheckpointReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
    }

    /// <summary>The verified checkpoint being restored (a learner whose agents live elsewhere hands them their sections).</summary>
    public CheckpointReader Reader => _reader;

    /// <summary>Queues the parameters of <paramref name="network"/> (layout must match).</summary>
    public CheckpointRestore Network(string name, DenseNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        long[] layout = Checkpoints.Layout(network.Shape);
        IReadOnlyList<long> stored = _reader.ShapeOf(name + ".layout");
        if (stored.Count != 1 || stored[0] != layout.Length || !_reader.Int64s(name + ".layout", layout.Length).SequenceEqual(layout))
        {
            throw new CheckpointException($"Checkpoint '{_reader.Source}': network '{name}' has a different layout than {network.Shape}.");
        }
        _reader.Floats(name + ".parameters", network.Shape.ParameterCount);
        _commits.Add(() => _reader.Floats(name + ".parameters", network.Shape.ParameterCount).CopyTo(network.Parameters));
        return this;
    }

    /// <summary>Queues Adam's step count and moments.</summary>
    public CheckpointRestore Adam(string name, Adam adam)
    {
        ArgumentNullException.ThrowIfNull(adam);
        long step = _reader.Int64s(name + ".step", 1)[0];
        if (step < 0)
        {
            throw new CheckpointException($"Checkpoint '{_reader.Source}': optimiser '{name}' has a negative step count.");
        }
        _reader.Floats(name + ".m", adam.ParameterCount);
        _reader.Floats(name + ".v", adam.ParameterCount);
        _commits.Add(() =>
        {
            adam.StepCount = step;
            _reader.Floats(name + ".m", adam.ParameterCount).CopyTo(adam.FirstMoments);
            _reader.Floats(name + ".v", adam.ParameterCount).CopyTo(adam.SecondMoments);
        });
        return this;
    }

    /// <summary>Queues a replay buffer's contents, count and write index (capacity and widths must match).</summary>
    public CheckpointRestore ReplayBuffer(string name, ReplayBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ReadOnlySpan<long> meta = _reader.Int64s(name + ".meta", 6);
        if (meta[0] != buffer.Capacity || meta[1] != buffer.ObservationWidth || meta[2] != buffer.ActionWidth || meta[3] != buffer.RewardWidth)
        {
            throw new CheckpointException(
                $"Checkpoint '{_reader.Source}': replay buffer '{name}' is capacity {meta[0]}, widths {meta[1]}/{meta[2]}/{meta[3]}; " +
                $"expected {buffer.Capacity}, {buffer.ObservationWidth}/{buffer.ActionWidth}/{buffer.RewardWidth}.");
        }
        long count = meta[4], writeIndex = meta[5];
        bool consistent = count >= 0 && count <= buffer.Capacity
            && (count < buffer.Capacity ? writeIndex == count : writeIndex >= 0 && writeIndex < buffer.Capacity);
        if (!consistent)
        {
            throw new CheckpointException($"Checkpoint '{_reader.Source}': replay buffer '{name}' has inconsistent count {count} / write index {writeIndex}.");
        }
        int n = (int)count;
        _reader.Floats(name + ".obs", n, buffer.ObservationWidth);
        _reader.Floats(name + ".actions", n, buffer.ActionWidth);
        _reader.Floats(name + ".rewards", n, buffer.RewardWidth);
        _reader.Floats(name + ".next_obs", n, buffer.ObservationWidth);
        _reader.Floats(name + ".terminals", n);
        _commits.Add(() =>
        {
            var (obs, actions, rewards, nextObs, terminals) = buffer.Storage;
            _reader.Floats(name + ".obs", n, buffer.ObservationWidth).CopyTo(obs);
            _reader.Floats(name + ".actions", n, buffer.ActionWidth).CopyTo(actions);
            _reader.Floats(name + ".rewards", n, buffer.RewardWidth).CopyTo(rewards);
            _reader.Floats(name + ".next_obs", n, buffer.ObservationWidth).CopyTo(nextObs);
            _reader.Floats(name + ".terminals", n).CopyTo(terminals);
            buffer.SetPosition(n, (int)writeIndex);
        });
        return this;
    }

    /// <summary>Queues a generator state.</summary>
    public CheckpointRestore Rng(string name, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ReadOnlySpan<long> s = _reader.Int64s(name + ".state", 4);
        var state = new RngState((ulong)s[0], (ulong)s[1], (ulong)s[2], (ulong)s[3]);
        if ((state.S0 | state.S1 | state.S2 | state.S3) == 0)
        {
            throw new CheckpointException($"Checkpoint '{_reader.Source}': generator '{name}' has the invalid all-zero state.");
        }
        _commits.Add(() => rng.State = state);
        return this;
    }

    /// <summary>Queues a DDPG learner's four networks and two optimisers.</summary>
    public CheckpointRestore Learner(string name, DdpgLearner learner)
    {
        ArgumentNullException.ThrowIfNull(learner);
        Network(name + ".actor", learner.Actor)
            .Network(name + ".critic", learner.Critic)
            .Network(name + ".target_actor", learner.TargetActor)
            .Network(name + ".target_critic", learner.TargetCritic)
            .Adam(name + ".actor_adam", learner.ActorOptimizer)
            .Adam(name + ".critic_adam", learner.CriticOptimizer);
        if (learner.Critic2 is not null)
        {
            Network(name + ".critic2", learner.Critic2)
                .Network(name + ".target_critic2", learner.TargetCritic2!)
                .Adam(name + ".critic2_adam", learner.Critic2Optimizer!);
        }
        if (learner.SmoothingRng is not null)
        {
            Rng(name + ".smoothing_rng", learner.SmoothingRng);
        }
        if (_reader.Contains(name + ".counters"))
        {
            long[] counters = _reader.Int64s(name + ".counters", 2).ToArray();
            if (counters[0] < 0 || counters[1] < int.MinValue || counters[1] > uint.MaxValue)
            {
                throw new CheckpointException($"Checkpoint '{_reader.Source}': learner '{name}' has an update count or loss out of range (file corrupted).");
            }
            _commits.Add(() =>
            {
                learner.UpdateCount = counters[0];
                learner.LastActorLoss = BitConverter.Int32BitsToSingle((int)counters[1]);
            });
        }
        return this;
    }

    /// <summary>Queues the copy of float section <paramref name="name"/>, which must have shape [<paramref name="destination"/>.Length], into <paramref name="destination"/>.</summary>
    public CheckpointRestore Floats(string name, float[] destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        _reader.Floats(name, destination.Length);
        _commits.Add(() => _reader.Floats(name, destination.Length).CopyTo(destination));
        return this;
    }

    /// <summary>A copy of int64 section <paramref name="name"/>, which must have shape [<paramref name="count"/>] (checked now; for counters).</summary>
    public long[] Int64s(string name, int count) => _reader.Int64s(name, count).ToArray();

    /// <summary>Queues <paramref name="commit"/> to run in <see cref="Commit"/>, after every check has passed (for state not covered by the other methods).</summary>
    public CheckpointRestore Then(Action commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        _commits.Add(commit);
        return this;
    }

    /// <summary>Copies every queued section into its object. Call once, after all <c>Add</c> checks passed.</summary>
    public void Commit()
    {
        foreach (Action commit in _commits)
        {
            commit();
        }
        _commits.Clear();
    }
}
