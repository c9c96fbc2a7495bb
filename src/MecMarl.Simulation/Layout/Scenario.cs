namespace MecMarl.Simulation;

/// <summary>
/// A scenario: layout plus slots, the in-memory form of a SPEC 10 scenario file. It fixes
/// everything random, so that any implementation evaluates it to the same numbers.
/// </summary>
/// <param name="Layout">System constants, SBSs and UEs.</param>
/// <param name="Slots">Gains and tasks of each slot.</param>
public sealed record Scenario(ScenarioLayout Layout, IReadOnlyList<ScenarioSlot> Slots);
