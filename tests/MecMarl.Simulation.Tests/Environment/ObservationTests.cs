namespace MecMarl.Simulation.Tests;

/// <summary>Observation layout and normalization (SPEC 7).</summary>
public sealed class ObservationTests
{
    [Fact]
    public void Given_round_values_When_observed_Then_layout_is_UE_major_with_normalized_features()
    {
        // Cell 0: UEs 0 and 2 (ues order), cell 1: UE 1; K = 2; N0*B = 1e-13 W.
        ScenarioLayout l = HandScenarios.Layout(2, 1.0, 0, 1, 0);
        var g = HandScenarios.Gains(l, 1e-9);
        g[l.GainIndex(0, 0, 0)] = 1e-10;  // (-100 + 115) / 15 = 1
        g[l.GainIndex(0, 0, 1)] = 1e-13;  // (-130 + 115) / 15 = -1
        g[l.GainIndex(2, 0, 0)] = 1e-7;   // (-70 + 115) / 15 = 3
        g[l.GainIndex(2, 0, 1)] = Math.Pow(10, -11.5); // (-115 + 115) / 15 = 0
        double dMax = 300 * 8192.0, wMax = dMax * 1000, tMax = 0.9 * wMax / 1e9;
        UeTask[] tasks = [new(dMax, wMax / 2, tMax / 4), new(1, 1, 1), new(dMax / 2, wMax, tMax)];
        double[] previous = [9e-13, 0, 0, 0]; // I[0](0) = 9 N0B -> log10(10) = 1
        var obs = new double[ObservationBuilder.Size(l, 0)];
        Assert.Equal(2 * (2 + 3) + 2, obs.Length);
        ObservationBuilder.Build(l, ObservationNormalization.For(SimulationConfig.Paper, l), 0, g, tasks, previous, obs);
        double[] expected = [1, -1, 1, 0.5, 0.25, 3, 0, 0.5, 1, 1, 1, 0];
        for (int i = 0; i < expected.Length; i++)
        {
            TestSupport.AssertClose(expected[i], obs[i], $"feature {i}", 1e-12, 1e-12);
        }
        ObservationBuilder.Build(l, ObservationNormalization.For(SimulationConfig.Paper, l), 0, g, tasks, [], obs);
        Assert.Equal(0.0, obs[^2]);
        Assert.Equal(0.0, obs[^1]);
    }

    [Fact]
    public void Given_a_slower_UE_Then_the_deadline_maximum_uses_the_slowest_CPU()
    {
        ScenarioLayout l = new(1, 1e7, -174, 1, 1, [new SbsSite(0, 0, 5e10, 1e-11)],
            [new UeDevice(0, 10, 0, 1e9, 1e-9, 0.2), new UeDevice(0, 20, 0, 0.5e9, 1e-9, 0.2)]);
        ObservationNormalization n = ObservationNormalization.ForScenarioFile(l);
        // 0.9 * 300*8192*1000 / 0.5e9 = 4.42368 s.
        TestSupport.AssertClose(4.42368, n.MaxDeadlineS, "T~max");
        TestSupport.AssertClose(2457600, n.MaxBits, "d_max");
    }
}
