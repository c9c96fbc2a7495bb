using System.Globalization;
using MecMarl.Experiments;
using Spectre.Console;

namespace MecMarl.Cli.Commands;

/// <summary>The SPEC 9 metrics table printed by train, eval and reproduce.</summary>
internal static class ResultTable
{
    public static Table Of(string title, IEnumerable<EvaluationResult> results)
    {
        var table = new Table().Title(Markup.Escape(title))
            .AddColumns("scheme", "seed", "total energy (J/UE/slot)", "local (J)", "edge (J)", "deadlines met (%)", "system reward / episode");
        foreach (EvaluationResult r in results)
        {
            table.AddRow(Markup.Escape(r.Scheme), !StudySchemes.IsFixed(r.Scheme) ? r.Seed.ToString(CultureInfo.InvariantCulture) : "–", F(r.TotalEnergyJ, "G5"), F(r.LocalEnergyJ, "G5"),
                F(r.EdgeEnergyJ, "G5"), F(r.LatencyMetPct, "F2"), F(r.SystemReward, "F2"));
        }
        return table;
    }

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
