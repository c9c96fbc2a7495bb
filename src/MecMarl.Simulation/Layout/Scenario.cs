namespace MecMarl.Simulation;

/// <summary>One slot of a scenario: every gain and every task (SPEC 10 <c>slots[t]</c>).</summary>
/// <param name="Gains">G[u, m, k] flattened u-major (see <see cref="ScenarioLayout.GainIndex"/>), linear power gains.</param>
/// <param name="Tasks">Task of each UE.</param>
public sealed record ScenarioSlot(double[] Gains, UeTask[] Tasks);

/// <summary>
/// A scenario: layout plus slots, the in-memory form of a SPEC 10 scenario file. It fixes
/// everything random, so that any implementation evaluates it to the same numbers.
/// </summary>
/// <param name="Layout">System constants, SBSs and UEs.</param>
/// <param name="Slots">Gains and tasks of each slot.</param>
public sealed record Scenario(ScenarioLayout Layout, IReadOnlyList<ScenarioSlot> Slots);
