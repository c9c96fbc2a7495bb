using MecMarl.Nn;
using MecMarl.Randomness;

namespace MecMarl.Learning;

/// <summary>
/// One agent of a PPO scheme (<see cref="PpoLearner"/>): a Gaussian policy whose mean is the actor
/// network's sigmoid output mu(s_m) in (0, 1) and whose std is a learned per-component parameter
/// (or the trainer's schedule, <see cref="PpoStd"/>), a value network V (own observation, IPPO, or
/// the joint observation, MAPPO), one Adam each (and one for the log-std), its own rollout rows and
/// its own random streams (<see cref="AgentStreams"/>: initialisation, <see cref="AgentStreams.Noise"/>
/// for the action samples, <see cref="AgentStreams.Replay"/> for the minibatch shuffles). All
/// workspace is allocated in the constructor.
/// </summary>
public sealed class PpoAgent
{
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    private readonly PpoOptions _ppo;
    private readonly double _gamma;
    private readonly int _t;
    private readonly int _rowsPerSlot;
    private readonly int _minibatchRows;
    private readonly string _prefix;
    private readonly int _ow;
    private readonly int _aw;
    private readonly int _vw;
    private readonly int _g;
    private readonly int _gw;
    private readonly float[] _obs;
    private readonly float[] _nextObs;
    private readonly float[] _raw;
    private readonly float[] _sampleStd;
    private readonly float[] _rewards;
    private readonly float[] _logStdGradient;
    private readonly double[] _values;
    private readonly double[] _nextValues;
    private readonly double[] _oldLogProb;
    private readonly double[] _advantages;
    private readonly double[] _returns;
    private readonly int[] _order;
    private readonly float[] _mbObs;
    private readonly float[] _mbValueInput;
    private readonly float[] _dMu;
    private readonly float[] _dValue;
    private readonly double[] _std;

    /// <summary>
    /// Creates agent <paramref name="index"/> with observation width <paramref name="observationWidth"/>,
    /// action width <paramref name="actionWidth"/> and a value network of input width
    /// <paramref name="valueInputWidth"/> (the observation's, or the joint observation's), its
    /// networks initialised per SPEC 8 from <paramref name="initRng"/> (actor, then value network).
    /// <paramref name="rowsPerSlot"/> &gt; 1 makes it the one shared model of <paramref name="rowsPerSlot"/>
    /// agents (<see cref="SharedPpoLearner"/>): its rollout holds one row per agent and slot, slot-major
    /// (row = slot x rowsPerSlot + agent), GAE chains an agent's row to its row of the next slot, and a
    /// minibatch holds <see cref="PpoOptions.MinibatchSize"/> x rowsPerSlot rows. Its checkpoint sections
    /// are named <paramref name="checkpointName"/> (default <c>agent{index}</c>).
    /// <paramref name="creditGroups"/> &gt; 1 splits the action into that many equal consecutive groups (the UEs of
    /// the cell, SPEC 7's UE-major layout) credited separately: every group has its own reward per row
    /// (<see cref="StoreGroupRewards"/>), its own output of the value network, its own advantages and its own
    /// probability ratio in the clipped surrogate (the <c>difference-ue</c> reward, docs/dense.md). With 1 (the
    /// default) the agent is the plain PPO agent, bit for bit.
    /// </summary>
    public PpoAgent(int index, DdpgOptions options, PpoOptions ppo, int observationWidth, int actionWidth, int valueInputWidth,
        AgentStreams streams, Rng initRng, int rowsPerSlot = 1, string? checkpointName = null, int creditGroups = 1)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(ppo);
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(initRng);
        if (ppo.Problem() is { } p)
        {
            throw new ArgumentException($"Invalid PPO option {p.Field}: {p.Problem}.", nameof(ppo));
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowsPerSlot);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(creditGroups);
        if (actionWidth % creditGroups != 0)
        {
            throw new ArgumentException($"action width {actionWidth} does not split into {creditGroups} equal credit groups", nameof(creditGroups));
        }
        Index = index;
        _g = creditGroups;
        _gw = actionWidth / creditGroups;
        _ppo = ppo;
        _gamma = options.Gamma;
        _rowsPerSlot = rowsPerSlot;
        _t = checked(ppo.RolloutSlots * rowsPerSlot);
        _minibatchRows = ppo.MinibatchSize * rowsPerSlot;
        _prefix = checkpointName ?? FormattableString.Invariant($"agent{index}");
        _ow = observationWidth;
        _aw = actionWidth;
        _vw = valueInputWidth;
        (NetworkShape actorShape, NetworkShape valueShape) = Shapes(options, observationWidth, actionWidth, valueInputWidth, creditGroups);
        Actor = new DenseNetwork(actorShape, _minibatchRows);
        Value = new DenseNetwork(valueShape, _t);
        Actor.Initialize(initRng);
        Value.Initialize(initRng);
        if (ppo.ZeroOutputLayer)
        {
            Actor.ZeroOutputLayer();
        }
        LogStd = new float[actionWidth];
        Array.Fill(LogStd, (float)Math.Log(ppo.InitialStd));
        ActorOptimizer = new Adam(actorShape.ParameterCount, ppo.ActorLearningRate, options.AdamBeta1, options.AdamBeta2, options.AdamEpsilon, ppo.MaxGradientNorm);
        LogStdOptimizer = new Adam(actionWidth, ppo.ActorLearningRate, options.AdamBeta1, options.AdamBeta2, options.AdamEpsilon, ppo.MaxGradientNorm);
        ValueOptimizer = new Adam(valueShape.ParameterCount, ppo.ValueLearningRate, options.AdamBeta1, options.AdamBeta2, options.AdamEpsilon, ppo.MaxGradientNorm);
        NoiseRng = streams.Noise;
        ShuffleRng = streams.Replay;
        Observation = new float[observationWidth];
        Action = new float[actionWidth];
        MeanAction = new float[actionWidth];
        _obs = new float[_t * observationWidth];
        _nextObs = new float[_t * observationWidth];
        _raw = new float[_t * actionWidth];
        _sampleStd = new float[_t];
        _rewards = new float[_t * _g];
        _logStdGradient = new float[actionWidth];
        _values = new double[_t * _g];
        _nextValues = new double[_t * _g];
        _oldLogProb = new double[_t * _g];
        _advantages = new double[_t * _g];
        _returns = new double[_t * _g];
        _order = new int[_t];
        int b = _minibatchRows;
        _mbObs = new float[b * observationWidth];
        _mbValueInput = new float[b * valueInputWidth];
        _dMu = new float[b * actionWidth];
        _dValue = new float[b * _g];
        _std = new double[actionWidth];
    }

    /// <summary>
    /// The actor (observation to the policy mean in (0, 1): the DDPG actor's shape) and the value
    /// network (value input to one linear output per credit group, the critic's hidden layers) of a PPO agent.
    /// </summary>
    public static (NetworkShape Actor, NetworkShape Value) Shapes(DdpgOptions options, int observationWidth, int actionWidth, int valueInputWidth,
        int creditGroups = 1)
    {
        ArgumentNullException.ThrowIfNull(options);
        var actor = NetworkShape.Mlp(observationWidth, options.ActorHidden, actionWidth, options.ActorHiddenActivation, options.ActorOutputActivation);
        var value = NetworkShape.Mlp(valueInputWidth, options.CriticHidden, creditGroups, options.CriticHiddenActivation, Activation.Identity);
        return (actor, value);
    }

    /// <summary>Agent index (SBS m).</summary>
    public int Index { get; }

    /// <summary>Actor: observation to the policy mean (what evaluation runs, without noise).</summary>
    public DenseNetwork Actor { get; }

    /// <summary>Value network V: own or joint observation to the state value.</summary>
    public DenseNetwork Value { get; }

    /// <summary>Log-std of every action component (used with <see cref="PpoStd.Learned"/>).</summary>
    public float[] LogStd { get; }

    /// <summary>Adam of the actor.</summary>
    public Adam ActorOptimizer { get; }

    /// <summary>Adam of the log-std.</summary>
    public Adam LogStdOptimizer { get; }

    /// <summary>Adam of the value network.</summary>
    public Adam ValueOptimizer { get; }

    /// <summary>Stream of the action samples.</summary>
    public Rng NoiseRng { get; }

    /// <summary>Stream of the minibatch shuffles.</summary>
    public Rng ShuffleRng { get; }

    /// <summary>The observation of the last <see cref="Act"/>.</summary>
    public float[] Observation { get; }

    /// <summary>The action of the last <see cref="Act"/>, clipped to [0, 1] (what the environment gets).</summary>
    public float[] Action { get; }

    /// <summary>The policy mean mu(s) of the last <see cref="Act"/>, clipped to [0, 1].</summary>
    public float[] MeanAction { get; }

    /// <summary>The rollout's observations [RolloutSlots, observation width].</summary>
    public float[] RolloutObservations => _obs;

    /// <summary>
    /// Samples x = mu(s) + std N(0, 1) per component from the noise stream (std: the learned one, or
    /// max(<paramref name="scheduleStd"/>, minStd)), stores s and the unclipped x as rollout row
    /// <paramref name="row"/> and sets <see cref="Action"/> = clip(x, 0, 1).
    /// </summary>
    public void Act(ReadOnlySpan<float> observation, double scheduleStd, int row)
    {
        observation.CopyTo(Observation);
        observation.CopyTo(_obs.AsSpan(row * _ow, _ow));
        ReadOnlySpan<float> mu = Actor.Forward(observation, 1);
        bool learned = _ppo.Std == PpoStd.Learned;
        double fixedStd = Math.Max(scheduleStd, _ppo.MinStd);
        _sampleStd[row] = learned ? 0f : (float)fixedStd;
        Span<float> raw = _raw.AsSpan(row * _aw, _aw);
        for (int i = 0; i < _aw; i++)
        {
            double std = learned ? Math.Exp(LogStd[i]) : (float)fixedStd;
            float x = (float)(mu[i] + std * NoiseRng.NextGaussian());
            raw[i] = x;
            Action[i] = Math.Clamp(x, 0f, 1f);
            MeanAction[i] = Math.Clamp(mu[i], 0f, 1f);
        }
    }

    /// <summary>
    /// Stores the learned reward and the next observation of rollout row <paramref name="row"/> (with credit groups
    /// the reward is not kept: <see cref="StoreGroupRewards"/> gives the row's rewards).
    /// </summary>
    public void Store(int row, float reward, ReadOnlySpan<float> nextObservation)
    {
        if (_g == 1)
        {
            _rewards[row] = reward;
        }
        nextObservation.CopyTo(_nextObs.AsSpan(row * _ow, _ow));
    }

    /// <summary>Number of credit groups of the action (1: the plain PPO agent).</summary>
    public int CreditGroups => _g;

    /// <summary>Stores the learned reward of every credit group of rollout row <paramref name="row"/> (length <see cref="CreditGroups"/>).</summary>
    public void StoreGroupRewards(int row, ReadOnlySpan<float> rewards)
    {
        if (rewards.Length != _g)
        {
            throw new ArgumentException($"expected {_g} group rewards, found {rewards.Length}", nameof(rewards));
        }
        rewards.CopyTo(_rewards.AsSpan(row * _g, _g));
    }

    /// <summary>
    /// One PPO update on the full rollout: V(s) and V(s') of every row, the old policy's log-probs
    /// of the stored unclipped samples (the parameters have not moved since they were drawn), GAE(lambda)
    /// advantages (a row whose slot has <paramref name="episodeEnd"/> 1, or a row of the rollout's last slot,
    /// bootstraps from V(s') and does not chain into the next slot: time-limit truncation, SPEC 7), optional
    /// normalisation, then <see cref="PpoOptions.Epochs"/> shuffled passes of minibatch steps on the
    /// clipped surrogate (actor and log-std) and the squared value error (value network).
    /// <paramref name="jointObservations"/> / <paramref name="jointNextObservations"/> are the value
    /// inputs [rollout rows, value input width] of a joint value network, or empty for a local one
    /// (the value network then reads the rollout's observations).
    /// Returns (mean value loss 0.5 (V - R)^2, mean surrogate loss) over the minibatches.
    /// </summary>
    public DdpgLosses Update(ReadOnlySpan<float> episodeEnd, ReadOnlySpan<float> jointObservations, ReadOnlySpan<float> jointNextObservations)
    {
        int t = _t;
        if (_ppo.AnnealLearningRate)
        {
            SetAnnealedRates();
        }
        ReadOnlySpan<float> vIn = jointObservations.IsEmpty ? _obs : jointObservations;
        ReadOnlySpan<float> vNext = jointObservations.IsEmpty ? _nextObs : jointNextObservations;
        int g = _g;
        int tg = t * g;
        ReadOnlySpan<float> v = Value.Forward(vIn, t);
        for (int i = 0; i < tg; i++)
        {
            _values[i] = v[i];
        }
        v = Value.Forward(vNext, t);
        for (int i = 0; i < tg; i++)
        {
            _nextValues[i] = v[i];
        }
        for (int start = 0; start < t; start += _minibatchRows)
        {
            int n = Math.Min(_minibatchRows, t - start);
            ReadOnlySpan<float> mu = Actor.Forward(_obs.AsSpan(start * _ow, n * _ow), n);
            for (int b = 0; b < n; b++)
            {
                for (int j = 0; j < g; j++)
                {
                    _oldLogProb[(start + b) * g + j] = LogProb(start + b, mu.Slice(b * _aw, _aw), j, out _);
                }
            }
        }

        // GAE(lambda): delta_t = r_t + gamma V(s'_t) - V(s_t); A_t = delta_t + gamma lambda A_{t+1} within an
        // episode, A_{t+1} being the same agent's row of the next slot (rowsPerSlot rows on); per credit group.
        double gl = _gamma * _ppo.GaeLambda;
        int s = _rowsPerSlot;
        for (int i = t - 1; i >= 0; i--)
        {
            bool chain = i + s < t && episodeEnd[i / s] == 0f;
            for (int j = 0; j < g; j++)
            {
                int k = i * g + j;
                double delta = _rewards[k] + _gamma * _nextValues[k] - _values[k];
                double a = delta + (chain ? gl * _advantages[k + s * g] : 0);
                _advantages[k] = a;
                _returns[k] = a + _values[k];
            }
        }
        if (_ppo.NormalizeAdvantages && tg > 1)
        {
            double mean = 0;
            for (int i = 0; i < tg; i++)
            {
                mean += _advantages[i];
            }
            mean /= tg;
            double var = 0;
            for (int i = 0; i < tg; i++)
            {
                var += (_advantages[i] - mean) * (_advantages[i] - mean);
            }
            double sd = Math.Sqrt(var / (tg - 1));
            for (int i = 0; i < tg; i++)
            {
                _advantages[i] = (_advantages[i] - mean) / (sd + 1e-8);
            }
        }

        for (int i = 0; i < t; i++)
        {
            _order[i] = i;
        }
        double valueLoss = 0, policyLoss = 0;
        int steps = 0;
        for (int epoch = 0; epoch < _ppo.Epochs; epoch++)
        {
            ShuffleRng.Shuffle(_order.AsSpan());
            for (int start = 0; start < t; start += _minibatchRows)
            {
                int n = Math.Min(_minibatchRows, t - start);
                ReadOnlySpan<int> rows = _order.AsSpan(start, n);
                policyLoss += PolicyStep(rows);
                valueLoss += ValueStep(rows, vIn);
                steps++;
            }
        }
        return new DdpgLosses((float)(valueLoss / steps), (float)(policyLoss / steps));
    }

    /// <summary>
    /// Training slots of the whole training, for <see cref="PpoOptions.AnnealLearningRate"/> (0 until
    /// set; the trainer sets it through <see cref="IMultiAgentLearner.SetTrainingSlots"/>).
    /// </summary>
    public long TrainingSlots
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    }

    // The rates of the update about to run under PpoOptions.AnnealLearningRate: the updates done so far
    // follow from the value network's steps (every update takes Epochs x minibatches of them, and the
    // count is part of the checkpoint), so a resumed training anneals exactly as an uninterrupted one.
    private void SetAnnealedRates()
    {
        if (TrainingSlots <= 0)
        {
            throw new InvalidOperationException("ppo.annealLearningRate needs the training's length: call SetTrainingSlots before the first update.");
        }
        long stepsPerUpdate = (long)_ppo.Epochs * ((_t + _minibatchRows - 1) / _minibatchRows);
        long slotsBefore = ValueOptimizer.StepCount / stepsPerUpdate * _ppo.RolloutSlots;
        double scale = Math.Clamp(1.0 - (double)slotsBefore / TrainingSlots, 0.0, 1.0);
        ActorOptimizer.LearningRateScale = scale;
        LogStdOptimizer.LearningRateScale = scale;
        ValueOptimizer.LearningRateScale = scale;
    }

    // log pi of credit group j's entries of the stored unclipped sample of row `row` under mean mu and the current
    // (or the row's scheduled) std; with one group, of the whole sample.
    private double LogProb(int row, ReadOnlySpan<float> mu, int group, out double sumLogStd)
    {
        ReadOnlySpan<float> x = _raw.AsSpan(row * _aw, _aw);
        bool learned = _ppo.Std == PpoStd.Learned;
        double lp = 0;
        sumLogStd = 0;
        for (int i = group * _gw; i < (group + 1) * _gw; i++)
        {
            double std = learned ? Math.Exp(LogStd[i]) : _sampleStd[row];
            double z = (x[i] - mu[i]) / std;
            double logStd = Math.Log(std);
            lp += -0.5 * z * z - logStd - HalfLog2Pi;
            sumLogStd += logStd;
        }
        return lp;
    }

    /// <summary>
    /// One minibatch step of the actor (and learned log-std) on rows <paramref name="rows"/>; returns
    /// the minibatch's loss -mean min(r A, clip(r, 1 - eps, 1 + eps) A) - c H, plus
    /// <see cref="PpoOptions.AnchorCoefficient"/> times the mean over rows of sum_i (mu_i - 1/2)^2.
    /// </summary>
    internal double PolicyStep(ReadOnlySpan<int> rows)
    {
        int n = rows.Length;
        for (int b = 0; b < n; b++)
        {
            _obs.AsSpan(rows[b] * _ow, _ow).CopyTo(_mbObs.AsSpan(b * _ow, _ow));
        }
        ReadOnlySpan<float> mu = Actor.Forward(_mbObs, n);
        bool learned = _ppo.Std == PpoStd.Learned;
        Array.Clear(_logStdGradient);
        double eps = _ppo.ClipRange, loss = 0, entropy = 0, anchor = _ppo.AnchorCoefficient, anchorLoss = 0;
        for (int b = 0; b < n; b++)
        {
            int row = rows[b];
            ReadOnlySpan<float> m = mu.Slice(b * _aw, _aw);
            ReadOnlySpan<float> x = _raw.AsSpan(row * _aw, _aw);
            Span<float> dmu = _dMu.AsSpan(b * _aw, _aw);
            for (int j = 0; j < _g; j++)
            {
                double logProb = LogProb(row, m, j, out double sumLogStd);
                int k = row * _g + j;
                double ratio = Math.Exp(Math.Clamp(logProb - _oldLogProb[k], -40, 40));
                double adv = _advantages[k];
                double unclipped = ratio * adv;
                double clipped = Math.Clamp(ratio, 1 - eps, 1 + eps) * adv;
                loss -= Math.Min(unclipped, clipped);
                entropy += sumLogStd + _gw * (0.5 + HalfLog2Pi);
                // d(-min)/d log pi = -r A where the unclipped term is the minimum, else 0 (the clip's flat part).
                double g = unclipped <= clipped ? -ratio * adv / n : 0;
                GroupGradient(row, m, x, dmu, j, g, learned, anchor, n, ref anchorLoss);
            }
        }
        loss = (loss + anchor * anchorLoss) / n;
        entropy /= n;
        Actor.Backward(_mbObs, _dMu, n);
        ActorOptimizer.Step(Actor.Parameters, Actor.Gradients);
        if (learned)
        {
            float c = (float)_ppo.EntropyCoefficient;
            for (int i = 0; i < _aw; i++)
            {
                _logStdGradient[i] -= c;
            }
            LogStdOptimizer.Step(LogStd, _logStdGradient);
            float floor = (float)Math.Log(_ppo.MinStd);
            for (int i = 0; i < _aw; i++)
            {
                LogStd[i] = Math.Max(LogStd[i], floor);
            }
        }
        return loss - _ppo.EntropyCoefficient * entropy;
    }

    // The surrogate's gradient with respect to the means of credit group j's entries of one row (dmu), given
    // g = d(-min)/d log pi / n of the group, plus the pull toward the centre; adds the group's log-std gradient.
    private void GroupGradient(int row, ReadOnlySpan<float> m, ReadOnlySpan<float> x, Span<float> dmu, int group, double g, bool learned,
        double anchor, int n, ref double anchorLoss)
    {
        for (int i = group * _gw; i < (group + 1) * _gw; i++)
        {
            double std = learned ? Math.Exp(LogStd[i]) : _sampleStd[row];
            double d = x[i] - m[i];
            double pull = 0;
            if (anchor > 0)
            {
                double off = m[i] - 0.5;
                anchorLoss += off * off;
                pull = 2 * anchor * off / n;
            }
            dmu[i] = (float)(g * d / (std * std) + pull);
            if (learned)
            {
                _logStdGradient[i] += (float)(g * ((d * d) / (std * std) - 1));
            }
        }
    }

    /// <summary>Gradient of the last <see cref="PolicyStep"/>'s loss with respect to the policy means of its rows, [rows, action width] (before the Adam step; for tests).</summary>
    internal ReadOnlySpan<float> LastMeanGradient(int rows) => _dMu.AsSpan(0, rows * _aw);

    /// <summary>Sets the advantages and old log-probs of rollout rows directly (tests of the surrogate's gradient).</summary>
    internal void SetRowForTest(int row, double advantage, double oldLogProb, int group = 0)
    {
        _advantages[row * _g + group] = advantage;
        _oldLogProb[row * _g + group] = oldLogProb;
    }

    private double ValueStep(ReadOnlySpan<int> rows, ReadOnlySpan<float> vIn)
    {
        int n = rows.Length;
        for (int b = 0; b < n; b++)
        {
            vIn.Slice(rows[b] * _vw, _vw).CopyTo(_mbValueInput.AsSpan(b * _vw, _vw));
        }
        ReadOnlySpan<float> v = Value.Forward(_mbValueInput, n);
        double loss = 0;
        for (int b = 0; b < n; b++)
        {
            for (int j = 0; j < _g; j++)
            {
                double d = v[b * _g + j] - _returns[rows[b] * _g + j];
                loss += 0.5 * d * d;
                _dValue[b * _g + j] = (float)(d / n);
            }
        }
        Value.Backward(_mbValueInput, _dValue, n);
        ValueOptimizer.Step(Value.Parameters, Value.Gradients);
        return loss / n;
    }

    /// <summary>Adds the agent's state under <c>agent{m}</c> (docs/checkpoint-format.md, "PPO schemes").</summary>
    public void Save(CheckpointWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        string p = Prefix;
        writer.AddNetwork(p + ".actor", Actor);
        writer.AddNetwork(p + ".value", Value);
        writer.AddFloats(p + ".log_std", LogStd, LogStd.Length);
        writer.AddAdam(p + ".actor_adam", ActorOptimizer);
        writer.AddAdam(p + ".log_std_adam", LogStdOptimizer);
        writer.AddAdam(p + ".value_adam", ValueOptimizer);
        writer.AddRng(p + ".noise_rng", NoiseRng);
        writer.AddRng(p + ".shuffle_rng", ShuffleRng);
        writer.AddFloats(p + ".rollout.obs", _obs, _obs.Length);
        writer.AddFloats(p + ".rollout.next_obs", _nextObs, _nextObs.Length);
        writer.AddFloats(p + ".rollout.raw_actions", _raw, _raw.Length);
        writer.AddFloats(p + ".rollout.sample_std", _sampleStd, _sampleStd.Length);
        writer.AddFloats(p + ".rollout.rewards", _rewards, _rewards.Length);
    }

    /// <summary>Queues the restore of what <see cref="Save"/> wrote.</summary>
    public void Restore(CheckpointRestore restore)
    {
        ArgumentNullException.ThrowIfNull(restore);
        string p = Prefix;
        restore.Network(p + ".actor", Actor)
            .Network(p + ".value", Value)
            .Floats(p + ".log_std", LogStd)
            .Adam(p + ".actor_adam", ActorOptimizer)
            .Adam(p + ".log_std_adam", LogStdOptimizer)
            .Adam(p + ".value_adam", ValueOptimizer)
            .Rng(p + ".noise_rng", NoiseRng)
            .Rng(p + ".shuffle_rng", ShuffleRng)
            .Floats(p + ".rollout.obs", _obs)
            .Floats(p + ".rollout.next_obs", _nextObs)
            .Floats(p + ".rollout.raw_actions", _raw)
            .Floats(p + ".rollout.sample_std", _sampleStd)
            .Floats(p + ".rollout.rewards", _rewards);
    }

    private string Prefix => _prefix;

    /// <summary>The first of this agent's actor, value network and log-std holding a non-finite parameter ("actor", "value network", "log-std"), or null.</summary>
    public string? NonFiniteParameter() =>
        !Finite.All(Actor.Parameters) ? "actor"
        : !Finite.All(Value.Parameters) ? "value network"
        : !Finite.All(LogStd) ? "log-std" : null;
}
