using MecMarl.Nn;
using MecMarl.Randomness;

namespace MecMarl.Learning;

/// <summary>
/// Writes the state of MecMarl's learning objects into a <see cref="CheckpointWriter"/> under a
/// name prefix (section names are listed in docs/checkpoint-format.md). Read back with
/// <see cref="CheckpointRestore"/>.
/// </summary>
public static class Checkpoints
{
    /// <summary>Network: "{name}.layout" int64 [sizes..., activations...], "{name}.parameters" float32 [P].</summary>
    public static void AddNetwork(this CheckpointWriter writer, string name, DenseNetwork network)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(network);
        long[] layout = Layout(network.Shape);
        writer.AddInt64s(name + ".layout", layout, layout.Length);
        writer.AddFloats(name + ".parameters", network.Parameters, network.Shape.ParameterCount);
    }

    /// <summary>Adam: "{name}.step" int64 [1], "{name}.m" and "{name}.v" float32 [P].</summary>
    public static void AddAdam(this CheckpointWriter writer, string name, Adam adam)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(adam);
        writer.AddInt64s(name + ".step", [adam.StepCount], 1);
        writer.AddFloats(name + ".m", adam.FirstMoments, adam.ParameterCount);
        writer.AddFloats(name + ".v", adam.SecondMoments, adam.ParameterCount);
    }

    /// <summary>
    /// Replay buffer: "{name}.meta" int64 [capacity, obs width, action width, reward width, count,
    /// write index], then the Count used rows of each field: ".obs" [count, obs], ".actions",
    /// ".rewards", ".next_obs", ".terminals" [count]. The rows are referenced, not copied: add
    /// transitions to the buffer only after the writer has saved.
    /// </summary>
    public static void AddReplayBuffer(this CheckpointWriter writer, string name, ReplayBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(buffer);
        int n = buffer.Count;
        writer.AddInt64s(name + ".meta", [buffer.Capacity, buffer.ObservationWidth, buffer.ActionWidth, buffer.RewardWidth, n, buffer.WriteIndex], 6);
        var (obs, actions, rewards, nextObs, terminals) = buffer.Storage;
        // By reference: the buffer is large and is not written to before the checkpoint is saved.
        writer.AddFloatsByReference(name + ".obs", obs, n * buffer.ObservationWidth, n, buffer.ObservationWidth);
        writer.AddFloatsByReference(name + ".actions", actions, n * buffer.ActionWidth, n, buffer.ActionWidth);
        writer.AddFloatsByReference(name + ".rewards", rewards, n * buffer.RewardWidth, n, buffer.RewardWidth);
        writer.AddFloatsByReference(name + ".next_obs", nextObs, n * buffer.ObservationWidth, n, buffer.ObservationWidth);
        writer.AddFloatsByReference(name + ".terminals", terminals, n, n);
    }

    /// <summary>Generator: "{name}.state" int64 [4], the xoshiro256** words.</summary>
    public static void AddRng(this CheckpointWriter writer, string name, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rng);
        RngState s = rng.State;
        writer.AddInt64s(name + ".state", [(long)s.S0, (long)s.S1, (long)s.S2, (long)s.S3], 4);
    }

    /// <summary>DDPG learner: networks "{name}.actor", ".critic", ".target_actor", ".target_critic"; Adams ".actor_adam", ".critic_adam".</summary>
    public static void AddLearner(this CheckpointWriter writer, string name, DdpgLearner learner)
    {
        ArgumentNullException.ThrowIfNull(learner);
        writer.AddNetwork(name + ".actor", learner.Actor);
        writer.AddNetwork(name + ".critic", learner.Critic);
        writer.AddNetwork(name + ".target_actor", learner.TargetActor);
        writer.AddNetwork(name + ".target_critic", learner.TargetCritic);
        writer.AddAdam(name + ".actor_adam", learner.ActorOptimizer);
        writer.AddAdam(name + ".critic_adam", learner.CriticOptimizer);
        if (learner.Critic2 is not null)
        {
            writer.AddNetwork(name + ".critic2", learner.Critic2);
            writer.AddNetwork(name + ".target_critic2", learner.TargetCritic2!);
            writer.AddAdam(name + ".critic2_adam", learner.Critic2Optimizer!);
        }
        if (learner.SmoothingRng is not null)
        {
            writer.AddRng(name + ".smoothing_rng", learner.SmoothingRng);
        }
        writer.AddInt64s(name + ".counters", [learner.UpdateCount, BitConverter.SingleToInt32Bits(learner.LastActorLoss)], 2);
    }

    internal static long[] Layout(NetworkShape shape) =>
        [.. shape.Sizes.Select(s => (long)s), .. shape.Activations.Select(a => (long)a)];
}
