namespace MecMarl.Experiments;

/// <summary>Choices for drawing the figures of <c>reproduce</c>.</summary>
public sealed record FigureOptions
{
    /// <summary>
    /// Fig. 4 leaves out the reference line of a fixed scheme whose evaluation reward lies far below
    /// the learned curves (more than their whole range below their lowest point), which would squash
    /// the curves; the caption names it. Default on.
    /// </summary>
    public bool OmitFarFixedInFig4 { get; init; } = true;

    /// <summary>
    /// Trailing moving-average window (episodes) for the training curves of Figs. 4-5; 1 draws the raw
    /// curves only. Above 1 the raw mean curve stays, faint, under the smoothed one. The CSV files keep the raw data.
    /// </summary>
    public int SmoothEpisodes { get; init; } = 1;

    /// <summary>The defaults.</summary>
    public static FigureOptions Default { get; } = new();
}
