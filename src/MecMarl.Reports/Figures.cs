using System.Globalization;
using System.Text;
using MecMarl.Experiments;
using ScottPlot;

namespace MecMarl.Reports;

/// <summary>
/// The paper's Figs. 4-7 (SPEC 9) and Fig. 8 (performance against signalling, docs/overhead.md) drawn from a <see cref="Report"/>, each as a PNG and an SVG
/// (ScottPlot has no PDF output) with its data as a CSV beside it. Curves are means over training
/// seeds; with several seeds a band (Figs. 4-5) or error bars (Figs. 6-7) show the 95% interval of
/// the mean. Titles carry no figure number (the file name and the caption in summary.md do, see
/// <see cref="FigureCaptions.Captions"/>); legends sit outside the plot area; episode axes have integer ticks.
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

    /// <summary>Writes fig4..fig7 and, when the report counts signalling, fig8 (.png, .svg and .csv) into <paramref name="directory"/>; returns the files written.</summary>
    public static IReadOnlyList<string> WriteAll(Report report, string directory, FigureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        options ??= FigureOptions.Default;
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        files.AddRange(Fig4(report, directory, options));
        files.AddRange(Fig5(report, directory, options));
        files.AddRange(Fig6(report, directory));
        files.AddRange(Fig7(report, directory));
        files.AddRange(Fig8(report, directory));
        return files;
    }

    /// <summary>Fig. 4: system reward per training episode per learning scheme, fixed schemes as horizontal reference lines.</summary>
    public static IReadOnlyList<string> Fig4(Report report, string directory, FigureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        options ??= FigureOptions.Default;
        var plot = new Plot();
        var csv = new StringBuilder("scheme,episode,mean,ci95,n\n");
        int color = 0;
        foreach (string scheme in report.TrainedSchemes)
        {
            var curve = report.Curve(scheme, e => e.SystemReward);
            AddCurve(plot, curve, SchemeIds.DisplayName(scheme), ColorOf(color), PatternOf(color), options.SmoothEpisodes);
            color++;
            foreach (var (ep, v) in curve)
            {
                csv.Append(scheme).Append(',').Append(ep).Append(',').Append(N(v.Mean)).Append(',').Append(N(v.Ci95)).Append(',').Append(v.Count).Append('\n');
            }
        }
        var omitted = FigureCaptions.Fig4Omitted(report, options).Select(o => o.Scheme).ToHashSet();
        foreach (string scheme in report.Schemes.Where(s => !report.TrainedSchemes.Contains(s)))
        {
            var m = report.Metric(scheme, e => e.SystemReward);
            if (!omitted.Contains(scheme))
            {
                var line = plot.Add.HorizontalLine(m.Mean, 2, ColorOf(color), LinePattern.Dashed);
                line.LegendText = $"{SchemeIds.DisplayName(scheme)} (evaluation)";
            }
            color++;
            csv.Append(scheme).Append(",,").Append(N(m.Mean)).Append(',').Append(N(m.Ci95)).Append(',').Append(m.Count).Append('\n');
        }
        plot.Title("System reward per training episode");
        plot.XLabel("training episode");
        plot.YLabel("system reward per episode");
        IntegerTicks(plot.Axes.Bottom);
        plot.ShowLegend(Edge.Right);
        return Save(plot, csv, directory, "fig4_system_reward");
    }

    /// <summary>Fig. 5: local reward of each agent per training episode, one panel per learning scheme.</summary>
    public static IReadOnlyList<string> Fig5(Report report, string directory, FigureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        options ??= FigureOptions.Default;
        var schemes = report.TrainedSchemes;
        var csv = new StringBuilder("scheme,agent,episode,mean,ci95,n\n");
        var multiplot = new Multiplot();
        var panels = new List<Plot>();
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
                AddCurve(plot, curve, $"SBS {m + 1}", ColorOf(m), PatternOf(m), options.SmoothEpisodes);
                foreach (var (ep, v) in curve)
                {
                    csv.Append(scheme).Append(',').Append(m).Append(',').Append(ep).Append(',').Append(N(v.Mean)).Append(',').Append(N(v.Ci95)).Append(',').Append(v.Count).Append('\n');
                }
            }
            plot.Title($"{SchemeIds.DisplayName(scheme)}: local reward per agent");
            plot.XLabel("training episode");
            plot.YLabel("local reward per episode");
            IntegerTicks(plot.Axes.Bottom);
            plot.ShowLegend(Edge.Right);
            multiplot.AddPlot(plot);
            panels.Add(plot);
        }
        return SavePanels(multiplot, panels, csv, directory, "fig5_agent_rewards", 800);
    }

    // Writes panels side by side (a multiplot of columns) as name.png, name.svg and the CSV as name.csv.
    private static IReadOnlyList<string> SavePanels(Multiplot multiplot, List<Plot> panels, StringBuilder csv, string directory, string name, int panel)
    {
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        string png = Path.Combine(directory, name + ".png");
        string svg = Path.ChangeExtension(png, ".svg");
        string csvPath = Path.ChangeExtension(png, ".csv");
        int width = Math.Max(1, panels.Count) * panel;
        AtomicFile.Write(png, s => s.Write(multiplot.Render(width, Height).GetImageBytes(ImageFormat.Png)));
        // ScottPlot draws a multiplot only as a bitmap: the SVG places each panel's own SVG side by side.
        var doc = new StringBuilder(FormattableString.Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{Height}\" viewBox=\"0 0 {width} {Height}\">\n"));
        for (int i = 0; i < panels.Count; i++)
        {
            string inner = panels[i].GetSvgXml(panel, Height);
            int start = inner.IndexOf("<svg", StringComparison.Ordinal);
            doc.Append(FormattableString.Invariant($"<g transform=\"translate({i * panel},0)\">\n")).Append(inner[start..]).Append("\n</g>\n");
        }
        doc.Append("</svg>\n");
        AtomicFile.WriteAllText(svg, doc.ToString());
        AtomicFile.WriteAllText(csvPath, csv.ToString());
        return [png, svg, csvPath];
    }

    /// <summary>
    /// Fig. 8: performance against signalling. Two panels, deadlines met (%) and total energy per UE per
    /// slot in evaluation, each against the training bytes per training slot (uplink plus downlink, all
    /// SBSs; docs/overhead.md) on a log axis, one point per scheme with its 95% interval over seeds.
    /// A scheme that exchanges no training bytes cannot sit on a log axis: it is drawn in a column
    /// marked "0" one decade left of the smallest non-zero value, beyond a dotted break line, side by
    /// side with the other zero-byte schemes. The energy panel is on a log scale when the energies span
    /// more than a factor of 20 (local computing among the schemes), as in Fig. 6.
    /// Returns no files when the report counts no signalling.
    /// </summary>
    public static IReadOnlyList<string> Fig8(Report report, string directory)
    {
        ArgumentNullException.ThrowIfNull(report);
        var schemes = report.Schemes.Where(report.Signalling.ContainsKey).ToList();
        if (schemes.Count == 0)
        {
            return [];
        }
        double[] bytes = [.. schemes.Select(s => report.TrainingBytesPerSlot(s)!.Value)];
        (double zeroX, double maxX) = Fig8Axis(bytes);
        var csv = new StringBuilder("scheme,trainingBytesPerSlot,latencyMetPct_mean,latencyMetPct_ci95,totalEnergyJ_mean,totalEnergyJ_ci95,n\n");
        for (int i = 0; i < schemes.Count; i++)
        {
            MeanCi met = report.Metric(schemes[i], e => e.LatencyMetPct), energy = report.Metric(schemes[i], e => e.TotalEnergyJ);
            csv.Append(schemes[i]).Append(',').Append(N(bytes[i])).Append(',').Append(N(met.Mean)).Append(',').Append(N(met.Ci95))
               .Append(',').Append(N(energy.Mean)).Append(',').Append(N(energy.Ci95)).Append(',').Append(met.Count).Append('\n');
        }
        (string Title, string YLabel, Func<EvaluationResult, double> F, bool LogIfWide)[] specs =
        [
            ("Deadlines met against training signalling", "deadlines met (%)", e => e.LatencyMetPct, false),
            ("Energy against training signalling", "energy (J per UE per slot)", e => e.TotalEnergyJ, true),
        ];
        // The zero-byte schemes share one column: side by side within it, so that none hides another.
        int zeros = bytes.Count(b => b <= 0);
        double[] xs = new double[schemes.Count];
        for (int i = 0, z = 0; i < schemes.Count; i++)
        {
            xs[i] = bytes[i] > 0 ? Math.Log10(bytes[i]) : zeroX + (zeros > 1 ? 0.6 * z++ / (zeros - 1) - 0.3 : 0);
        }
        var multiplot = new Multiplot();
        multiplot.Subplots.RemoveAt(0); // a new Multiplot holds one empty plot
        var panels = new List<Plot>();
        foreach (var spec in specs)
        {
            var plot = new Plot();
            MeanCi[] values = [.. schemes.Select(s => report.Metric(s, spec.F))];
            // Energy spans decades when local computing is among the schemes: a log axis then, as in Fig. 6.
            bool log = spec.LogIfWide && values.All(v => v.Mean > 0) && values.Max(v => v.Mean) / values.Min(v => v.Mean) > 20;
            double Y(double v) => log ? Math.Log10(Math.Max(v, values.Min(x => x.Mean) / 10)) : v;
            for (int i = 0; i < schemes.Count; i++)
            {
                MeanCi m = values[i];
                double x = xs[i];
                var point = plot.Add.Scatter(new[] { x }, new[] { Y(m.Mean) }, ColorOf(i));
                point.LineWidth = 0;
                point.MarkerSize = 12;
                point.MarkerShape = MarkerShapes[i / Palette.Length % MarkerShapes.Length];
                point.LegendText = SchemeIds.DisplayName(schemes[i]);
                if (m.Count > 1)
                {
                    double lo = Y(m.Mean - m.Ci95), hi = Y(m.Mean + m.Ci95);
                    plot.Add.Line(x, lo, x, hi).Color = ColorOf(i);
                    plot.Add.Line(x - 0.05, lo, x + 0.05, lo).Color = ColorOf(i);
                    plot.Add.Line(x - 0.05, hi, x + 0.05, hi).Color = ColorOf(i);
                }
            }
            if (log)
            {
                plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
                {
                    LabelFormatter = y => Math.Pow(10, y).ToString("G3", CultureInfo.InvariantCulture),
                    MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                    IntegerTicksOnly = true,
                };
            }
            var gap = plot.Add.VerticalLine(zeroX + 0.5, 1, Colors.Gray, LinePattern.Dotted);
            gap.ExcludeFromLegend = true;
            var ticks = new List<Tick> { new(zeroX, "0") };
            for (double d = zeroX + 1; d <= maxX + 1e-9; d++)
            {
                ticks.Add(new Tick(d, BytesLabel(Math.Pow(10, d))));
            }
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
            plot.Axes.SetLimitsX(zeroX - 0.5, maxX + 0.5);
            plot.Title(spec.Title);
            plot.XLabel("training bytes per slot, all SBSs (log scale)");
            plot.YLabel(log ? spec.YLabel + " (log scale)" : spec.YLabel);
            plot.ShowLegend(Edge.Right);
            multiplot.AddPlot(plot);
            panels.Add(plot);
        }
        return SavePanels(multiplot, panels, csv, directory, "fig8_overhead", 900);
    }

    /// <summary>
    /// Fig. 8's log x axis for the given byte counts: the position (log10 bytes) of the "0" column, one
    /// decade below the smallest non-zero count (below 1 kB when every count is 0), and the top decade.
    /// </summary>
    public static (double ZeroX, double MaxX) Fig8Axis(IReadOnlyList<double> bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        double[] positive = [.. bytes.Where(b => b > 0)];
        double low = positive.Length > 0 ? Math.Floor(Math.Log10(positive.Min())) : 3;
        double high = positive.Length > 0 ? Math.Ceiling(Math.Log10(positive.Max())) : low;
        return (low - 1, Math.Max(high, low));
    }

    private static string BytesLabel(double bytes) => bytes switch
    {
        >= 1e9 => (bytes / 1e9).ToString("G3", CultureInfo.InvariantCulture) + " GB",
        >= 1e6 => (bytes / 1e6).ToString("G3", CultureInfo.InvariantCulture) + " MB",
        >= 1e3 => (bytes / 1e3).ToString("G3", CultureInfo.InvariantCulture) + " kB",
        _ => bytes.ToString("G3", CultureInfo.InvariantCulture) + " B",
    };

    private static readonly MarkerShape[] MarkerShapes = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond];

    /// <summary>
    /// Fig. 6: energy per UE per slot in evaluation (local, edge, total) per scheme, on a log scale so
    /// that local computing (tens of times the others under SPEC's constants) does not flatten the rest.
    /// A part below 0.1% of its scheme's total (e.g. 1e-8 J of local energy beside 0.05 J offloaded)
    /// is drawn hatched and unfilled, so it does not read as a real share; a zero part has no bar.
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
                double total = report.Metric(schemes[i], e => e.TotalEnergyJ).Mean;
                bool negligible = m.Mean > 0 && m.Mean < TinyShare * total;
                var bar = new Bar
                {
                    Position = i * (parts.Length + 1) + j,
                    Value = top,
                    ValueBase = logFloor,
                    FillColor = negligible ? Colors.White : parts[j].C,
                    LineColor = parts[j].C,
                    LineWidth = negligible ? 1.5f : 1,
                };
                if (negligible)
                {
                    bar.FillHatch = new ScottPlot.Hatches.Striped();
                    bar.FillHatchColor = parts[j].C.WithAlpha(0.6);
                }
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
        plot.Legend.ManualItems.Add(new LegendItem
        {
            LabelText = "< 0.1% of total",
            FillColor = Colors.White,
            FillHatch = new ScottPlot.Hatches.Striped(),
            FillHatchColor = Colors.Gray,
            OutlineColor = Colors.Gray,
        });
        plot.ShowLegend(Edge.Right);
        plot.Axes.Margins(bottom: 0);
        plot.Title("Energy per UE per slot (evaluation, log scale)");
        plot.YLabel("energy (J per UE per slot)");
        return Save(plot, csv, directory, "fig6_energy", BarWidth(schemes.Count));
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
        plot.Title("Latency-guaranteed percentage (evaluation)");
        plot.YLabel("deadlines met (%)");
        return Save(plot, csv, directory, "fig7_latency", BarWidth(schemes.Count));
    }

    /// <summary>A share of a scheme's total energy below which Fig. 6 hatches a part instead of filling it.</summary>
    private const double TinyShare = 0.001;

    private static void AddCurve(Plot plot, IReadOnlyList<(int Episode, MeanCi Value)> curve, string label, Color color, LinePattern pattern, int smooth)
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
            band.FillColor = color.WithAlpha(smooth > 1 ? 0.1 : 0.2);
            band.LineColor = Colors.Transparent;
        }
        if (smooth > 1)
        {
            var raw = plot.Add.Scatter(xs, ys, color.WithAlpha(0.25));
            raw.MarkerSize = 0;
            raw.LineWidth = 1;
            raw.LinePattern = pattern;
            ys = MovingAverage(ys, smooth);
        }
        var line = plot.Add.Scatter(xs, ys, color);
        line.MarkerSize = 0;
        line.LineWidth = 2;
        line.LinePattern = pattern;
        line.LegendText = label;
    }

    /// <summary>Trailing moving average: item i is the mean of items max(0, i - window + 1)..i.</summary>
    public static double[] MovingAverage(IReadOnlyList<double> values, int window)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        var result = new double[values.Count];
        double sum = 0;
        for (int i = 0; i < values.Count; i++)
        {
            sum += values[i];
            if (i >= window)
            {
                sum -= values[i - window];
            }
            result[i] = sum / Math.Min(i + 1, window);
        }
        return result;
    }

    // Episode numbers are integers: no 2.5 on an episode axis.
    private static void IntegerTicks(IAxis axis) =>
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

    // Bar charts widen with the number of schemes so that their names do not run into each other.
    private static int BarWidth(int schemes) => Math.Max(Width, 200 + 170 * schemes);

    private static List<string> Save(Plot plot, StringBuilder csv, string directory, string name, int width = Width)
    {
        string csvPath = Path.Combine(directory, name + ".csv");
        List<string> files = [.. SaveImages(plot, directory, name, width, Height)];
        AtomicFile.WriteAllText(csvPath, csv.ToString());
        files.Add(csvPath);
        return files;
    }

    private static string N(double v) => EpisodeCsv.Num(v);

    private static readonly LinePattern[] Patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];

    /// <summary>Colour of series <paramref name="i"/>: the ten colours of the palette in turn.</summary>
    internal static Color ColorOf(int i) => Palette[i % Palette.Length];

    /// <summary>Line pattern of series <paramref name="i"/>: solid for the first ten, then dashed, dotted, densely dashed, so that colour and pattern together stay distinct for 40 series.</summary>
    internal static LinePattern PatternOf(int i) => Patterns[i / Palette.Length % Patterns.Length];

    /// <summary>Writes <paramref name="plot"/> as <c>name.png</c> and <c>name.svg</c> (atomically); returns both paths.</summary>
    internal static IReadOnlyList<string> SaveImages(Plot plot, string directory, string name, int width, int height)
    {
        string png = Path.Combine(directory, name + ".png");
        string svg = Path.Combine(directory, name + ".svg");
        AtomicFile.Write(png, s => s.Write(plot.GetImageBytes(width, height, ImageFormat.Png)));
        AtomicFile.WriteAllText(svg, plot.GetSvgXml(width, height));
        return [png, svg];
    }
}
