using MecMarl.Nn;

namespace MecMarl.Learning;

/// <summary>
/// The learning side of a multi-agent scheme, as the trainer drives it every slot (SPEC 8):
/// <list type="number">
/// <item><see cref="Act"/>: every agent's noisy action for the slot's observations;</item>
/// <item><see cref="Observe"/>: the transition of that slot (learned rewards and next observations);</item>
/// <item><see cref="Update"/>: one gradient step of every agent, once <see cref="CanUpdate"/>;</item>
/// <item><see cref="EndSlot"/> and <see cref="EndEpisode"/>: the hooks between slots and episodes (federated averaging, eq. 26);</item>
/// <item><see cref="Save"/> / <see cref="Restore"/>: the whole learning state for resume checkpoints.</item>
/// </list>
/// <see cref="JointReplayLearner"/> (MA-DRL), <see cref="IndependentLearners"/> (F-DRL, IL-DRL),
/// <see cref="PpoLearner"/> and <see cref="SharedPpoLearner"/> (PPO schemes) implement it; <see cref="MultiAgentLearners.Create"/> picks one from a <see cref="SchemeDescription"/>.
/// Results are identical for any thread count.
/// </summary>
public interface IMultiAgentLearner
{
    /// <summary>Number of agents (SBSs).</summary>
    int AgentCount { get; }

    /// <summary>Every agent's actor mu_m, in agent order (the trained policy; SPEC 9 evaluates it without noise).</summary>
    IReadOnlyList<DenseNetwork> Actors { get; }

    /// <summary>
    /// Every agent's action for <paramref name="observations"/> with exploration noise of std
    /// <paramref name="noiseStd"/>, clipped to [0, 1]; the arrays belong to the learner and hold the
    /// actions until the next call. The observations are copied (the transition's s).
    /// </summary>
    float[][] Act(IReadOnlyList<float[]> observations, double noiseStd);

    /// <summary>
    /// Stores the transition of the last <see cref="Act"/>: <paramref name="rewards"/>[m] is agent
    /// m's learned reward (already chosen by <see cref="SchemeDescription.Reward"/> and scaled),
    /// <paramref name="nextObservations"/>[m] its next observation; the transition is not terminal
    /// (time-limit truncation, SPEC 7).
    /// </summary>
    void Observe(ReadOnlySpan<float> rewards, IReadOnlyList<float[]> nextObservations);

    /// <summary>True when <see cref="Update"/> is due: for DDPG once the replay holds <see cref="DdpgOptions.LearningStarts"/> transitions; for PPO when the rollout is full.</summary>
    bool CanUpdate { get; }

    /// <summary>
    /// One gradient step of every agent (PPO: the update of a full rollout); returns each agent's
    /// losses (owned by the learner, valid until the next <see cref="Update"/>). The values are final
    /// once the next <see cref="Act"/> or <see cref="EndEpisode"/> has returned: a learner whose agents
    /// run elsewhere may send the step with the next slot's act (one message per slot), and the
    /// trainer reads the losses only then.
    /// </summary>
    IReadOnlyList<DdpgLosses> Update();

    /// <summary>Called after every training episode with the number of episodes finished; runs the scheme's aggregation when one is due.</summary>
    void EndEpisode(int episodesDone);

    /// <summary>Called after every training slot (after its gradient step) with the number of slots taken in the run; runs the scheme's aggregation when one is due by a period in slots.</summary>
    void EndSlot(long slotsDone);

    /// <summary>
    /// <see cref="Act"/> for a trainer that awaits: a learner whose agents run elsewhere answers when their
    /// replies arrive, without a thread blocked waiting for them (docs/cluster.md, "Per-slot latency budget").
    /// By default the synchronous call, completed.
    /// </summary>
    ValueTask<float[][]> ActAsync(IReadOnlyList<float[]> observations, double noiseStd) => ValueTask.FromResult(Act(observations, noiseStd));

    /// <summary>
    /// Tells the learner, once after it is built and before its first <see cref="Update"/>, how many
    /// training slots the whole training has (<c>training.episodes</c> x slots per episode), for
    /// schedules over the training such as <see cref="PpoOptions.AnnealLearningRate"/>. By default
    /// nothing: learners without such a schedule ignore it.
    /// </summary>
    void SetTrainingSlots(long totalSlots)
    {
    }

    /// <summary><see cref="EndSlot"/> for a trainer that awaits; by default the synchronous call, completed.</summary>
    ValueTask EndSlotAsync(long slotsDone)
    {
        EndSlot(slotsDone);
        return ValueTask.CompletedTask;
    }

    /// <summary><see cref="EndEpisode"/> for a trainer that awaits; by default the synchronous call, completed.</summary>
    ValueTask EndEpisodeAsync(int episodesDone)
    {
        EndEpisode(episodesDone);
        return ValueTask.CompletedTask;
    }

    /// <summary>Aggregation rounds done so far (0 for schemes without aggregation).</summary>
    int AggregationRounds { get; }

    /// <summary>Called before every aggregation round with the round number (tests observe the models here).</summary>
    Action<int>? BeforeAggregation { get; set; }

    /// <summary>Called after every aggregation round with the round number.</summary>
    Action<int>? AfterAggregation { get; set; }

    /// <summary>
    /// The first non-finite parameter of any agent's actor or critic, as "a non-finite parameter in
    /// agent m's actor" (the divergence check after every training episode), or null when all are finite.
    /// </summary>
    string? NonFiniteParameter();

    /// <summary>
    /// Starts every agent's actor from <paramref name="actors"/>[m] (a trained policy's actors, agent
    /// order, shapes already checked against this learner's; <c>training.initPolicy</c>, docs/schemes.md):
    /// copies their parameters into the actors and into whatever the learner derives from them (DDPG's
    /// target actors, a proximal term's anchors). Called once, after the learner is built and before its
    /// first <see cref="Act"/>; value networks, critics, optimisers and streams stay as built. Returns
    /// null, or why this learner cannot start from per-agent actors (nothing is changed then). By default
    /// it cannot.
    /// </summary>
    string? StartFrom(IReadOnlyList<DenseNetwork> actors) => "this learner cannot start from a trained policy";

    /// <summary>Adds every piece of learning state (networks, optimisers, replay, generators, rounds) to a checkpoint.</summary>
    void Save(CheckpointWriter writer);

    /// <summary>Queues the restore of what <see cref="Save"/> wrote; nothing changes before <see cref="CheckpointRestore.Commit"/>.</summary>
    void Restore(CheckpointRestore restore);
}
