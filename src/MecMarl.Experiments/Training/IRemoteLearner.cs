namespace MecMarl.Experiments;

/// <summary>
/// A learner whose agents run outside the trainer's process (agent grains on a cluster): the trainer
/// measures its calls' wall time, and the learner tells how much of it the agents spent computing,
/// so that the rest is messaging (<see cref="SlotBudget"/>).
/// </summary>
public interface IRemoteLearner
{
    /// <summary>The agents' time since the last call (then starts again from zero).</summary>
    RemoteWork TakeRemoteWork();
}
