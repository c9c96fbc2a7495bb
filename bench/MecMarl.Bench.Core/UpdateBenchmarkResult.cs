namespace MecMarl.Bench.Core;

/// <summary>Result of <see cref="UpdateBenchmark.Run"/>.</summary>
/// <param name="Threads">Threads used (parallelism over agents).</param>
/// <param name="Kernel">GEMM micro-kernel in use.</param>
/// <param name="MaDrl">MA-DRL shapes: actor 206 -> 64 -> 190 (sigmoid), critic 2376 -> 64 -> 1, joint batch.</param>
/// <param name="FDrl">F-DRL shapes: actor 206 -> 64 -> 190, critic 396 -> 64 -> 1, one batch per agent.</param>
public sealed record UpdateBenchmarkResult(int Threads, string Kernel, UpdateTiming MaDrl, UpdateTiming FDrl);
