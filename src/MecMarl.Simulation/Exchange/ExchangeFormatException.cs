namespace MecMarl.Simulation;

/// <summary>
/// An exchange file (SPEC section 10: scenario, decisions, actions, observations, results) that is
/// invalid, or decisions that break a constraint of SPEC section 4. Carries the file, the JSON path
/// (e.g. <c>slots[2].ues[7].channel</c>), the error class (one of <see cref="ErrorClasses"/>) and a
/// message; for a decision constraint also the slot, cell and UE.
/// </summary>
public sealed class ExchangeFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ExchangeFormatException(string file, string path, string errorClass, string detail,
        int? slot = null, int? cell = null, int? ue = null, Exception? inner = null)
        : base($"{file}: {(path.Length == 0 ? "(document)" : path)}: {errorClass}: {detail}", inner)
    {
        File = file;
        JsonPath = path;
        ErrorClass = errorClass;
        Detail = detail;
        Slot = slot;
        Cell = cell;
        Ue = ue;
    }

    /// <summary>File the data came from.</summary>
    public string File { get; }

    /// <summary>JSON path of the offending value (empty for the whole document).</summary>
    public string JsonPath { get; }

    /// <summary>Error class: a SPEC section 4 constraint name, <c>shape</c> or <c>format</c>.</summary>
    public string ErrorClass { get; }

    /// <summary>Human-readable description of the problem.</summary>
    public string Detail { get; }

    /// <summary>Slot of a decision violation.</summary>
    public int? Slot { get; }

    /// <summary>Cell (SBS index) of a decision violation.</summary>
    public int? Cell { get; }

    /// <summary>UE (index into the scenario's <c>ues</c>) of a decision violation.</summary>
    public int? Ue { get; }
}
