namespace MecMarl.Simulation;

/// <summary>
/// Produces a <see cref="Scenario"/> from seeds: the run's layout from the layout seed, the
/// episode's fading and tasks from the episode seed. The slots are exactly those the
/// <see cref="MecEnvironment"/> of the same config and seeds draws, so a generated scenario file
/// replays an environment episode.
/// </summary>
public static class ScenarioGenerator
{
    /// <summary>Generates <paramref name="slots"/> slots of episode <paramref name="episodeSeed"/> on the layout of <paramref name="layoutSeed"/>.</summary>
    public static Scenario Generate(SimulationConfig config, ulong layoutSeed, ulong episodeSeed, int slots)
    {
        config.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(slots);
        ScenarioLayout layout = LayoutGenerator.Generate(config, layoutSeed, episodeSeed);
        double[] meanGain = PathLoss.LinearGains(layout, config, LayoutGenerator.Shadowing(config, layoutSeed));
        var sampler = new SlotSampler(layout, config.Tasks, meanGain);
        sampler.BeginEpisode(episodeSeed);
        var list = new ScenarioSlot[slots];
        for (int t = 0; t < slots; t++)
        {
            var gains = new double[layout.GainCount];
            var tasks = new UeTask[layout.UeCount];
            sampler.SampleAllGains(t, gains);
            sampler.SampleTasks(t, tasks);
            list[t] = new ScenarioSlot(gains, tasks);
        }
        return new Scenario(layout, list);
    }
}
