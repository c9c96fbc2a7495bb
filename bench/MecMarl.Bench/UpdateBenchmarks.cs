using BenchmarkDotNet.Attributes;
using MecMarl.Bench.Core;
using MecMarl.Learning;

namespace MecMarl.Bench;

/// <summary>
/// One update of all six agents on random data with the paper's shapes, batch 32 (SPEC 8), of
/// each scheme: the BenchmarkDotNet counterpart of <c>mecmarl bench --updates</c>.
/// </summary>
public class UpdateBenchmarks
{
    private UpdateWorkload? _maDrl;
    private UpdateWorkload? _fDrl;

    /// <summary>Threads for the per-agent work (results are bit-identical for any count).</summary>
    [Params(1, 2)]
    public int Threads { get; set; } = 1;

    /// <summary>Agents updated per update (six in the paper).</summary>
    public int Agents { get; set; } = 6;

    /// <summary>Builds both schemes' learners and random batches (seed 1, as <c>mecmarl bench --updates</c>).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var options = new DdpgOptions();
        _maDrl = UpdateWorkload.MaDrl(options, Threads, Agents, 1);
        _fDrl = UpdateWorkload.FDrl(options, Threads, Agents, 1);
    }

    /// <summary>MA-DRL: shared target actions, then per agent critic step, actor step and soft update on the joint batch (eqs. 16, 18).</summary>
    [Benchmark]
    public void MaDrlUpdate() => _maDrl!.Update();

    /// <summary>F-DRL (and IL-DRL): per agent the same on its own batch.</summary>
    [Benchmark]
    public void FDrlUpdate() => _fDrl!.Update();
}
