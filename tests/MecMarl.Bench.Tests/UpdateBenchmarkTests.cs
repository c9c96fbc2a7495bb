using MecMarl.Bench.Core;

namespace MecMarl.Bench.Tests;

public sealed class UpdateBenchmarkTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void One_update_of_each_scheme_does_the_matrix_work_of_the_paper_shapes(int threads)
    {
        UpdateBenchmarkResult r = UpdateBenchmark.Run(threads, warmupUpdates: 0, measuredUpdates: 1);
        Assert.Equal(threads, r.Threads);
        Assert.Equal(6, r.MaDrl.Agents);
        // docs/performance.md: 272.3 MFLOP of matrix products per MA-DRL update, 77.6 per F-DRL update.
        Assert.Equal(272.3, Math.Round(r.MaDrl.GemmFlopsPerUpdate / 1e6, 1));
        Assert.Equal(77.6, Math.Round(r.FDrl.GemmFlopsPerUpdate / 1e6, 1));
        foreach (UpdateTiming t in new[] { r.MaDrl, r.FDrl })
        {
            Assert.True(t.MeanMs > 0 && double.IsFinite(t.MeanMs));
            Assert.True(t.BestMs > 0 && t.BestMs <= t.MeanMs);
            Assert.True(t.EffectiveGflops > 0 && double.IsFinite(t.EffectiveGflops));
        }
    }

    [Fact]
    public void A_workload_runs_the_same_update_as_the_scheme_with_its_learners_in_agent_order()
    {
        var options = new MecMarl.Learning.DdpgOptions();
        UpdateWorkload ma = UpdateWorkload.MaDrl(options, 1, 2, 1);
        UpdateWorkload fd = UpdateWorkload.FDrl(options, 1, 2, 1);
        Assert.Equal(("MA-DRL", 2), (ma.Scheme, ma.Learners.Count));
        Assert.Equal(("F-DRL", 2), (fd.Scheme, fd.Learners.Count));
        long before = ma.Learners[1].Critic.GemmFlops;
        ma.Update();
        Assert.True(ma.Learners[1].Critic.GemmFlops > before);
    }
}
