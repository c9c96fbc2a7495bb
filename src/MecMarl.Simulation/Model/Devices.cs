namespace MecMarl.Simulation;

/// <summary>A small-cell base station with its MEC server (SPEC 1, scenario file <c>sbs[m]</c>).</summary>
/// <param name="XM">x coordinate, m.</param>
/// <param name="YM">y coordinate, m.</param>
/// <param name="CpuHz">MEC server CPU frequency C_bar_m, Hz.</param>
/// <param name="JoulesPerCycle">MEC energy per cycle eps_bar_m, J/cycle.</param>
public sealed record SbsSite(double XM, double YM, double CpuHz, double JoulesPerCycle);

/// <summary>A user equipment (SPEC 1, scenario file <c>ues[u]</c>).</summary>
/// <param name="Cell">Index of the serving SBS (never changes).</param>
/// <param name="XM">x coordinate, m.</param>
/// <param name="YM">y coordinate, m.</param>
/// <param name="CpuHz">UE CPU frequency C_n, Hz.</param>
/// <param name="JoulesPerCycle">UE energy per cycle eps_n, J/cycle.</param>
/// <param name="MaxPowerW">Maximum transmit power P_max, W.</param>
public sealed record UeDevice(int Cell, double XM, double YM, double CpuHz, double JoulesPerCycle, double MaxPowerW);

/// <summary>The task of one UE in one slot (SPEC 3).</summary>
/// <param name="Bits">Input size d_n, bits.</param>
/// <param name="Cycles">Required CPU cycles omega_n = d_n * c_n.</param>
/// <param name="DeadlineS">Deadline T~_n, s.</param>
public readonly record struct UeTask(double Bits, double Cycles, double DeadlineS);
