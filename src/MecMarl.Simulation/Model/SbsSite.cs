namespace MecMarl.Simulation;

/// <summary>A small-cell base station with its MEC server (SPEC 1, scenario file <c>sbs[m]</c>).</summary>
/// <param name="XM">x coordinate, m.</param>
/// <param name="YM">y coordinate, m.</param>
/// <param name="CpuHz">MEC server CPU frequency C_bar_m, Hz.</param>
/// <param name="JoulesPerCycle">MEC energy per cycle eps_bar_m, J/cycle.</param>
public sealed record SbsSite(double XM, double YM, double CpuHz, double JoulesPerCycle);
