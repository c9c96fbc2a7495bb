using System.Globalization;
using MecMarl.Cluster;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

/// <summary><c>mecmarl cluster status</c>: the silos, and the work items running and finished.</summary>
public sealed class ClusterStatusCommand(CliIo io) : Command<ClusterStatusSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, ClusterStatusSettings settings, CancellationToken cancellationToken)
    {
        ClusterTarget target = ClusterTarget.Parse(settings.Cluster!);
        ClusterSnapshot snapshot = Task.Run(async () =>
        {
            await using ClusterConnection connection = await ClusterConnection.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
            return await connection.SnapshotAsync().ConfigureAwait(false);
        }, cancellationToken).GetAwaiter().GetResult();
        var active = snapshot.Silos.Where(s => s.Status == "Active").Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var silos = new Table().Title($"cluster {Markup.Escape(target.Text)}: silos");
        silos.AddColumns("silo", "endpoint", "status", "started (UTC)", "running", "finished");
        foreach (SiloEntry s in snapshot.Silos)
        {
            silos.AddRow(Markup.Escape(s.Name), Markup.Escape(s.Address), Markup.Escape(s.Status), s.StartedUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                s.Status == "Active" ? snapshot.Work.Count(w => w.Phase == WorkPhase.Running && w.Silo == s.Name).ToString(CultureInfo.InvariantCulture) : "-",
                snapshot.Work.Count(w => w.Phase == WorkPhase.Done && w.Silo == s.Name).ToString(CultureInfo.InvariantCulture));
        }
        io.Console.Write(silos);
        var work = new Table().Title("work items");
        work.AddColumns("folder", "item", "state", "silo", "updated (UTC)");
        foreach (LedgerEntry w in snapshot.Work)
        {
            string state = w.Phase == WorkPhase.Running && (w.Silo is null || !active.Contains(w.Silo))
                ? "lost (resumes on a live silo when its client polls: rerun its command)"
                : w.Phase.ToString().ToLowerInvariant();
            work.AddRow(Markup.Escape(w.Folder), Markup.Escape(w.Description), Markup.Escape(state), Markup.Escape(w.Silo ?? "-"),
                w.UpdatedUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        }
        io.Console.Write(work);
        io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{active.Count} silo(s) active; work items: {snapshot.Work.Count(w => w.Phase == WorkPhase.Running)} running, {snapshot.Work.Count(w => w.Phase == WorkPhase.Done)} finished, {snapshot.Work.Count(w => w.Phase is WorkPhase.Refused or WorkPhase.Failed)} refused or failed"));
        return 0;
    }
}
