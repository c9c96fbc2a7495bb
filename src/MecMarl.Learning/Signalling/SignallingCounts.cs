namespace MecMarl.Learning.Signalling;

/// <summary>
/// The signalling of one scheme in one run, tallied from its <see cref="SignallingFlow"/>s
/// (docs/overhead.md): per SBS, the training bytes of the whole run and the execution bytes per
/// slot, each split into uplink (sent by the SBS) and downlink (received by it). System values sum
/// over the SBSs; per-slot training values divide the run's bytes by its training slots.
/// </summary>
public sealed class SignallingCounts
{
    private readonly long[] _trainingUp, _trainingDown;
    private readonly double[] _executionUp, _executionDown;

    private SignallingCounts(int sbs, long trainingSlots)
    {
        _trainingUp = new long[sbs];
        _trainingDown = new long[sbs];
        _executionUp = new double[sbs];
        _executionDown = new double[sbs];
        TrainingSlots = trainingSlots;
    }

    /// <summary>
    /// Tallies <paramref name="flows"/> among <paramref name="sbs"/> SBSs with <paramref name="encoder"/>:
    /// training flows over <paramref name="episodes"/> training episodes of <paramref name="slotsPerEpisode"/>
    /// slots, execution flows per slot. Computed once per run; nothing here runs per slot.
    /// </summary>
    public static SignallingCounts Tally(int sbs, IEnumerable<SignallingFlow> flows, MessageEncoder encoder, int episodes, int slotsPerEpisode)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sbs);
        ArgumentNullException.ThrowIfNull(flows);
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentOutOfRangeException.ThrowIfNegative(episodes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slotsPerEpisode);
        var counts = new SignallingCounts(sbs, (long)episodes * slotsPerEpisode);
        foreach (SignallingFlow f in flows)
        {
            if (f.From < SignallingFlow.Central || f.From >= sbs || f.To < SignallingFlow.Central || f.To >= sbs || f.From == f.To)
            {
                throw new ArgumentException($"Flow {f} does not join two nodes of {sbs} SBSs and the central node.", nameof(flows));
            }
            long bytes = encoder.EncodedBytes(f.Message);
            if (f.Phase == SignallingPhase.Training)
            {
                long total = checked(bytes * f.Schedule.Sends(episodes, slotsPerEpisode));
                Add(counts._trainingUp, f.From, total);
                Add(counts._trainingDown, f.To, total);
            }
            else
            {
                double perSlot = bytes * f.Schedule.SendsPerSlot(slotsPerEpisode);
                if (f.From >= 0)
                {
                    counts._executionUp[f.From] += perSlot;
                }
                if (f.To >= 0)
                {
                    counts._executionDown[f.To] += perSlot;
                }
            }
        }
        return counts;
    }

    private static void Add(long[] perSbs, int node, long bytes)
    {
        if (node >= 0)
        {
            perSbs[node] = checked(perSbs[node] + bytes);
        }
    }

    /// <summary>Number of SBSs.</summary>
    public int SbsCount => _trainingUp.Length;

    /// <summary>Training slots of the run (episodes times slots per episode).</summary>
    public long TrainingSlots { get; }

    /// <summary>Bytes SBS m sends during training, whole run.</summary>
    public IReadOnlyList<long> TrainingUplinkBytes => _trainingUp;

    /// <summary>Bytes SBS m receives during training, whole run.</summary>
    public IReadOnlyList<long> TrainingDownlinkBytes => _trainingDown;

    /// <summary>Bytes SBS m sends per execution slot (long-run mean).</summary>
    public IReadOnlyList<double> ExecutionUplinkBytesPerSlot => _executionUp;

    /// <summary>Bytes SBS m receives per execution slot (long-run mean).</summary>
    public IReadOnlyList<double> ExecutionDownlinkBytesPerSlot => _executionDown;

    /// <summary>Training bytes of the run, all SBSs, uplink plus downlink.</summary>
    public long TrainingBytesTotal => _trainingUp.Sum() + _trainingDown.Sum();

    /// <summary>Training uplink bytes per training slot, summed over the SBSs (0 without training slots).</summary>
    public double TrainingUplinkPerSlot => PerSlot(_trainingUp.Sum());

    /// <summary>Training downlink bytes per training slot, summed over the SBSs.</summary>
    public double TrainingDownlinkPerSlot => PerSlot(_trainingDown.Sum());

    /// <summary>Training bytes per training slot, uplink plus downlink, all SBSs.</summary>
    public double TrainingBytesPerSlot => TrainingUplinkPerSlot + TrainingDownlinkPerSlot;

    /// <summary>Execution uplink bytes per slot, summed over the SBSs.</summary>
    public double ExecutionUplinkPerSlot => _executionUp.Sum();

    /// <summary>Execution downlink bytes per slot, summed over the SBSs.</summary>
    public double ExecutionDownlinkPerSlot => _executionDown.Sum();

    private double PerSlot(long bytes) => TrainingSlots == 0 ? 0 : (double)bytes / TrainingSlots;
}
