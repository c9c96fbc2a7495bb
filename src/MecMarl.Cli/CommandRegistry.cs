using MecMarl.Cli.Commands;
using Spectre.Console.Cli;

namespace MecMarl.Cli;

/// <summary>The table of <c>mecmarl</c> commands.</summary>
internal static class CommandRegistry
{
    public static void Register(IConfigurator config)
    {
        config.AddBranch("scenario", scenario =>
        {
            scenario.SetDescription("Scenario files (SPEC 10).");
            scenario.AddCommand<ScenarioExportCommand>("export")
                .WithDescription("Draw a scenario (positions, fading, tasks) from a seed and write it as a scenario file.")
                .WithExample("scenario", "export", "--config", "configs/paper.json", "--seed", "1", "--slots", "50", "--out", "scenario.json");
        });
        config.AddCommand<EvaluateCommand>("evaluate")
            .WithDescription("Evaluate a decisions file on a scenario file (SPEC 4-6) and write a results file.")
            .WithExample("evaluate", "--scenario", "scenario.json", "--decisions", "decisions.json", "--out", "results.json");
        config.AddCommand<DecodeCommand>("decode")
            .WithDescription("Decode an actions file into a decisions file with the config's decoder, SPEC 7 greedy by default (and optionally write the observations).")
            .WithExample("decode", "--scenario", "scenario.json", "--actions", "actions.json", "--out", "decisions.json", "--observations", "observations.json");
        config.AddCommand<SimulateCommand>("simulate")
            .WithDescription("Run a fixed policy (full-offload, local, random, yardstick, yardstick-local, constant, heuristic) and print energy and deadlines met (SPEC 9).")
            .WithExample("simulate", "--policy", "full-offload", "--episodes", "20");
        config.AddCommand<TrainCommand>("train")
            .WithDescription("Train a learning scheme (ma-drl, f-drl, il-drl) into a run folder, or resume one (SPEC 8).")
            .WithExample("train", "--scheme", "ma-drl", "--episodes", "300", "--seed", "1", "--out", "runs/ma-drl-1")
            .WithExample("train", "--resume", "runs/ma-drl-1");
        config.AddCommand<ImitateCommand>("imitate")
            .WithDescription("Clone the full-CSI yardstick's decisions into a learning scheme's actors (through the heuristic decoder), one policy per seed, to start training from with training.initPolicy.")
            .WithExample("imitate", "--config", "configs/dense-16.json", "--config", "configs/tuned-dense.json", "--scheme", "ippo-dr", "--seeds", "1,2,3", "--out", "results/imitate");
        config.AddCommand<EvalCommand>("eval")
            .WithDescription("Evaluate a trained run, or a fixed policy (any id of simulate --policy), on the evaluation episodes (SPEC 9).")
            .WithExample("eval", "--run", "runs/ma-drl-1")
            .WithExample("eval", "--scheme", "yardstick");
        config.AddCommand<ReproduceCommand>("reproduce")
            .WithDescription("Train and evaluate every scheme and write Figs. 4-8, summary.md and summary.json (with each scheme's signalling overhead).")
            .WithExample("reproduce", "--budget", "default")
            .WithExample("reproduce", "--config", "configs/tuned.json", "--seeds", "1,2,3", "--out", "results/tuned");
        config.AddCommand<SweepCommand>("sweep")
            .WithDescription("Run chosen schemes at every point of a grid over one or two config paths; writes sweep.csv, sweep_summary.csv, sweep.json and figures (resumable).")
            .WithExample("sweep", "--vary", "network.sbsCount=4,8,12,16,20", "--schemes", "f-drl,full-offload,local", "--episodes", "60", "--out", "results/density")
            .WithExample("sweep", "--config", "configs/tuned.json", "--vary", "tasks.deadlineFactor=0.5,0.7,0.9", "--vary", "environment.decoder=greedy,deadline-aware", "--seeds", "1,2,3", "--out", "results/deadlines");
        config.AddCommand<SiloCommand>("silo")
            .WithDescription("Host an Orleans silo that runs work items of sweep --cluster and reproduce --cluster (docs/cluster.md).")
            .WithExample("silo", "--cluster", "127.0.0.1:6379", "--name", "a", "--store", "/srv/mecmarl-store")
            .WithExample("silo", "--cluster", "localhost", "--store", "store");
        config.AddBranch("cluster", cluster =>
        {
            cluster.SetDescription("A MecMarl cluster of Orleans silos (docs/cluster.md).");
            cluster.AddCommand<ClusterStatusCommand>("status")
                .WithDescription("List the silos and the work items running and finished.")
                .WithExample("cluster", "status", "--cluster", "127.0.0.1:6379");
        });
        config.AddCommand<BenchCommand>("bench")
            .WithDescription("Measure throughput: environment and training slots/s, or with --updates one DDPG update of all agents.")
            .WithExample("bench", "--updates", "--threads", "1", "--json", "bench.json");
    }
}
