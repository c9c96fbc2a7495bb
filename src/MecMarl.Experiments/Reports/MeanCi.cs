namespace MecMarl.Experiments;

/// <summary>A sample mean with the half-width of its two-sided 95% confidence interval.</summary>
/// <param name="Mean">Sample mean.</param>
/// <param name="Ci95">Half-width of the 95% interval (Student t with n-1 degrees of freedom times the
/// standard error); 0 for a single value, which says "no spread measured", not "no spread".</param>
/// <param name="Count">Number of values (e.g. training seeds).</param>
public readonly record struct MeanCi(double Mean, double Ci95, int Count);
