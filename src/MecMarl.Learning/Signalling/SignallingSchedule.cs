namespace MecMarl.Learning.Signalling;

/// <summary>How often a flow's message is sent within a phase.</summary>
public abstract record SignallingSchedule
{
    /// <summary>Every slot.</summary>
    public static SignallingSchedule EverySlot { get; } = new Slots();

    /// <summary>Once at the end of every episode.</summary>
    public static SignallingSchedule EveryEpisode { get; } = new Episodes(1);

    /// <summary>Once after every <paramref name="period"/>-th episode (a FedAvg round of <see cref="FedAvgAggregation.PeriodEpisodes"/>).</summary>
    public static SignallingSchedule EveryEpisodes(int period) => new Episodes(period);

    /// <summary>Once after every <paramref name="period"/>-th training slot (a round of <see cref="FedAvgAggregation.PeriodSlots"/>).</summary>
    public static SignallingSchedule EverySlots(int period) => new SlotPeriod(period);

    /// <summary>
    /// The rounds of <paramref name="rounds"/> that are (<paramref name="macro"/>) or are not multiples
    /// of <paramref name="every"/>: a hierarchical scheme's macro-BS rounds and its cluster rounds
    /// (<see cref="FedAvgAggregation.GlobalEveryRounds"/>).
    /// </summary>
    public static SignallingSchedule RoundsOf(SignallingSchedule rounds, int every, bool macro) => new EveryKth(rounds, every, macro);

    /// <summary>
    /// The sends of <paramref name="inner"/> by one SBS that takes part in <paramref name="count"/> of
    /// every <paramref name="of"/> rounds on average (partial participation, <see cref="FedAvgAggregation.Participation"/>):
    /// the expected count, rounded down over a run, and exact per slot.
    /// </summary>
    public static SignallingSchedule Fraction(SignallingSchedule inner, int count, int of) => new Part(inner, count, of);

    /// <summary>Once per layout (the large-scale gains), i.e. once per run, which adds nothing per slot in the long run.</summary>
    public static SignallingSchedule OncePerLayout { get; } = new Once();

    /// <summary>Sends in a phase of <paramref name="episodes"/> episodes of <paramref name="slotsPerEpisode"/> slots.</summary>
    public abstract long Sends(int episodes, int slotsPerEpisode);

    /// <summary>Sends per slot in the long run (for execution: <see cref="OncePerLayout"/> gives 0).</summary>
    public abstract double SendsPerSlot(int slotsPerEpisode);

    private sealed record Slots : SignallingSchedule
    {
        public override long Sends(int episodes, int slotsPerEpisode) => (long)episodes * slotsPerEpisode;

        public override double SendsPerSlot(int slotsPerEpisode) => 1;
    }

    private sealed record Episodes(int Period) : SignallingSchedule
    {
        public override long Sends(int episodes, int slotsPerEpisode) => episodes / Period;

        public override double SendsPerSlot(int slotsPerEpisode) => 1.0 / ((double)Period * slotsPerEpisode);
    }

    private sealed record SlotPeriod(int Period) : SignallingSchedule
    {
        public override long Sends(int episodes, int slotsPerEpisode) => (long)episodes * slotsPerEpisode / Period;

        public override double SendsPerSlot(int slotsPerEpisode) => 1.0 / Period;
    }

    private sealed record EveryKth(SignallingSchedule Rounds, int Every, bool Macro) : SignallingSchedule
    {
        public override long Sends(int episodes, int slotsPerEpisode)
        {
            long all = Rounds.Sends(episodes, slotsPerEpisode);
            return Macro ? all / Every : all - all / Every;
        }

        public override double SendsPerSlot(int slotsPerEpisode) =>
            Rounds.SendsPerSlot(slotsPerEpisode) * (Macro ? 1.0 / Every : 1 - 1.0 / Every);
    }

    private sealed record Part(SignallingSchedule Inner, int Count, int Of) : SignallingSchedule
    {
        public override long Sends(int episodes, int slotsPerEpisode) => Inner.Sends(episodes, slotsPerEpisode) * Count / Of;

        public override double SendsPerSlot(int slotsPerEpisode) => Inner.SendsPerSlot(slotsPerEpisode) * Count / Of;
    }

    private sealed record Once : SignallingSchedule
    {
        public override long Sends(int episodes, int slotsPerEpisode) => 1;

        public override double SendsPerSlot(int slotsPerEpisode) => 0;
    }
}
