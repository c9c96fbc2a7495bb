namespace MecMarl.Experiments;

/// <summary>The time of a remote learner's agents, s (see <see cref="SlotBudget"/>).</summary>
/// <param name="Acting">Per act call the longest time an agent spent inside it, summed over calls.</param>
/// <param name="Updating">Per store-and-update call the longest time an agent spent inside it, summed over calls.</param>
/// <param name="ActingAllAgents">The time inside act calls summed over agents and calls.</param>
/// <param name="UpdatingAllAgents">The time inside store-and-update calls summed over agents and calls.</param>
/// <param name="Averaging">The wall time of the averaging rounds as the learner saw them (messages included).</param>
public readonly record struct RemoteWork(double Acting, double Updating, double ActingAllAgents, double UpdatingAllAgents, double Averaging);
