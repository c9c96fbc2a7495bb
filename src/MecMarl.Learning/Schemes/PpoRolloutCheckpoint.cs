namespace MecMarl.Learning;

/// <summary>
/// The checkpoint sections of a PPO scheme's rollout state, shared by <see cref="PpoLearner"/> and
/// <see cref="SharedPpoLearner"/> (docs/checkpoint-format.md, "PPO schemes"): the slots filled and the
/// rollout length, the episode-end flags and, for a joint value network, the joint observations.
/// </summary>
internal static class PpoRolloutCheckpoint
{
    /// <summary>Adds the rollout sections: <paramref name="count"/> slots filled of <paramref name="length"/>.</summary>
    public static void Save(CheckpointWriter writer, int count, int length, float[] episodeEnd, float[] jointObs, float[] jointNextObs)
    {
        writer.AddInt64s("ppo.rollout.count", [count, length], 2);
        writer.AddFloats("ppo.rollout.episode_end", episodeEnd, episodeEnd.Length);
        if (jointObs.Length > 0)
        {
            writer.AddFloats("ppo.rollout.joint_obs", jointObs, jointObs.Length);
            writer.AddFloats("ppo.rollout.joint_next_obs", jointNextObs, jointNextObs.Length);
        }
    }

    /// <summary>
    /// Checks the stored rollout length against <paramref name="length"/> (a <see cref="CheckpointException"/>
    /// when it differs) and returns the slots filled; call <see cref="RestoreArrays"/> after the agents' own sections.
    /// </summary>
    public static int Count(CheckpointRestore restore, int length)
    {
        long[] c = restore.Int64s("ppo.rollout.count", 2);
        if (c[1] != length || c[0] < 0 || c[0] >= length)
        {
            throw new CheckpointException($"Checkpoint: PPO rollout of {c[0]} of {c[1]} slots does not fit this scheme's rollout of {length} slots.");
        }
        return (int)c[0];
    }

    /// <summary>Queues the restore of the episode-end flags and the joint observations.</summary>
    public static void RestoreArrays(CheckpointRestore restore, float[] episodeEnd, float[] jointObs, float[] jointNextObs)
    {
        restore.Floats("ppo.rollout.episode_end", episodeEnd);
        if (jointObs.Length > 0)
        {
            restore.Floats("ppo.rollout.joint_obs", jointObs).Floats("ppo.rollout.joint_next_obs", jointNextObs);
        }
    }
}
