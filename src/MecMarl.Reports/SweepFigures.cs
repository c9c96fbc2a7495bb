using MecMarl.Experiments;
using ScottPlot;

namespace MecMarl.Reports;

/// <summary>
/// The figures of <c>mecmarl sweep</c> (PNG and SVG each): total energy per UE per slot, deadlines
/// met, system reward per episode (SPEC 9) and training wall time, each against the first varied
/// value, one line per scheme (and per value of a second varied path), with a band for the 95%
/// interval over seeds when there are several. Their data are <c>sweep_summary.csv</c>.
/// </summary>
public static class SweepFigures
{
    private static readonly (string File, int Metric, string Title, string YLabel)[] Specs =
    [
        ("sweep_energy", 0, "Total energy per UE per slot (evaluation)", "energy (J per UE per slot)"),
        ("sweep_deadlines", 3, "Deadlines met (evaluation)", "deadlines met (%)"),
        ("sweep_reward", 4, "System reward per episode (evaluation)", "system reward per episode"),
        ("sweep_train_time", 6, "Training wall time per run", "training wall time (s)"),
    ];

    /// <summary>Writes the four figures into <paramref name="directory"/>; returns the files written.</summary>
    public static IReadOnlyList<string> WriteAll(Sweep sweep, IReadOnlyList<SweepSummary> summary, string directory)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        ArgumentNullException.ThrowIfNull(summary);
        var files = new List<string>();
        SweepAxis x = sweep.Axes[0];
        bool numeric = x.Values.All(v => SweepAxis.Numeric(v) is not null);
        double XOf(string value) => numeric ? SweepAxis.Numeric(value)!.Value : IndexOf(x.Values, value);
        IReadOnlyList<string> second = sweep.Axes.Count > 1 ? sweep.Axes[1].Values : [""];
        foreach (var spec in Specs)
        {
            var plot = new Plot();
            int series = 0;
            // Energy spans decades when local computing is in the grid (about 1.5 J against 0.02 J): then a log axis.
            double[] all = [.. summary.Where(r => r.Values[spec.Metric] is not null).Select(r => r.Values[spec.Metric]!.Value.Mean)];
            bool log = spec.Metric == 0 && all.Length > 0 && all.Min() > 0 && all.Max() / all.Min() > 20;
            double Y(double v) => log ? Math.Log10(Math.Max(v, all.Min() / 10)) : v;
            for (int s = 0; s < sweep.Schemes.Count; s++)
            {
                for (int k = 0; k < second.Count; k++)
                {
                    string scheme = sweep.Schemes[s];
                    var items = summary
                        .Where(r => r.Scheme == scheme && (sweep.Axes.Count == 1 || r.Point.Values[1] == second[k]) && r.Values[spec.Metric] is not null)
                        .OrderBy(r => XOf(r.Point.Values[0]))
                        .ToList();
                    if (items.Count == 0)
                    {
                        continue;
                    }
                    double[] xs = [.. items.Select(r => XOf(r.Point.Values[0]))];
                    double[] means = [.. items.Select(r => r.Values[spec.Metric]!.Value.Mean)];
                    double[] ys = [.. means.Select(Y)];
                    // Colour by scheme; with a second varied path, its values as line patterns.
                    Color color = Figures.ColorOf(s);
                    if (items.Any(r => r.Values[spec.Metric]!.Value.Count > 1))
                    {
                        double[] ci = [.. items.Select(r => r.Values[spec.Metric]!.Value.Ci95)];
                        var band = plot.Add.FillY(xs, [.. means.Select((m, i) => Y(m - ci[i]))], [.. means.Select((m, i) => Y(m + ci[i]))]);
                        band.FillColor = color.WithAlpha(0.2);
                        band.LineColor = Colors.Transparent;
                    }
                    var line = plot.Add.Scatter(xs, ys, color);
                    line.LineWidth = 2;
                    line.MarkerSize = 7;
                    line.LinePattern = sweep.Axes.Count > 1 ? Figures.PatternOf(k * 10) : LinePattern.Solid;
                    line.LegendText = sweep.Axes.Count > 1
                        ? $"{SchemeIds.DisplayName(scheme)}, {Leaf(sweep.Axes[1].Path)}={second[k]}"
                        : SchemeIds.DisplayName(scheme);
                    series++;
                }
            }
            if (!numeric)
            {
                plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                    [.. x.Values.Select((v, i) => new Tick(i, v))]);
            }
            else if (x.Values.Count <= 15)
            {
                // Ticks exactly at the grid's values.
                plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                    [.. x.Values.Select(v => new Tick(SweepAxis.Numeric(v)!.Value, v))]);
            }
            else if (x.Values.All(v => SweepAxis.Numeric(v) is { } d && d == Math.Round(d)))
            {
                plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
            }
            if (log)
            {
                plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
                {
                    LabelFormatter = y => Math.Pow(10, y).ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
                    MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                    IntegerTicksOnly = true,
                };
            }
            plot.Title(log ? spec.Title.Replace("(evaluation)", "(evaluation, log scale)", StringComparison.Ordinal) : spec.Title);
            plot.XLabel(x.Path);
            plot.YLabel(spec.YLabel);
            if (series > 0)
            {
                plot.ShowLegend(Edge.Right);
            }
            files.AddRange(Figures.SaveImages(plot, directory, spec.File, 900, 550));
        }
        return files;
    }

    private static string Leaf(string path) => path[(path.LastIndexOf('.') + 1)..];

    private static double IndexOf(IReadOnlyList<string> values, string value)
    {
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] == value)
            {
                return i;
            }
        }
        return double.NaN;
    }
}
