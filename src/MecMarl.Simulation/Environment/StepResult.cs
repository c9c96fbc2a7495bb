namespace MecMarl.Simulation;

/// <summary>
/// What <see cref="MecEnvironment.Step(IReadOnlyList{float[]})"/> returns, PettingZoo-parallel style
/// with arrays indexed by agent (SBS). One instance per environment, overwritten by every step:
/// copy what must outlive the next step.
/// </summary>
public sealed class StepResult
{
    internal StepResult(ScenarioLayout layout, float[][] observations)
    {
        int m = layout.SbsCount;
        Observations = observations;
        LocalRewards = new double[m];
        CooperativeRewards = new double[m];
        DifferenceRewards = new double[m];
        DifferenceMet = new double[m];
        UeDifferenceRewards = new double[layout.UeCount];
        UeDifferenceMet = new double[layout.UeCount];
        Terminations = new bool[m];
        Truncations = new bool[m];
        Decisions = new SlotDecisions(layout.UeCount);
        Result = new SlotResult(layout.UeCount, m);
    }

    /// <summary>Slot that was just evaluated (0-based within the episode).</summary>
    public int Slot { get; internal set; }

    /// <summary>Next observation of every agent (of the following slot; after the last slot, the bootstrap observation).</summary>
    public float[][] Observations { get; }

    /// <summary>Local (cell) reward R^Fl_m of every agent (eq. 23; F-DRL and IL-DRL).</summary>
    public double[] LocalRewards { get; }

    /// <summary>Cooperative reward R^Co of every agent, the same number for all (eq. 12; MA-DRL).</summary>
    public double[] CooperativeRewards { get; }

    /// <summary>
    /// Difference reward of every agent: R^Co minus R^Co of the same slot with the agent's cell at the
    /// centre action (<see cref="MecEnvironment.ComputeDifferenceRewards"/>; zeros while that is off).
    /// </summary>
    public double[] DifferenceRewards { get; }

    /// <summary>
    /// Deadlines met in the slot minus those met in the counterfactual slot of <see cref="DifferenceRewards"/>, per
    /// agent (the part of the difference reward that SPEC 6's beta scales; a learned beta other than the scenario's,
    /// <c>schemes.&lt;id&gt;.learnedBeta</c>, adds its difference times this). Zeros while difference rewards are off.
    /// </summary>
    public double[] DifferenceMet { get; }

    /// <summary>
    /// Difference reward of every UE, in agent order and within a cell in the order of
    /// <see cref="ScenarioLayout.CellUes"/>: R^Co minus R^Co of the same slot with only the UE's entries of its
    /// cell's action at the counterfactual (<see cref="MecEnvironment.ComputeUeDifferenceRewards"/>; zeros while that is off).
    /// </summary>
    public double[] UeDifferenceRewards { get; }

    /// <summary>Deadlines met in the slot minus those met in the counterfactual slot of <see cref="UeDifferenceRewards"/>, per UE (same order).</summary>
    public double[] UeDifferenceMet { get; }

    /// <summary>Terminal states: always false (the episode ends by a time limit only).</summary>
    public bool[] Terminations { get; }

    /// <summary>Time-limit truncation: true for every agent after the episode's last slot.</summary>
    public bool[] Truncations { get; }

    /// <summary>True after the episode's last slot (every entry of <see cref="Truncations"/>).</summary>
    public bool Truncated => Truncations.Length > 0 && Truncations[0];

    /// <summary>Infos, part 1: the decoded decisions of every UE (alpha, channel, power, share).</summary>
    public SlotDecisions Decisions { get; }

    /// <summary>Infos, part 2: every UE's outcome (rate, interference, delays, deadline, energies, met, V, utility) and the rewards.</summary>
    public SlotResult Result { get; }

    /// <summary>System reward of the slot (= R^Co).</summary>
    public double SystemReward => Result.SystemReward;
}
