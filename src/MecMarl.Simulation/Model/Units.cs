namespace MecMarl.Simulation;

/// <summary>
/// Conversions between the user-facing units of configuration files (dBm, GHz, MHz, J/Gcycle, KB)
/// and the SI units used everywhere inside the simulator (SPEC preamble).
/// </summary>
public static class Units
{
    /// <summary>Hertz per gigahertz.</summary>
    public const double HzPerGhz = 1e9;

    /// <summary>Hertz per megahertz.</summary>
    public const double HzPerMhz = 1e6;

    /// <summary>Cycles per gigacycle.</summary>
    public const double CyclesPerGcycle = 1e9;

    /// <summary>Metres per kilometre.</summary>
    public const double MetresPerKm = 1000.0;

    /// <summary>Converts a power in dBm to watts: <c>10^((dBm - 30) / 10)</c>.</summary>
    public static double DbmToW(double dbm) => Math.Pow(10.0, (dbm - 30.0) / 10.0);

    /// <summary>Converts a power in watts to dBm: <c>10 log10(W) + 30</c>.</summary>
    public static double WToDbm(double watts) => 10.0 * Math.Log10(watts) + 30.0;

    /// <summary>Converts a spectral density in dBm/Hz to W/Hz.</summary>
    public static double DbmPerHzToWPerHz(double dbmPerHz) => DbmToW(dbmPerHz);

    /// <summary>Converts a frequency in GHz to Hz.</summary>
    public static double GhzToHz(double ghz) => ghz * HzPerGhz;

    /// <summary>Converts a frequency in Hz to GHz.</summary>
    public static double HzToGhz(double hz) => hz / HzPerGhz;

    /// <summary>Converts a frequency in MHz to Hz.</summary>
    public static double MhzToHz(double mhz) => mhz * HzPerMhz;

    /// <summary>Converts a frequency in Hz to MHz.</summary>
    public static double HzToMhz(double hz) => hz / HzPerMhz;

    /// <summary>Converts an energy per gigacycle (J/Gcycle) to joules per cycle.</summary>
    public static double JoulesPerGcycleToJoulesPerCycle(double joulesPerGcycle) => joulesPerGcycle / CyclesPerGcycle;

    /// <summary>Converts joules per cycle to J/Gcycle.</summary>
    public static double JoulesPerCycleToJoulesPerGcycle(double joulesPerCycle) => joulesPerCycle * CyclesPerGcycle;

    /// <summary>Linear power ratio of a value in dB: <c>10^(dB/10)</c>.</summary>
    public static double DbToLinear(double db) => Math.Pow(10.0, db / 10.0);
}
