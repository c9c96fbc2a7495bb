namespace MecMarl.Simulation.Tests;

/// <summary>Small scenarios with round numbers, for hand-checked tests.</summary>
internal static class HandScenarios
{
    public const double PMax = 0.19952623149688797;

    /// <summary>
    /// N0 = -170 dBm/Hz = 1e-20 W/Hz and B = 10 MHz, so N0*B = 1e-13 W. SBS: C = 50 GHz,
    /// eps = 1e-11 J/cycle; UEs: C = 1 GHz, eps = 1e-9 J/cycle.
    /// </summary>
    public static ScenarioLayout Layout(int channels, double? clip, params int[] cells)
    {
        int m = cells.Max() + 1;
        var sbs = Enumerable.Range(0, m).Select(i => new SbsSite(400.0 * i, 0, 5e10, 1e-11)).ToArray();
        var ues = cells.Select((c, i) => new UeDevice(c, 400.0 * c + 20 + i, 10, 1e9, 1e-9, PMax)).ToArray();
        return new ScenarioLayout(channels, 1e7, -170.0, 1.0, clip, sbs, ues);
    }

    public static double[] Gains(ScenarioLayout l, double fill = 1e-12) => Enumerable.Repeat(fill, l.GainCount).ToArray();

    public static Scenario Scenario(ScenarioLayout l, int slots = 1)
    {
        var list = new List<ScenarioSlot>();
        for (int t = 0; t < slots; t++)
        {
            list.Add(new ScenarioSlot(Gains(l), Enumerable.Repeat(new UeTask(2e6, 1e9, 0.9), l.UeCount).ToArray()));
        }
        return new Scenario(l, list);
    }
}
