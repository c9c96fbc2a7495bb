namespace MecMarl.Simulation;

/// <summary>
/// The first violated constraint of a set of decisions (SPEC 4), as the independent implementation
/// reports it: <c>{"constraint", "slot", "cell", "ue", "message"}</c>.
/// </summary>
/// <param name="Constraint">Error class (see <see cref="ErrorClasses"/>).</param>
/// <param name="Slot">Slot index.</param>
/// <param name="Cell">Serving SBS of the UE.</param>
/// <param name="Ue">UE index into the scenario's <c>ues</c>.</param>
/// <param name="Field">Decision field at fault (<c>alpha</c>, <c>channel</c>, <c>powerW</c> or <c>share</c>).</param>
/// <param name="Message">One-line description, e.g. <c>invalid decisions: slot 0, cell 1, UE 5: share_sum: ...</c>.</param>
public sealed record DecisionViolation(string Constraint, int Slot, int Cell, int Ue, string Field, string Message)
{
    /// <summary>JSON path of the field in a decisions file, e.g. <c>slots[0].ues[5].share</c>.</summary>
    public string JsonPath => $"slots[{Slot}].ues[{Ue}].{Field}";

    /// <summary>The violation as an exception naming <paramref name="file"/>.</summary>
    public ExchangeFormatException ToException(string file) =>
        new(file, JsonPath, Constraint, Message, Slot, Cell, Ue);
}
