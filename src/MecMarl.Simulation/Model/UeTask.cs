namespace MecMarl.Simulation;

/// <summary>The task of one UE in one slot (SPEC 3).</summary>
/// <param name="Bits">Input size d_n, bits.</param>
/// <param name="Cycles">Required CPU cycles omega_n = d_n * c_n.</param>
/// <param name="DeadlineS">Deadline T~_n, s.</param>
public readonly record struct UeTask(double Bits, double Cycles, double DeadlineS);
