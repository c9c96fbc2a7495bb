namespace MecMarl.Simulation;

/// <summary>A user equipment (SPEC 1, scenario file <c>ues[u]</c>).</summary>
/// <param name="Cell">Index of the serving SBS (never changes).</param>
/// <param name="XM">x coordinate, m.</param>
/// <param name="YM">y coordinate, m.</param>
/// <param name="CpuHz">UE CPU frequency C_n, Hz.</param>
/// <param name="JoulesPerCycle">UE energy per cycle eps_n, J/cycle.</param>
/// <param name="MaxPowerW">Maximum transmit power P_max, W.</param>
public sealed record UeDevice(int Cell, double XM, double YM, double CpuHz, double JoulesPerCycle, double MaxPowerW);
