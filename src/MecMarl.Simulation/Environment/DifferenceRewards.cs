namespace MecMarl.Simulation;

/// <summary>
/// Difference rewards (counterfactual credit, Wolpert and Tumer): agent m's reward for a slot is the
/// slot's system reward R^Co (eq. 12) minus the system reward of the same slot (its gains, fading
/// and tasks) with cell m's decisions replaced by those the decoder makes of the centre action
/// (every entry 1/2; through the heuristic decoder, the heuristic's own plan for the cell) and the
/// other cells' decisions kept; in-slot power control, when on, runs on that slot too. What an
/// agent's action changes for the whole network, with the other agents' exploration cancelled out.
/// A step may give other counterfactual actions instead of the centre (a PPO policy's mean actions:
/// <see cref="MecEnvironment.SetDifferenceCounterfactual"/>).
/// Per UE (<see cref="ComputePerUe"/>): UE i of cell m is credited with the system reward minus that of the
/// same slot with only UE i's entries of cell m's action replaced by the counterfactual's (the cell decoded
/// again from that action, every other cell's decisions kept).
/// An extension of SPEC 5's rewards for training only (docs/dense.md, "Difference rewards"); it needs
/// every gain of the slot at the learner, as a centralized critic does.
/// </summary>
internal sealed class DifferenceRewards
{
    private readonly ScenarioLayout _layout;
    private readonly SlotDecisions _decided;
    private readonly SlotDecisions _counterfactual;
    private readonly SlotResult _result;
    private readonly SlotEvaluator _evaluator;
    private readonly double[] _gains;
    private readonly GainRef[] _refs;
    private readonly double[] _values;
    private readonly bool[] _drawn;
    private readonly double[][] _centre;
    private readonly double[][] _given;
    private readonly double[][] _taken;

    /// <param name="layout">The environment's layout.</param>
    /// <param name="actionSizes">The action length of every agent.</param>
    public DifferenceRewards(ScenarioLayout layout, IReadOnlyList<int> actionSizes)
    {
        _layout = layout;
        _decided = new SlotDecisions(layout.UeCount);
        _counterfactual = new SlotDecisions(layout.UeCount);
        _result = new SlotResult(layout.UeCount, layout.SbsCount);
        _evaluator = new SlotEvaluator(layout);
        _gains = new double[layout.GainCount];
        _refs = new GainRef[layout.UeCount * Math.Max(layout.SbsCount - 1, 1)];
        _values = new double[_refs.Length];
        _drawn = new bool[layout.UeCount * layout.Channels];
        _centre = [.. actionSizes.Select(n => Enumerable.Repeat(0.5, n).ToArray())];
        _given = [.. actionSizes.Select(n => new double[n])];
        _taken = [.. actionSizes.Select(n => new double[n])];
    }

    /// <summary>Keeps the slot's actions as the agents gave them (what <see cref="ComputePerUe"/> starts from).</summary>
    public void KeepActions(IReadOnlyList<float[]> actions)
    {
        for (int m = 0; m < _taken.Length; m++)
        {
            for (int i = 0; i < _taken[m].Length; i++)
            {
                _taken[m][i] = actions[m][i];
            }
        }
    }

    /// <summary>Keeps the slot's decisions as decoded, before power control changes their powers.</summary>
    public void Keep(SlotDecisions decided) => decided.CopyTo(_decided);

    /// <summary>
    /// Writes every agent's difference reward to <paramref name="destination"/>: <paramref name="system"/>
    /// (the slot's system reward) minus the system reward with the agent's cell at the centre action, or at
    /// its action in <paramref name="counterfactual"/> when that is not null; and to <paramref name="metDestination"/>
    /// the deadlines met in the slot (<paramref name="met"/>) minus those met in that counterfactual slot.
    /// <paramref name="slotResult"/> and <paramref name="slotInterference"/> are the slot's evaluation (its
    /// <see cref="SlotEvaluator.InterferenceW"/>), from which each counterfactual slot is evaluated incrementally
    /// when there is no power control.
    /// </summary>
    public void Compute(int slot, double system, int met, ReadOnlySpan<double> gains, ReadOnlySpan<UeTask> tasks, SlotResult slotResult,
        ReadOnlySpan<double> slotInterference, IActionDecoder decoder, SlotSampler sampler, SlotPowerControl? control,
        IReadOnlyList<float[]>? counterfactual, Span<double> destination, Span<double> metDestination)
    {
        ScenarioLayout l = _layout;
        BeginSlot(gains);
        for (int m = 0; m < l.SbsCount; m++)
        {
            double[] action = _centre[m];
            if (counterfactual is not null)
            {
                action = _given[m];
                for (int i = 0; i < action.Length; i++)
                {
                    action[i] = counterfactual[m][i];
                }
            }
            EvaluateWith(m, action, slot, tasks, slotResult, slotInterference, decoder, sampler, control);
            destination[m] = system - _result.SystemReward;
            metDestination[m] = met - _result.DeadlinesMet();
        }
    }

    // Starts a slot: its gains (copied once per slot), the (UE, channel) pairs whose cross gains the environment drew
    // (the transmitters of the decisions as decoded), and the counterfactual decisions at the slot's.
    private void BeginSlot(ReadOnlySpan<double> gains)
    {
        gains.CopyTo(_gains);
        Array.Clear(_drawn);
        int k = _layout.Channels;
        for (int u = 0; u < _layout.UeCount; u++)
        {
            if (_decided.Alpha[u] > 0)
            {
                _drawn[u * k + _decided.Channel[u]] = true;
            }
        }
        _decided.CopyTo(_counterfactual);
    }

    // Evaluates the slot with cell m decoded from `action` and every other cell's decisions kept (into _result).
    // _gains holds the slot's gains: every other cell's transmitters keep their channels, so their cross gains are the
    // environment's draws; cell m's are drawn on a channel whose gains are not there yet (_drawn), each the same
    // counter-based draw whichever counterfactual asks for it first, so never stale. Without power control only cell
    // m's decisions differ from the slot's, so the slot's evaluation is updated (SlotEvaluator.EvaluateCellChange, the
    // same bits as a full evaluation) and cell m's decisions are put back afterwards; with it every power may change,
    // so the slot is copied, controlled and evaluated in full.
    private void EvaluateWith(int m, double[] action, int slot, ReadOnlySpan<UeTask> tasks, SlotResult slotResult,
        ReadOnlySpan<double> slotInterference, IActionDecoder decoder, SlotSampler sampler, SlotPowerControl? control)
    {
        if (control is not null)
        {
            _decided.CopyTo(_counterfactual);
        }
        decoder.Decode(m, action, _counterfactual);
        sampler.DrawCellTransmitterGains(slot, m, _counterfactual, _drawn, _refs, _values, _gains);
        if (control is not null)
        {
            control.Apply(_layout, _gains, tasks, _counterfactual);
            _evaluator.Evaluate(_gains, tasks, _counterfactual, _result);
            return;
        }
        _evaluator.EvaluateCellChange(_gains, tasks, _decided, slotResult, slotInterference, m, _counterfactual, _result);
        foreach (int u in _layout.CellUes(m))
        {
            _counterfactual.Set(u, _decided.Alpha[u], _decided.Channel[u], _decided.PowerW[u], _decided.Share[u]);
        }
    }

    /// <summary>
    /// Writes every UE's difference reward to <paramref name="destination"/> (agent order, then the UE's place in
    /// its cell, <see cref="ScenarioLayout.CellUes"/>): <paramref name="system"/> minus the system reward of the
    /// slot with the UE's entries of its cell's action (<see cref="KeepActions"/>; the SPEC 7 layout, N_m (3 + K)
    /// entries, UE-major) replaced by those of <paramref name="counterfactual"/> (the centre 1/2 when null); and to
    /// <paramref name="metDestination"/> the deadlines met minus those met in that slot. The environment keeps the
    /// actions of every step while this is on and refuses steps without float actions. <paramref name="slotResult"/>
    /// and <paramref name="slotInterference"/> as for <see cref="Compute"/>.
    /// </summary>
    public void ComputePerUe(int slot, double system, int met, ReadOnlySpan<double> gains, ReadOnlySpan<UeTask> tasks, SlotResult slotResult,
        ReadOnlySpan<double> slotInterference, IActionDecoder decoder, SlotSampler sampler, SlotPowerControl? control,
        IReadOnlyList<float[]>? counterfactual, Span<double> destination, Span<double> metDestination)
    {
        ScenarioLayout l = _layout;
        BeginSlot(gains);
        int at = 0;
        for (int m = 0; m < l.SbsCount; m++)
        {
            int n = l.CellSize(m);
            double[] action = _given[m];
            int stride = n == 0 ? 0 : action.Length / n;
            for (int u = 0; u < n; u++)
            {
                _taken[m].CopyTo(action, 0);
                for (int i = u * stride; i < (u + 1) * stride; i++)
                {
                    action[i] = counterfactual is null ? 0.5 : counterfactual[m][i];
                }
                EvaluateWith(m, action, slot, tasks, slotResult, slotInterference, decoder, sampler, control);
                destination[at] = system - _result.SystemReward;
                metDestination[at] = met - _result.DeadlinesMet();
                at++;
            }
        }
    }
}
