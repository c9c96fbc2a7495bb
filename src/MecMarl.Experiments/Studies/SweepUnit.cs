namespace MecMarl.Experiments;

/// <summary>One unit of work: a learning scheme trained with one seed, or a fixed scheme evaluated, at one point.</summary>
/// <param name="Order">Position in the result tables (point, then scheme, then seed).</param>
/// <param name="Point">The grid point.</param>
/// <param name="Scheme">Scheme id.</param>
/// <param name="Seed">Training seed; null for a fixed scheme.</param>
/// <param name="Cost">Estimated work (UE-slots, learning weighted), for scheduling and the ETA only.</param>
public sealed record SweepUnit(int Order, SweepPoint Point, string Scheme, int? Seed, double Cost);
