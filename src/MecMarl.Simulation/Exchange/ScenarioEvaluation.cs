namespace MecMarl.Simulation;

/// <summary>
/// File-level operations on a scenario: evaluating decisions (scenario + decisions -> results) and
/// decoding actions (scenario + actions -> decisions + observations), as SPEC 10 describes them.
/// </summary>
public static class ScenarioEvaluation
{
    /// <summary>
    /// Validates and evaluates decisions on every slot of <paramref name="scenario"/>. Invalid
    /// decisions throw <see cref="ExchangeFormatException"/> (first violation; file label <paramref name="file"/>).
    /// </summary>
    public static SlotResult[] Evaluate(Scenario scenario, IReadOnlyList<SlotDecisions> decisions, string file = "<decisions>")
    {
        ScenarioLayout l = scenario.Layout;
        if (decisions.Count != scenario.Slots.Count)
        {
            throw new ExchangeFormatException(file, "slots", ErrorClasses.Shape,
                $"expected {scenario.Slots.Count} slots (one per scenario slot), found {decisions.Count}");
        }
        if (DecisionValidator.FindFirst(l, decisions) is { } v)
        {
            throw v.ToException(file);
        }
        var evaluator = new SlotEvaluator(l);
        var results = new SlotResult[decisions.Count];
        for (int t = 0; t < results.Length; t++)
        {
            results[t] = new SlotResult(l.UeCount, l.SbsCount);
            evaluator.Evaluate(scenario.Slots[t].Gains, scenario.Slots[t].Tasks, decisions[t], results[t]);
        }
        return results;
    }

    /// <summary>
    /// Decodes an actions file's data slot by slot with <paramref name="decoder"/> (default: the SPEC 7
    /// greedy decoder with default constants) and builds the observation each agent sees: slot t's
    /// interference features come from slot t-1's decoded decisions (zeros at slot 0); task maxima
    /// from the default task ranges and the slowest UE CPU (SPEC 10).
    /// </summary>
    /// <returns>The decisions of every slot and the observations [slot][agent][i].</returns>
    public static (SlotDecisions[] Decisions, double[][][] Observations) DecodeActions(Scenario scenario,
        IReadOnlyList<IReadOnlyList<double[]>> actions, IActionDecoder? decoder = null)
    {
        ScenarioLayout l = scenario.Layout;
        if (actions.Count != scenario.Slots.Count)
        {
            throw new ArgumentException($"expected {scenario.Slots.Count} action slots, found {actions.Count}", nameof(actions));
        }
        decoder ??= new GreedyActionDecoder(l, new EnvironmentConfig());
        ObservationNormalization norm = ObservationNormalization.ForScenarioFile(l);
        var evaluator = new SlotEvaluator(l);
        var result = new SlotResult(l.UeCount, l.SbsCount);
        var decisions = new SlotDecisions[actions.Count];
        var observations = new double[actions.Count][][];
        double[] previous = new double[l.SbsCount * l.Channels];
        int[] previousChannels = new int[l.UeCount];
        Array.Fill(previousChannels, SlotDecisions.NoChannel);
        for (int t = 0; t < actions.Count; t++)
        {
            ScenarioSlot slot = scenario.Slots[t];
            observations[t] = new double[l.SbsCount][];
            decisions[t] = new SlotDecisions(l.UeCount);
            decoder.BeginSlotWithHistory(slot.Gains, slot.Tasks, previous, previousChannels);
            for (int m = 0; m < l.SbsCount; m++)
            {
                observations[t][m] = new double[ObservationBuilder.Size(l, m)];
                ObservationBuilder.Build(l, norm, m, slot.Gains, slot.Tasks, previous, observations[t][m]);
                decoder.Decode(m, actions[t][m], decisions[t]);
            }
            evaluator.Evaluate(slot.Gains, slot.Tasks, decisions[t], result);
            previous = evaluator.InterferenceW.ToArray();
            decisions[t].TransmitChannels(previousChannels);
        }
        return (decisions, observations);
    }
}
