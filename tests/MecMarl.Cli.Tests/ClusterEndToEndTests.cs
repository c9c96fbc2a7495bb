using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MecMarl.Cli.Tests;

/// <summary>A fact that runs only where Debian's <c>redis-server</c> is on the PATH (.ci/run installs it).</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (ClusterEndToEndTests.RedisServer is null)
        {
            Skip = "redis-server not found on PATH: install Debian's redis-server (apt-get install redis-server; .ci/run does) to run the cluster end-to-end test.";
        }
    }
}

/// <summary>
/// The cluster end to end: redis-server on a loopback port, two silo processes, a tiny sweep from a
/// client process, one silo SIGKILLed in the middle; the results must equal the local sweep's, no
/// finished run may be trained again, and the outputs must be those the local writers make.
/// Bounded in time; every process is killed in finally.
/// </summary>
public sealed class ClusterEndToEndTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    /// <summary>Path of redis-server, or null.</summary>
    public static string? RedisServer { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(d => Path.Combine(d, "redis-server"))
        .FirstOrDefault(File.Exists);

    private sealed class Proc : IDisposable
    {
        private readonly StringBuilder _out = new();
        private readonly Lock _gate = new();

        public Proc(Process p)
        {
            P = p;
            p.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (_gate) { _out.AppendLine(e.Data); } } };
            p.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (_gate) { _out.AppendLine(e.Data); } } };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
        }

        public Process P { get; }

        public string Text { get { lock (_gate) { return _out.ToString(); } } }

        public void WaitFor(string fragment, string what)
        {
            var clock = Stopwatch.StartNew();
            while (!Text.Contains(fragment, StringComparison.Ordinal))
            {
                Assert.True(clock.Elapsed < Limit && !P.HasExited, $"{what}: no '{fragment}' in time; output: {Text}");
                Thread.Sleep(50);
            }
        }

        public int Exit()
        {
            Assert.True(P.WaitForExit(Limit), $"did not exit in time; output: {Text}");
            P.WaitForExit();
            return P.ExitCode;
        }

        public void Dispose()
        {
            try
            {
                if (!P.HasExited)
                {
                    P.Kill(entireProcessTree: true);
                    P.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            P.Dispose();
        }
    }

    private static Proc Mecmarl(params string[] args)
    {
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mecmarl.dll"));
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }
        return new Proc(Process.Start(info)!);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    // One Redis command in inline form; returns the first reply line.
    private static string Redis(int port, string command)
    {
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, port);
        using NetworkStream s = client.GetStream();
        s.Write(Encoding.ASCII.GetBytes(command + "\r\n"));
        using var reader = new StreamReader(s, Encoding.ASCII);
        return reader.ReadLine() ?? "";
    }

    [RedisFact]
    public void Sweep_OnTwoSilos_OneKilled_GivesTheLocalResults()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"mecmarl-e2e-{Environment.ProcessId}-{Guid.NewGuid():N}");
        string store = Path.Combine(dir, "store");
        Directory.CreateDirectory(store);
        string config = Path.Combine(dir, "tiny.json");
        File.WriteAllText(config, CliRunner.TinyConfig);
        int port = FreePort();
        string cluster = $"127.0.0.1:{port}";
        var procs = new List<Proc>();
        Process? redis = null;
        try
        {
            var info = new ProcessStartInfo(RedisServer!) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
            foreach (string arg in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir })
            {
                info.ArgumentList.Add(arg);
            }
            redis = Process.Start(info)!;
            var clock = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    if (Redis(port, "PING") == "+PONG")
                    {
                        break;
                    }
                }
                catch (SocketException)
                {
                    // Not up yet.
                }
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10) && !redis.HasExited, "redis-server did not start");
                Thread.Sleep(50);
            }

            // A silo of another build is refused before it joins.
            Assert.Equal("+OK", Redis(port, "SET mecmarl:cluster:build 0.0.1-other|000000000000"));
            using (Proc other = Mecmarl("silo", "--cluster", cluster, "--name", "other", "--store", store))
            {
                Assert.Equal(2, other.Exit());
                Assert.Contains("the cluster runs MecMarl 0.0.1-other", other.Text, StringComparison.Ordinal);
            }
            Redis(port, "DEL mecmarl:cluster:build");

            Proc a = Mecmarl("silo", "--cluster", cluster, "--name", "a", "--store", store, "--jobs", "1");
            procs.Add(a);
            Proc b = Mecmarl("silo", "--cluster", cluster, "--name", "b", "--store", store, "--jobs", "1");
            procs.Add(b);
            a.WaitFor("silo a up", "silo a");
            b.WaitFor("silo b up", "silo b");

            string[] sweep = ["sweep", "--config", config, "--episodes", "120", "--vary", "network.sbsCount=2,3", "--schemes", "f-drl,full-offload", "--seeds", "1,2"];
            string outDir = Path.Combine(store, "sw");
            Proc client = Mecmarl([.. sweep, "--cluster", cluster, "--store", store, "--out", outDir]);
            procs.Add(client);
            // Silo a has finished one item and runs its next: kill it there. (120 episodes per item keep silo a busy
            // for a second or more after the client, polling every 0.5 s, has seen the first done.)
            client.WaitFor("done on silo a", "client");
            a.P.Kill();
            int code = client.Exit();
            Assert.True(code == 0, $"client exit {code}: {client.Text}");
            Assert.Contains("silo a lost; resumed on silo b", client.Text, StringComparison.Ordinal);

            // The run silo a finished before it was killed was not trained again (one start, never resumed);
            // the runs lost with it went on from their last checkpoint (or from the start when they had none yet).
            // Silo a's first finished item may be a fixed scheme's evaluation (no seed): then it must be reported done once only.
            System.Text.RegularExpressions.Match firstAny = System.Text.RegularExpressions.Regex.Match(client.Text, @"network\.sbsCount=(\d): (\S+)( seed \d)? done on silo a");
            Assert.True(firstAny.Success, client.Text);
            if (!firstAny.Groups[3].Success)
            {
                string doneLine = $"network.sbsCount={firstAny.Groups[1].Value}: {firstAny.Groups[2].Value} done on silo";
                Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(client.Text, System.Text.RegularExpressions.Regex.Escape(doneLine)));
            }
            System.Text.RegularExpressions.Match first = System.Text.RegularExpressions.Regex.Match(client.Text, @"network\.sbsCount=(\d): (\S+) seed (\d) done on silo a");
            if (first.Success)
            {
                string finishedLog = Directory.EnumerateFiles(outDir, "train.log", SearchOption.AllDirectories)
                    .Single(l => l.Contains($"sbsCount={first.Groups[1].Value}", StringComparison.Ordinal) && l.Contains($"{first.Groups[2].Value}-seed{first.Groups[3].Value}", StringComparison.Ordinal));
                string[] finishedLines = File.ReadAllLines(finishedLog);
                Assert.Single(finishedLines, line => line.Contains(" started ", StringComparison.Ordinal));
                Assert.DoesNotContain(finishedLines, line => line.Contains("resumed from", StringComparison.Ordinal));
            }

            // The local command gives the same numbers.
            string local = Path.Combine(dir, "local");
            (int localCode, _, string localErr) = CliRunner.Run([.. sweep, "--jobs", "2", "--out", local]);
            Assert.True(localCode == 0, localErr);
            foreach (string file in new[] { "sweep.csv", "sweep_summary.csv" })
            {
                Assert.Equal(WithoutWallTime(Path.Combine(local, file)), WithoutWallTime(Path.Combine(outDir, file)));
            }
            foreach (string ckpt in Directory.EnumerateFiles(local, "policy.ckpt", SearchOption.AllDirectories))
            {
                Assert.Equal(File.ReadAllBytes(ckpt), File.ReadAllBytes(Path.Combine(outDir, Path.GetRelativePath(local, ckpt))));
            }

            // The client wrote its outputs with the local writers: the local command on the same folder reads every
            // unit back and rewrites the same bytes.
            string[] outputs = [.. Directory.EnumerateFiles(outDir).Where(f => !Path.GetFileName(f).StartsWith('.')).Order()];
            Dictionary<string, byte[]> written = outputs.ToDictionary(f => f, File.ReadAllBytes);
            using (Proc again = Mecmarl([.. sweep, "--jobs", "1", "--out", outDir]))
            {
                Assert.True(again.Exit() == 0, again.Text);
            }
            foreach (string f in outputs)
            {
                Assert.True(written[f].AsSpan().SequenceEqual(File.ReadAllBytes(f)), $"{Path.GetFileName(f)} differs from the local writers' bytes");
            }

            // reproduce --cluster on the remaining silo: the same runs and evaluations as the local reproduce.
            string[] reproduce = ["reproduce", "--config", config, "--budget", "smoke", "--schemes", "f-drl,full-offload", "--seeds", "1"];
            string repOut = Path.Combine(store, "rep");
            using (Proc rep = Mecmarl([.. reproduce, "--cluster", cluster, "--store", store, "--out", repOut]))
            {
                Assert.True(rep.Exit() == 0, rep.Text);
                Assert.Contains("done on silo b", rep.Text, StringComparison.Ordinal);
            }
            string repLocal = Path.Combine(dir, "rep-local");
            (int repCode, _, string repErr) = CliRunner.Run([.. reproduce, "--out", repLocal]);
            Assert.True(repCode == 0, repErr);
            foreach (string file in new[] { "runs/f-drl-seed1/policy.ckpt", "runs/f-drl-seed1/evaluation.json", "fixed/full-offload.json" })
            {
                Assert.Equal(File.ReadAllBytes(Path.Combine(repLocal, file)), File.ReadAllBytes(Path.Combine(repOut, file)));
            }

            // A federated training across the cluster (agents and coordinator as grains): the local train's files.
            string[] train = ["train", "--config", config, "--scheme", "f-drl", "--seed", "2"];
            string fedOut = Path.Combine(store, "fed");
            using (Proc fed = Mecmarl([.. train, "--cluster", cluster, "--store", store, "--out", fedOut]))
            {
                Assert.True(fed.Exit() == 0, fed.Text);
                Assert.Contains("federated averaging: 2 rounds", fed.Text, StringComparison.Ordinal);
                Assert.Contains("measured / accounted 1.00", fed.Text, StringComparison.Ordinal);
                // The latency budget of every episode (slot_budget.csv), with the agents' compute summed over them.
                (long slots, _, _) = TrainCommandTests.AssertBudgetLine(fed.Text);
                Assert.Equal(40, slots);
                Assert.Contains("agents' compute summed over the agents: acting ", fed.Text, StringComparison.Ordinal);
            }
            string fedLocal = Path.Combine(dir, "fed-local");
            (int fedCode, _, string fedErr) = CliRunner.Run([.. train, "--out", fedLocal]);
            Assert.True(fedCode == 0, fedErr);
            foreach (string file in new[] { "run.json", "config.json", "policy.ckpt", "evaluation.json" })
            {
                Assert.Equal(File.ReadAllBytes(Path.Combine(fedLocal, file)), File.ReadAllBytes(Path.Combine(fedOut, file)));
            }
        }
        finally
        {
            foreach (Proc p in procs)
            {
                p.Dispose();
            }
            if (redis is not null)
            {
                try
                {
                    redis.Kill();
                    redis.WaitForExit(5000);
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
                redis.Dispose();
            }
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // A process still closing a file; the temp folder is cleaned by the system.
            }
        }
    }

    // The CSV without its trainWallS columns (wall time differs between any two runs).
    private static string[] WithoutWallTime(string path)
    {
        string[] lines = File.ReadAllLines(path);
        string[] header = lines[0].Split(',');
        int[] keep = [.. Enumerable.Range(0, header.Length).Where(i => !header[i].StartsWith("trainWallS", StringComparison.Ordinal))];
        return [.. lines.Select(l => string.Join(',', keep.Select(i => l.Split(',')[i])))];
    }
}
