namespace MecMarl.Experiments;

/// <summary>Progress over the whole grid.</summary>
/// <param name="Message">What just happened (a unit finished), or null for a progress tick.</param>
/// <param name="Fraction">Estimated fraction of the grid's work done, 0..1 (by <see cref="SweepUnit.Cost"/>).</param>
/// <param name="UnitsDone">Units finished (including those found finished).</param>
/// <param name="UnitsTotal">Units in the grid.</param>
/// <param name="Eta">Estimated time left (from this invocation's pace), or null before any work.</param>
public sealed record SweepProgress(string? Message, double Fraction, int UnitsDone, int UnitsTotal, TimeSpan? Eta);
