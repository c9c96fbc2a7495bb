namespace MecMarl.Simulation;

/// <summary>
/// The normalization of observations (SPEC 7 [choice]): gains as <c>(10 log10(h) + offset) / scale</c>;
/// task features divided by the maxima of the task ranges; interference as <c>log10(1 + I / (N0 B))</c>.
/// </summary>
/// <param name="GainDbOffset">Offset added to the gain in dB.</param>
/// <param name="GainDbScale">Divisor of the shifted gain, dB.</param>
/// <param name="MaxBits">d_max, bits (largest task size).</param>
/// <param name="MaxCycles">omega_max = d_max * largest cycles/bit.</param>
/// <param name="MaxDeadlineS">T~_max = deadlineFactor * omega_max / slowest UE CPU, s.</param>
public sealed record ObservationNormalization(double GainDbOffset, double GainDbScale, double MaxBits, double MaxCycles, double MaxDeadlineS)
{
    /// <summary>The normalization of a configuration, with the slowest CPU of <paramref name="layout"/>.</summary>
    public static ObservationNormalization For(SimulationConfig config, ScenarioLayout layout) =>
        For(config.Environment, config.Tasks, layout);

    /// <summary>The normalization from environment constants, task ranges and the slowest CPU of <paramref name="layout"/>.</summary>
    public static ObservationNormalization For(EnvironmentConfig env, TaskConfig tasks, ScenarioLayout layout)
    {
        double maxBits = tasks.SizeMaxBits;
        double maxCycles = maxBits * tasks.CyclesPerBitMax;
        double slowest = double.PositiveInfinity;
        foreach (UeDevice ue in layout.Ues)
        {
            slowest = Math.Min(slowest, ue.CpuHz);
        }
        return new ObservationNormalization(env.GainDbOffset, env.GainDbScale, maxBits, maxCycles, tasks.DeadlineFactor * maxCycles / slowest);
    }

    /// <summary>
    /// The normalization of observations files (SPEC 10): default environment constants and task
    /// ranges (SPEC 3) and the slowest UE CPU of the scenario.
    /// </summary>
    public static ObservationNormalization ForScenarioFile(ScenarioLayout layout) =>
        For(new EnvironmentConfig(), new TaskConfig(), layout);
}
