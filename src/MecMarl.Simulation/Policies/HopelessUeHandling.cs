namespace MecMarl.Simulation;

/// <summary>What <see cref="HeuristicPolicy"/> does with a UE that cannot meet its deadline.</summary>
public enum HopelessUeHandling
{
    /// <summary>The task is given up: it is sent at the least power (<see cref="HeuristicOptions.DropPowerFraction"/> P_max)
    /// with a token MEC share, so it costs almost no energy and causes almost no interference (JSON "drop").</summary>
    Drop,

    /// <summary>The UE computes locally (alpha 0): it interferes with no one but spends omega eps_n (JSON "local").</summary>
    Local,

    /// <summary>The UE offloads everything at P_max anyway (JSON "max-power").</summary>
    MaxPower,
}
