// Evolution-strategies search (antithetic pairs, common random numbers, rank-normalized scores, Adam)
// over corrections to the heuristic decoder (environment.decoder "heuristic", docs/dense.md), scored by
// the system reward or by deadlines met less an energy term. An experiment behind docs/dense.md.
//
// Usage: dotnet run -c Release --project scripts/es-search -- CONFIG[,CONFIG...] [options]
//   --set PATH=VALUE   config override (repeatable)
//   --mode M           cell: one correction vector per cell (alpha, power, share, K channel scores);
//                      ue: one per UE; linear: one linear map, shared by all cells, from a UE's
//                      observation features to its corrections (default cell)
//   --objective O      reward: system reward per episode; deadlines: deadlines met (%) - 20 x energy (J)
//                      - 1000 x (energy above --energy-cap) (default reward)
//   --features F       linear only, comma-separated extra inputs of the map (default none):
//                      outcome: outcome-ue and last-channel, what the UE's own SBS knows of the UE
//                      after the previous slot of the episode; outcome-ue: deadline met, delay /
//                      deadline, achieved SINR against the SINR the deadline needed, offloaded or not,
//                      the cell's share of met deadlines (inputs to alpha, power, share); last-channel:
//                      per channel score, the UE's last channel, and that channel when its deadline was met;
//                      interference-change: the cell's measured interference per channel against the
//                      measurement of the slot before (per channel, and its mean magnitude per UE)
//   --print-theta      after the last evaluation, print the final parameters as one line "# theta,v1,v2,..."
//                      (linear: 3 x 8 feature weights, 4 channel weights, K channel biases, then the
//                      --features weights in the order above)
//   --iterations N (300)  --pairs P (8)  --sigma S (0.05)  --lr L (0.02)  --seed S (1)
//   --eval-seed S (4242)  --eval-episodes E (20)  --energy-cap J (infinity)
using System.Globalization;
using MecMarl.Experiments;
using MecMarl.Randomness;
using MecMarl.Simulation;

var files = new List<string>();
var sets = new List<string>();
string mode = "cell", objective = "reward";
bool printTheta = false;
var features = new HashSet<string>();
int iterations = 300, pairs = 8, evalEpisodes = 20;
double sigma = 0.05, lr = 0.02, energyCap = double.PositiveInfinity;
ulong seed = 1, evalSeed = 4242;
for (int i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    double D() => double.Parse(Next(), CultureInfo.InvariantCulture);
    switch (args[i])
    {
        case "--set": sets.Add(Next()); break;
        case "--mode": mode = Next(); break;
        case "--objective": objective = Next(); break;
        case "--features": features.UnionWith(Next().Split(',', StringSplitOptions.RemoveEmptyEntries)); break;
        case "--print-theta": printTheta = true; break;
        case "--iterations": iterations = (int)D(); break;
        case "--pairs": pairs = (int)D(); break;
        case "--sigma": sigma = D(); break;
        case "--lr": lr = D(); break;
        case "--seed": seed = (ulong)D(); break;
        case "--eval-seed": evalSeed = (ulong)D(); break;
        case "--eval-episodes": evalEpisodes = (int)D(); break;
        case "--energy-cap": energyCap = D(); break;
        default: files.AddRange(args[i].Split(',')); break;
    }
}
if (mode is not ("cell" or "ue" or "linear") || objective is not ("reward" or "deadlines"))
{
    Console.Error.WriteLine("es-search: --mode must be cell, ue or linear; --objective reward or deadlines");
    return 2;
}
if (features.Except(["outcome", "outcome-ue", "last-channel", "interference-change"]).FirstOrDefault() is { } unknownFeature)
{
    Console.Error.WriteLine($"es-search: --features: unknown feature '{unknownFeature}' (outcome, outcome-ue, last-channel, interference-change)");
    return 2;
}
if (features.Count > 0 && mode != "linear")
{
    Console.Error.WriteLine("es-search: --features needs --mode linear");
    return 2;
}
bool useOutcome = features.Contains("outcome") || features.Contains("outcome-ue");
bool useLastChannel = features.Contains("outcome") || features.Contains("last-channel");
bool useChange = features.Contains("interference-change");
ExperimentConfig config = ConfigLayers.Of(files, sets).Resolve();
if (config.Simulation.Environment.Decoder != DecoderKind.Heuristic)
{
    Console.Error.WriteLine("es-search: needs environment.decoder \"heuristic\" (e.g. --config configs/tuned-dense.json)");
    return 2;
}
var env = new MecEnvironment(config.Simulation, (ulong)config.Training.LayoutSeed);
ScenarioLayout layout = env.Layout;
int agents = env.AgentCount, k = layout.Channels, per = 3 + k;
const int Features = 8;
// Extra inputs (--features), appended after the 3 * Features + 4 + K numbers of the plain linear map so that
// the default search is unchanged: per UE, OutcomeFeatures (outcome-ue) then 1 (interference-change) inputs to
// each of alpha, power and share; per channel score, 2 (last-channel) then 2 (interference-change) weights.
const int OutcomeFeatures = 5;
int extraUe = (useOutcome ? OutcomeFeatures : 0) + (useChange ? 1 : 0);
int extraChannel = (useLastChannel ? 2 : 0) + (useChange ? 2 : 0);
int linearBase = 3 * Features + 4 + k;
int dim = mode switch
{
    "linear" => linearBase + 3 * extraUe + extraChannel,
    "cell" => agents * per,
    _ => Enumerable.Range(0, agents).Sum(env.ActionSize),
};
float[][] actions = [.. Enumerable.Range(0, agents).Select(m => new float[env.ActionSize(m)])];

// What each SBS knows after the previous slot of the episode (--features), 0 meaning "nothing known"
// (first slot). Per UE: met (+1) or missed (-1); delay / deadline - 1 in [-1, 1]; log10 of the achieved
// SINR over the SINR that would have just met the deadline with the same split and MEC share, in [-2, 2]
// (0 for a UE that computed locally); offloaded (+1) or local (-1); its last channel (-1: none). Per cell:
// 2 x (share of met deadlines) - 1. Per cell and channel: the last two interference observations.
int ueCount = layout.UeCount;
double[] lastMet = new double[ueCount], lastDelay = new double[ueCount], lastSinr = new double[ueCount], lastOffload = new double[ueCount];
int[] lastChannel = new int[ueCount];
double[] cellMet = new double[agents], taskBits = new double[ueCount];
double[] interferenceNow = new double[agents * k], interferenceBefore = new double[agents * k];
int slot = 0;

void ResetOutcomes()
{
    Array.Clear(lastMet);
    Array.Clear(lastDelay);
    Array.Clear(lastSinr);
    Array.Clear(lastOffload);
    Array.Fill(lastChannel, -1);
    Array.Clear(cellMet);
    slot = 0;
}

// After a step: what each SBS measured of its own UEs (rate at its receiver, delays, its own decisions).
void RecordOutcomes(StepResult r)
{
    double bandwidth = layout.BandwidthHz;
    Array.Clear(cellMet);
    for (int u = 0; u < ueCount; u++)
    {
        UeOutcome o = r.Result.Ues[u];
        double alpha = r.Decisions.Alpha[u];
        lastMet[u] = o.Met ? 1 : -1;
        lastDelay[u] = Math.Clamp(o.DelayS / o.DeadlineS - 1, -1, 1);
        lastOffload[u] = alpha > 0 ? 1 : -1;
        lastChannel[u] = alpha > 0 ? r.Decisions.Channel[u] : -1;
        lastSinr[u] = 0;
        if (alpha > 0 && o.RateBps > 0)
        {
            double bits = alpha * taskBits[u];
            double executeS = o.OffloadDelayS - bits / o.RateBps, available = o.DeadlineS - executeS;
            double needBitsPerHz = available > 0 ? bits / (bandwidth * available) : double.PositiveInfinity;
            double achieved = Math.Pow(2, o.RateBps / bandwidth) - 1, needed = Math.Pow(2, Math.Min(needBitsPerHz, 60)) - 1;
            lastSinr[u] = Math.Clamp(Math.Log10(achieved / needed), -2, 2);
        }
        cellMet[layout.Ues[u].Cell] += o.Met ? 1 : 0;
    }
    for (int m = 0; m < agents; m++)
    {
        cellMet[m] = 2 * cellMet[m] / layout.CellSize(m) - 1;
    }
    slot++;
}

// Static corrections (cell, ue): an entry 0.5 is the heuristic itself.
void Static(double[] th)
{
    int offset = 0;
    for (int m = 0; m < agents; m++)
    {
        int n = layout.CellSize(m);
        for (int u = 0; u < n; u++)
        {
            for (int j = 0; j < per; j++)
            {
                double v = mode == "cell" ? 0.5 + th[m * per + j] : 0.5 + th[offset + u * per + j];
                actions[m][u * per + j] = (float)Math.Clamp(v, 0, 1);
            }
        }
        offset += n * per;
    }
}

// The linear map: features of UE u in cell m (SPEC 7 observation layout) to its corrections.
void Linear(double[] th, float[][] obs)
{
    Span<double> f = stackalloc double[Features];
    Span<double> x = stackalloc double[OutcomeFeatures + 1];
    for (int m = 0; m < agents; m++)
    {
        int n = layout.CellSize(m);
        float[] o = obs[m];
        int ib = n * (k + 3);
        double meanI = 0;
        for (int c = 0; c < k; c++)
        {
            meanI += o[ib + c];
        }
        meanI /= k;
        // Interference change (log10(1 + I / N0 B) units), known from the third slot on (the first has no measurement).
        double meanAbsChange = 0;
        for (int c = 0; c < k; c++)
        {
            interferenceBefore[m * k + c] = interferenceNow[m * k + c];
            interferenceNow[m * k + c] = o[ib + c];
            meanAbsChange += slot >= 2 ? Math.Abs(o[ib + c] - interferenceBefore[m * k + c]) : 0;
        }
        meanAbsChange /= k;
        ReadOnlySpan<int> cellUes = layout.CellUes(m);
        for (int u = 0; u < n; u++)
        {
            int b = u * (k + 3), ue = cellUes[u];
            int nx = 0;
            if (useOutcome)
            {
                x[nx++] = lastMet[ue];
                x[nx++] = lastDelay[ue];
                x[nx++] = lastSinr[ue];
                x[nx++] = lastOffload[ue];
                x[nx++] = cellMet[m];
            }
            if (useChange)
            {
                x[nx++] = meanAbsChange;
            }
            double meanG = 0, maxG = double.MinValue;
            for (int c = 0; c < k; c++)
            {
                meanG += o[b + c];
                maxG = Math.Max(maxG, o[b + c]);
            }
            meanG /= k;
            f[0] = 1; f[1] = meanG; f[2] = maxG; f[3] = o[b + k]; f[4] = o[b + k + 1]; f[5] = o[b + k + 2]; f[6] = meanI; f[7] = maxG - meanG;
            for (int j = 0; j < 3; j++)
            {
                double z = 0;
                for (int i = 0; i < Features; i++)
                {
                    z += th[j * Features + i] * f[i];
                }
                for (int i = 0; i < nx; i++)
                {
                    z += th[linearBase + j * extraUe + i] * x[i];
                }
                actions[m][u * per + j] = (float)Math.Clamp(0.5 + z, 0, 1);
            }
            for (int c = 0; c < k; c++)
            {
                double dg = o[b + c] - meanG, di = o[ib + c] - meanI;
                double z = th[3 * Features] * dg + th[3 * Features + 1] * di + th[3 * Features + 2] * dg * di
                    + th[3 * Features + 3] * o[ib + c] * f[3] + th[3 * Features + 4 + c];
                int w = linearBase + 3 * extraUe;
                if (useLastChannel)
                {
                    double was = lastChannel[ue] == c ? 1 : 0;
                    z += th[w] * was + th[w + 1] * was * lastMet[ue];
                    w += 2;
                }
                if (useChange && slot >= 2)
                {
                    double change = o[ib + c] - interferenceBefore[m * k + c];
                    z += th[w] * change + th[w + 1] * Math.Abs(change);
                }
                actions[m][u * per + 3 + c] = (float)Math.Clamp(0.5 + z, 0, 1);
            }
        }
    }
}

(double Reward, double Met, double Energy) Evaluate(double[] th, ulong episodeSeed, int episodes)
{
    if (mode != "linear")
    {
        Static(th);
    }
    var totals = new MetricTotals(agents);
    for (int e = 0; e < episodes; e++)
    {
        float[][] obs = env.Reset(MecEnvironment.EpisodeSeed(episodeSeed, e));
        ResetOutcomes();
        StepResult r;
        do
        {
            if (mode == "linear")
            {
                Linear(th, obs);
                for (int u = 0; u < ueCount; u++)
                {
                    taskBits[u] = env.CurrentTasks[u].Bits;
                }
            }
            r = env.Step(actions);
            if (mode == "linear")
            {
                RecordOutcomes(r);
            }
            totals.Add(r);
            obs = r.Observations;
        }
        while (!r.Truncated);
    }
    return (totals.SystemReward / episodes, totals.LatencyMetPct, totals.LocalEnergyJ + totals.EdgeEnergyJ);
}
double Score((double Reward, double Met, double Energy) e) => objective == "reward"
    ? e.Reward
    : e.Met - 20 * e.Energy - 1000 * Math.Max(0, e.Energy - energyCap);

var theta = new double[dim];
var start = Evaluate(theta, evalSeed, evalEpisodes);
Console.WriteLine($"iteration,evalReward,evalDeadlinesMetPct,evalEnergyJ");
Console.WriteLine(FormattableString.Invariant($"0,{start.Reward:F1},{start.Met:F2},{start.Energy:F4}"));
var rng = new Rng(seed, 0xE5);
double[] m1 = new double[dim], m2 = new double[dim];
var noise = new double[pairs][];
var scores = new double[2 * pairs];
for (int it = 1; it <= iterations; it++)
{
    for (int p = 0; p < pairs; p++)
    {
        noise[p] = new double[dim];
        for (int i = 0; i < dim; i++)
        {
            noise[p][i] = rng.NextGaussian();
        }
        // Both members of a pair see the same episode (common random numbers); training episodes never use the evaluation seed.
        ulong episodeSeed = (seed << 32) + (ulong)(it * pairs + p) + 1_000_000;
        double[] plus = [.. theta.Select((t, i) => t + sigma * noise[p][i])];
        double[] minus = [.. theta.Select((t, i) => t - sigma * noise[p][i])];
        scores[2 * p] = Score(Evaluate(plus, episodeSeed, 1));
        scores[2 * p + 1] = Score(Evaluate(minus, episodeSeed, 1));
    }
    double[] sorted = [.. scores.Order()];
    double Rank(double x) => Array.IndexOf(sorted, x) / (double)(sorted.Length - 1) - 0.5;
    for (int i = 0; i < dim; i++)
    {
        double g = 0;
        for (int p = 0; p < pairs; p++)
        {
            g += (Rank(scores[2 * p]) - Rank(scores[2 * p + 1])) * noise[p][i];
        }
        g /= pairs * sigma;
        m1[i] = 0.9 * m1[i] + 0.1 * g;
        m2[i] = 0.999 * m2[i] + 0.001 * g * g;
        double step = lr * (m1[i] / (1 - Math.Pow(0.9, it))) / (Math.Sqrt(m2[i] / (1 - Math.Pow(0.999, it))) + 1e-8);
        theta[i] = mode == "linear" ? theta[i] + step : Math.Clamp(theta[i] + step, -0.5, 0.5);
    }
    if (it % 50 == 0 || it == iterations)
    {
        var e = Evaluate(theta, evalSeed, evalEpisodes);
        Console.WriteLine(FormattableString.Invariant($"{it},{e.Reward:F1},{e.Met:F2},{e.Energy:F4}"));
    }
}
if (printTheta)
{
    Console.WriteLine("# theta," + string.Join(',', theta.Select(t => t.ToString("F4", CultureInfo.InvariantCulture))));
}
return 0;
