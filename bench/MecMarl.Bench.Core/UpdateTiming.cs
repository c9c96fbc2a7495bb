namespace MecMarl.Bench.Core;

/// <summary>Timing of one scheme's update of all agents (<see cref="UpdateBenchmark"/>).</summary>
/// <param name="Scheme">"MA-DRL" or "F-DRL".</param>
/// <param name="Agents">Agents updated per update.</param>
/// <param name="MeanMs">Mean wall time of one update of all agents (target, critic step, actor step, soft update), ms.</param>
/// <param name="BestMs">Fastest single update observed, ms.</param>
/// <param name="GemmFlopsPerUpdate">Matrix-multiply FLOPs actually performed per update (2 m n k per product).</param>
/// <param name="EffectiveGflops">GemmFlopsPerUpdate / MeanMs: GEMM FLOPs per second of whole-update time, GFLOP/s.</param>
/// <param name="KernelGflops">GEMM FLOPs per second of time spent inside the matrix kernels only, GFLOP/s (one thread's view; with several threads this sums each thread's kernel time).</param>
public sealed record UpdateTiming(string Scheme, int Agents, double MeanMs, double BestMs, long GemmFlopsPerUpdate, double EffectiveGflops, double KernelGflops);
