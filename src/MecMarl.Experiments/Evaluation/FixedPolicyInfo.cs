namespace MecMarl.Experiments;

/// <summary>One entry of the registry of fixed policies.</summary>
/// <param name="Id">Id on the command line and in result files.</param>
/// <param name="DisplayName">Name in tables and figures.</param>
/// <param name="Description">One line on what it does.</param>
/// <param name="Kind">How it reaches decisions (which decoder, if any).</param>
/// <param name="IsReference">True for the model-based references, which know more than any agent observes.</param>
public sealed record FixedPolicyInfo(string Id, string DisplayName, string Description, FixedPolicyKind Kind, bool IsReference);
