using System.Globalization;
using System.Text;
using MecMarl.Experiments;
using ScottPlot;

namespace MecMarl.Reports;

/// <summary>
/// The paper's Figs. 4-7 (SPEC 9) drawn from a <see cref="Report"/>, each as a PNG and its data
/// as a CSV beside it. Curves are means over training seeds; with several seeds a band (Figs. 4-5)
/// or error bars (Figs. 6-7) show the 95% interval of the mean.
/// </summary>
public static class Figures
{
    private const int Width = 1000;
    private const int Height = 600;

    private static readonly Color[] Palette =
    [
        Color.FromHex("#1f77b4"), Color.FromHex("#d62728"), Color.FromHex("#2ca02c"),
        Color.FromHex("#ff7f0e"), Color.FromHex("#9467bd"), Color.FromHex("#8c564b"),
        Color.FromHex("#e377c2"), Color.FromHex("#7f7f7f"), Color.FromHex("#bcbd22"), Color.FromHex("#17becf"),
    ];

    /// <summary>Writes fig4..fig7 (.png and .csv) into <paramref name="directory"/>; returns the files written.</summary>
    public static IReadOnlyList<string> WriteAll(Report report, string directory)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        files.AddRange(Fig4(report, directory));
        files.AddRange(Fig5(report, directory));
        files.AddRange(Fig6(report, directory));
        files.AddRange(Fig7(report, directory));
        return files;
    }

    /// <summary>Fig. 4: system reward per training episode per learning scheme, fixed schemes as horizontal reference lines.</summary>
    public static IReadOnlyList<string> Fig4(Report report, string directory)
    {
        var plot = new Plot();
        var csv = new StringBuilder("scheme,episode,mean,ci95,n\n");
        int color = 0;
        foreach (string scheme in report.TrainedSchemes)
        {
            var curve = report.Curve(scheme, e => e.SystemReward);
            AddCurve(plot, curve, SchemeIds.DisplayName(scheme), Palette[color++ % Palette.Length]);
            foreach (var (ep, v) in curve)
            {
                csv.Append(scheme).Append(',').Append(ep).Append(',').Append(N(v.Mean)).Append(',').Append(N(v.Ci95)).Append(',').Append(v.Count).Append('\n');
            }
        }
        foreach (string scheme in report.Schemes.Where(s => !report.TrainedSchemes.Contains(s)))
        {
            var m = report.Metric(scheme, e => e.SystemReward);
            var line = plot.Add.HorizontalLine(m.Mean, 2, Palette[color++ % Palette.Length], LinePattern.Dashed);
            line.LegendText = $"{SchemeIds.DisplayName(scheme)} (evaluation)";
            csv.Append(scheme).Append(",,").Append(N(m.Mean)).Append(',').Append(N(m.Ci95)).Append(',').Append(m.Count).Append('\n');
        }
        plot.Title("Fig. 4: system reward per training episode");
        plot.XLabel("training episode");
        plot.YLabel("system reward per episode");
        plot.ShowLegend(Alignment.LowerRight);
        return Save(plot, csv, directory, "fig4_system_reward");
    }

    /// <summary>Fig. 5: local reward of each agent per training episode, one panel per learning scheme.</summary>
    public static IReadOnlyList<string> Fig5(Report report, string directory)
    {
        var schemes = report.TrainedSchemes;
        var csv = new StringBuilder("scheme,agent,episode,mean,ci95,n\n");
        var multiplot = new Multiplot();
        if (schemes.Count > 0)
        {
            multiplot.Subplots.RemoveAt(0); // a new Multiplot holds one empty plot
        }
        foreach (string scheme in schemes)
        {
            var plot = new Plot();
            int agents = report.Episodes.First(e => e.Scheme == scheme).AgentRewards.Length;
            for (int m = 0; m < agents; m++)
            {
                int agent = m;
                var curve = report.Curve(scheme, e => e.AgentRewards[agent]);
                AddCurve(plot, curve, $"SBS {m + 1}", Palette[m % Palette.Length]);
                foreach (var (ep, v) in curve)
                {
                    csv.Append(scheme).Append(',').Append(m).Append(',').Append(ep).Append(',').Append(N(v.Mean)).Append(',').Append(N(v.Ci95)).Append(',').Append(v.Count).Append('\n');
                }
            }
            plot.Title($"Fig. 5: {SchemeIds.DisplayName(scheme)}: local reward per agent");
            plot.XLabel("training episode");
            plot.YLabel("local reward per episode");
            plot.ShowLegend(Alignment.LowerRight);
            multiplot.AddPlot(plot);
        }
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        string png = Path.Combine(directory, "fig5_agent_rewards.png");
        string csvPath = Path.ChangeExtension(png, ".csv");
        int width = Math.Max(1, multiplot.Subplots.Count) * 700;
        AtomicFile.Write(png, s => s.Write(multiplot.Render(width, Height).GetImageBytes(ImageFormat.Png)));
        AtomicFile.WriteAllText(csvPath, csv.ToString());
        return [png, csvPath];
    }

    /// <summary>
    /// Fig. 6: energy per UE per slot in evaluation (local, edge, total) per scheme, on a log scale so
    /// that local computing (tens of times the others under SPEC's constants) does not flatten the rest.
    /// </summary>
    public static IReadOnlyList<string> Fig6(Report report, string directory)
    {
        var plot = new Plot();
        var csv = new StringBuilder("scheme,part,mean,ci95,n\n");
        (string Part, Func<EvaluationResult, double> F, Color C)[] parts =
        [
            ("local", e => e.LocalEnergyJ, Palette[0]),
            ("edge", e => e.EdgeEnergyJ, Palette[1]),
            ("total", e => e.TotalEnergyJ, Palette[2]),
        ];
        var schemes = report.Schemes;
        double floor = double.PositiveInfinity;
        foreach (string s in schemes)
        {
            foreach (var p in parts)
            {
                double v = report.Metric(s, p.F).Mean;
                if (v > 0)
                {
                    floor = Math.Min(floor, v);
                }
            }
        }
        // Zero energies (e.g. no local part under full offloading) sit on the axis floor.
        double logFloor = double.IsInfinity(floor) ? -3 : Math.Floor(Math.Log10(floor)) - 1;
        var bars = new List<Bar>();
        var intervals = new List<(double X, double Lo, double Hi)>();
        for (int i = 0; i < schemes.Count; i++)
        {
            for (int j = 0; j < parts.Length; j++)
            {
                var m = report.Metric(schemes[i], parts[j].F);
                csv.Append(schemes[i]).Append(',').Append(parts[j].Part).Append(',').Append(N(m.Mean)).Append(',').Append(N(m.Ci95)).Append(',').Append(m.Count).Append('\n');
                double top = m.Mean > 0 ? Math.Log10(m.Mean) : logFloor;
                var bar = new Bar
                {
                    Position = i * (parts.Length + 1) + j,
                    Value = top,
                    ValueBase = logFloor,
                    FillColor = parts[j].C,
                };
                if (m.Count > 1 && m.Mean > 0)
                {
                    // The interval is asymmetric on a log axis: draw it as a segment with caps.
                    double lo = Math.Log10(Math.Max(m.Mean - m.Ci95, Math.Pow(10, logFloor)));
                    double hi = Math.Log10(m.Mean + m.Ci95);
                    intervals.Add((bar.Position, lo, hi));
                }
                bars.Add(bar);
            }
        }
        plot.Add.Bars(bars);
        foreach (var (x, lo, hi) in intervals)
        {
            plot.Add.Line(x, lo, x, hi).Color = Colors.Black;
            plot.Add.Line(x - 0.2, lo, x + 0.2, lo).Color = Colors.Black;
            plot.Add.Line(x - 0.2, hi, x + 0.2, hi).Color = Colors.Black;
        }
        var ticks = schemes.Select((s, i) => new Tick(i * (parts.Length + 1) + 1, SchemeIds.DisplayName(s))).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = y => Math.Pow(10, y).ToString("G3", CultureInfo.InvariantCulture),
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
        };
        plot.Legend.ManualItems.AddRange(parts.Select(p => new LegendItem { LabelText = p.Part, FillColor = p.C }));
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.Margins(bottom: 0);
        plot.Title("Fig. 6: energy per UE per slot (evaluation, log scale)");
        plot.YLabel("energy (J per UE per slot)");
        return Save(plot, csv, directory, "fig6_energy");
    }

    /// <summary>Fig. 7: latency-guaranteed percentage per scheme in evaluation.</summary>
    public static IReadOnlyList<string> Fig7(Report report, string directory)
    {
        var plot = new Plot();
        var csv = new StringBuilder("scheme,mean,ci95,n\n");
        var schemes = report.Schemes;
        var bars = new List<Bar>();
        for (int i = 0; i < schemes.Count; i++)
        {
            var m = report.Metric(schemes[i], e => e.LatencyMetPct);
            csv.Append(schemes[i]).Append(',').Append(N(m.Mean)).Append(',').Append(N(m.Ci95)).Append(',').Append(m.Count).Append('\n');
            var bar = new Bar
            {
                Position = i,
                Value = m.Mean,
                FillColor = Palette[i % Palette.Length],
                Label = m.Mean.ToString("F1", CultureInfo.InvariantCulture),
            };
            if (m.Count > 1)
            {
                bar.Error = m.Ci95;
            }
            bars.Add(bar);
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 14;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            schemes.Select((s, i) => new Tick(i, SchemeIds.DisplayName(s))).ToArray());
        plot.Axes.SetLimitsY(0, 105);
        plot.Title("Fig. 7: latency-guaranteed percentage (evaluation)");
        plot.YLabel("deadlines met (%)");
        return Save(plot, csv, directory, "fig7_latency");
    }

    private static void AddCurve(Plot plot, IReadOnlyList<(int Episode, MeanCi Value)> curve, string label, Color color)
    {
        if (curve.Count == 0)
        {
            return;
        }
        double[] xs = curve.Select(c => (double)c.Episode).ToArray();
        double[] ys = curve.Select(c => c.Value.Mean).ToArray();
        if (curve.Any(c => c.Value.Count > 1))
        {
            var band = plot.Add.FillY(xs, ys.Select((y, i) => y - curve[i].Value.Ci95).ToArray(), ys.Select((y, i) => y + curve[i].Value.Ci95).ToArray());
            band.FillColor = color.WithAlpha(0.2);
            band.LineColor = Colors.Transparent;
        }
        var line = plot.Add.Scatter(xs, ys, color);
        line.MarkerSize = 0;
        line.LineWidth = 2;
        line.LegendText = label;
    }

    private static IReadOnlyList<string> Save(Plot plot, StringBuilder csv, string directory, string name)
    {
        string png = Path.Combine(directory, name + ".png");
        string csvPath = Path.Combine(directory, name + ".csv");
        AtomicFile.Write(png, s => s.Write(plot.GetImageBytes(Width, Height, ImageFormat.Png)));
        AtomicFile.WriteAllText(csvPath, csv.ToString());
        return [png, csvPath];
    }

    private static string N(double v) => EpisodeCsv.Num(v);
}
