namespace MecMarl.Simulation;

/// <summary>
/// A policy that writes decisions directly (no raw actions, no decoder), with read access to the
/// environment: model-based references such as <see cref="YardstickPolicy"/> that use full channel
/// knowledge. Its decisions are stepped with <see cref="MecEnvironment.StepDecisions"/>, which
/// validates them (SPEC 4).
/// </summary>
public interface IDecisionPolicy
{
    /// <summary>Writes the decisions of every UE for the environment's current slot.</summary>
    void Decide(MecEnvironment env, SlotDecisions decisions);
}
