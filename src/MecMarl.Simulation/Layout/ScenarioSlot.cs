namespace MecMarl.Simulation;

/// <summary>One slot of a scenario: every gain and every task (SPEC 10 <c>slots[t]</c>).</summary>
/// <param name="Gains">G[u, m, k] flattened u-major (see <see cref="ScenarioLayout.GainIndex"/>), linear power gains.</param>
/// <param name="Tasks">Task of each UE.</param>
public sealed record ScenarioSlot(double[] Gains, UeTask[] Tasks);
