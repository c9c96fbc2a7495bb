using MecMarl.Nn;
using MecMarl.Randomness;

namespace MecMarl.Learning;

/// <summary>
/// One DDPG agent (Lillicrap et al. 2016; SPEC 8): actor mu, critic Q, their targets mu' and Q',
/// and one Adam optimiser each. <see cref="Update(ReplayBatch, ReadOnlySpan{float})"/> is one gradient step, read top to bottom as
/// CleanRL's ddpg_continuous_action.py: target, critic step, actor step, soft update. What the
/// critic sees is decided by <see cref="LearnerLayout.CriticInput"/>, so MA-DRL (joint critic,
/// paper Algorithm 1, eqs. 16 and 18), F-DRL and IL-DRL (own critic) share this class. All
/// workspace is allocated in the constructor; an update allocates nothing.
/// </summary>
public sealed class DdpgLearner
{
    private readonly float[] _criticX;
    private readonly float[] _target;
    private readonly float[] _dq;
    private readonly float[] _dqda;
    private readonly float[] _savedActions;
    private readonly float[] _ownNextActions;

    /// <summary>
    /// Creates the four networks (targets start as copies) initialised per SPEC 8 from
    /// <paramref name="rng"/> (actor first, then critic, then the second critic when
    /// <see cref="DdpgOptions.TwinCritics"/> is on). <paramref name="smoothingRng"/> draws the
    /// target policy smoothing noise and is required when <see cref="DdpgOptions.TargetPolicyNoise"/> is positive.
    /// </summary>
    public DdpgLearner(DdpgOptions options, LearnerLayout layout, Rng rng, Rng? smoothingRng = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(rng);
        options.Validate();
        layout.Validate();
        Options = options;
        Layout = layout;
        int batch = options.BatchSize;
        (NetworkShape actorShape, NetworkShape criticShape) = Shapes(options, layout);
        Actor = new DenseNetwork(actorShape, batch);
        Critic = new DenseNetwork(criticShape, batch);
        TargetActor = new DenseNetwork(actorShape, batch);
        TargetCritic = new DenseNetwork(criticShape, batch);
        Actor.Initialize(rng);
        Critic.Initialize(rng);
        if (options.ZeroActorOutputLayer)
        {
            // After the draws, so that every other parameter is what it would have been.
            Actor.ZeroOutputLayer();
        }
        TargetActor.CopyParametersFrom(Actor);
        TargetCritic.CopyParametersFrom(Critic);
        ActorOptimizer = new Adam(actorShape.ParameterCount, options.ActorLearningRate, options.AdamBeta1, options.AdamBeta2, options.AdamEpsilon, options.MaxGradientNorm);
        CriticOptimizer = new Adam(criticShape.ParameterCount, options.CriticLearningRate, options.AdamBeta1, options.AdamBeta2, options.AdamEpsilon, options.MaxGradientNorm);
        _criticX = new float[batch * criticShape.InputSize];
        _target = new float[batch];
        _dq = new float[batch];
        _dqda = new float[batch * layout.ActionWidth];
        _savedActions = new float[batch * layout.ActionWidth];
        _ownNextActions = new float[batch * layout.BufferActionWidth];
        if (options.TwinCritics)
        {
            Critic2 = new DenseNetwork(criticShape, batch);
            TargetCritic2 = new DenseNetwork(criticShape, batch);
            Critic2.Initialize(rng);
            TargetCritic2.CopyParametersFrom(Critic2);
            Critic2Optimizer = new Adam(criticShape.ParameterCount, options.CriticLearningRate, options.AdamBeta1, options.AdamBeta2, options.AdamEpsilon, options.MaxGradientNorm);
        }
        if (options.TargetPolicyNoise > 0 && smoothingRng is null)
        {
            throw new ArgumentException("TargetPolicyNoise > 0 needs a generator for the smoothing noise.", nameof(smoothingRng));
        }
        SmoothingRng = options.TargetPolicyNoise > 0 ? smoothingRng : null;
        Networks = Critic2 is null
            ? [Actor, Critic, TargetActor, TargetCritic]
            : [Actor, Critic, TargetActor, TargetCritic, Critic2, TargetCritic2!];
    }

    /// <summary>
    /// The shapes of the actor (observation to action) and of the critic (critic input to one value)
    /// a learner of <paramref name="options"/> and <paramref name="layout"/> builds; the targets and
    /// the second critic share them. The constructor builds its networks from these, so signalling
    /// accounting (<see cref="Signalling.SchemeSignalling"/>) reads the same sizes without building a learner.
    /// </summary>
    public static (NetworkShape Actor, NetworkShape Critic) Shapes(DdpgOptions options, LearnerLayout layout)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(layout);
        var actor = NetworkShape.Mlp(layout.ObservationWidth, options.ActorHidden, layout.ActionWidth,
            options.ActorHiddenActivation, options.ActorOutputActivation);
        var critic = NetworkShape.Mlp(layout.CriticInput.Width, options.CriticHidden, 1,
            options.CriticHiddenActivation, Activation.Identity);
        return (actor, critic);
    }

    /// <summary>
    /// The shape of every network of <see cref="Networks"/>, in its order (actor, critic, target actor,
    /// target critic, then with twin critics the second critic and its target), for a learner of
    /// <paramref name="options"/> and <paramref name="layout"/>.
    /// </summary>
    public static IReadOnlyList<NetworkShape> NetworkShapes(DdpgOptions options, LearnerLayout layout)
    {
        ArgumentNullException.ThrowIfNull(options);
        (NetworkShape actor, NetworkShape critic) = Shapes(options, layout);
        return options.TwinCritics ? [actor, critic, actor, critic, critic, critic] : [actor, critic, actor, critic];
    }

    /// <summary>Hyperparameters.</summary>
    public DdpgOptions Options { get; }

    /// <summary>Where this agent's data sits in the replay rows.</summary>
    public LearnerLayout Layout { get; }

    /// <summary>Actor mu: observation -> action.</summary>
    public DenseNetwork Actor { get; }

    /// <summary>Critic Q: critic input -> value.</summary>
    public DenseNetwork Critic { get; }

    /// <summary>Target actor mu'.</summary>
    public DenseNetwork TargetActor { get; }

    /// <summary>Target critic Q'.</summary>
    public DenseNetwork TargetCritic { get; }

    /// <summary>Adam of the actor.</summary>
    public Adam ActorOptimizer { get; }

    /// <summary>Adam of the critic.</summary>
    public Adam CriticOptimizer { get; }

    /// <summary>Second critic (TD3 twin), or null when <see cref="DdpgOptions.TwinCritics"/> is off.</summary>
    public DenseNetwork? Critic2 { get; }

    /// <summary>Target of the second critic, or null.</summary>
    public DenseNetwork? TargetCritic2 { get; }

    /// <summary>Adam of the second critic, or null.</summary>
    public Adam? Critic2Optimizer { get; }

    /// <summary>
    /// The model, every network in a fixed order: actor, critic, target actor, target critic, then
    /// with twin critics the second critic and its target (what F-DRL averages and broadcasts).
    /// </summary>
    public IReadOnlyList<DenseNetwork> Networks { get; }

    /// <summary>Generator of the target smoothing noise, or null when smoothing is off.</summary>
    public Rng? SmoothingRng { get; }

    /// <summary>
    /// FedProx term of federated schemes (<see cref="FedAvgAggregation.ProximalMu"/>), or null (the
    /// paper): its gradient mu (theta - theta_global) is added to the gradients of the networks it
    /// anchors before their optimiser step. Set by <see cref="FederatedAggregator"/>.
    /// </summary>
    public ProximalTerm? Proximal { get; set; }

    /// <summary>Critic steps taken so far (counts delayed actor updates; saved in checkpoints).</summary>
    public long UpdateCount { get; set; }

    /// <summary>Actor loss of the last actor step (reported on steps where the actor is delayed).</summary>
    public float LastActorLoss { get; set; }

    /// <summary>Deterministic action mu(s) of one observation into <paramref name="action"/> (no noise).</summary>
    public void Act(ReadOnlySpan<float> observation, Span<float> action)
    {
        Actor.Forward(observation, 1).CopyTo(action);
    }

    /// <summary>
    /// The trainer's hook for MA-DRL targets: writes mu'_m(s'_m) of every batch row into this
    /// agent's action columns of <paramref name="nextActions"/> ([batch, BufferActionWidth]).
    /// Calling it for every agent assembles the joint target action (mu'_1(s'_1), ..., mu'_M(s'_M))
    /// once per update, shared by all agents' <see cref="Update(ReplayBatch, ReadOnlySpan{float})"/>.
    /// </summary>
    public void WriteTargetActions(ReplayBatch batch, Span<float> nextActions)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int n = batch.Size, width = Layout.BufferActionWidth, aw = Layout.ActionWidth;
        ReadOnlySpan<float> mu = TargetActor.Forward(batch.NextObservations[Layout.ObservationOffset..], n, Layout.BufferObservationWidth);
        for (int b = 0; b < n; b++)
        {
            mu.Slice(b * aw, aw).CopyTo(nextActions.Slice(b * width + Layout.ActionOffset, aw));
        }
        if (SmoothingRng is { } rng)
        {
            // Target policy smoothing (TD3): a' = clip(mu'(s') + clip(N(0, sigma), -c, c), 0, 1).
            double sigma = Options.TargetPolicyNoise, c = Options.TargetNoiseClip;
            for (int b = 0; b < n; b++)
            {
                Span<float> row = nextActions.Slice(b * width + Layout.ActionOffset, aw);
                for (int i = 0; i < aw; i++)
                {
                    double eps = Math.Clamp(sigma * rng.NextGaussian(), -c, c);
                    row[i] = (float)Math.Clamp(row[i] + eps, 0.0, 1.0);
                }
            }
        }
    }

    /// <summary>
    /// One DDPG gradient step on <paramref name="batch"/>. <paramref name="nextActions"/> is the
    /// target action a' = mu'(s') of every batch row in buffer-action layout; leave it empty when
    /// the critic sees only this agent's action (it is then computed here); MA-DRL passes the
    /// joint target actions assembled with <see cref="WriteTargetActions"/>.
    /// </summary>
    public DdpgLosses Update(ReplayBatch batch, ReadOnlySpan<float> nextActions = default) =>
        Update(batch, nextActions, default, default);

    /// <summary>
    /// <see cref="Update(ReplayBatch, ReadOnlySpan{float})"/> with the critic inputs of the batch
    /// (<paramref name="criticInput"/>, from s and a) and of its targets
    /// (<paramref name="nextCriticInput"/>, from s' and a') already built by the caller with
    /// <see cref="LearnerLayout.CriticInput"/>: MA-DRL's critics all see the same joint rows, so the
    /// trainer builds them once per slot instead of once per agent. Either both or neither.
    /// For the actor step the learner writes mu(s) into its own action columns of
    /// <paramref name="criticInput"/> and, before it returns, puts the batch's stored actions back,
    /// so the rows are unchanged afterwards; agents that run one after another on the same thread
    /// can therefore share them, while agents running at the same time each need their own copy.
    /// </summary>
    public DdpgLosses Update(ReplayBatch batch, ReadOnlySpan<float> nextActions, Span<float> criticInput, ReadOnlySpan<float> nextCriticInput)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int n = batch.Size;
        if (n > Options.BatchSize || batch.ObservationWidth != Layout.BufferObservationWidth
            || batch.ActionWidth != Layout.BufferActionWidth || batch.RewardWidth != Layout.BufferRewardWidth)
        {
            throw new ArgumentException("Batch does not match the learner layout or is larger than BatchSize.", nameof(batch));
        }
        ICriticInput input = Layout.CriticInput;
        Span<float> x = _criticX.AsSpan(0, n * input.Width);
        Span<float> y = _target.AsSpan(0, n);
        Span<float> dq = _dq.AsSpan(0, n);
        ReadOnlySpan<float> obs = batch.Observations[Layout.ObservationOffset..];
        int obsStride = Layout.BufferObservationWidth;

        // 1. Target: y = r + gamma * (1 - done) * Q'(s', mu'(s'))  (paper eq. 16).
        if (nextActions.IsEmpty)
        {
            if (Layout.BufferActionWidth != Layout.ActionWidth)
            {
                throw new ArgumentException("A joint critic needs the other agents' target actions.", nameof(nextActions));
            }
            WriteTargetActions(batch, _ownNextActions);
            nextActions = _ownNextActions;
        }
        bool prebuilt = !criticInput.IsEmpty;
        if (prebuilt && (criticInput.Length < n * input.Width || nextCriticInput.Length < n * input.Width))
        {
            throw new ArgumentException("Prebuilt critic inputs must hold batch x critic-input-width values each.", nameof(criticInput));
        }
        ReadOnlySpan<float> xNext = x;
        if (prebuilt)
        {
            xNext = nextCriticInput[..(n * input.Width)];
        }
        else
        {
            input.Build(batch.NextObservations, nextActions, n, x);
        }
        ReadOnlySpan<float> qNext = TargetCritic.Forward(xNext, n);
        ReadOnlySpan<float> qNext2 = TargetCritic2 is null ? qNext : TargetCritic2.Forward(xNext, n);
        float gamma = (float)Options.Gamma;
        for (int b = 0; b < n; b++)
        {
            float next = Math.Min(qNext[b], qNext2[b]);
            y[b] = batch.Rewards[b * Layout.BufferRewardWidth + Layout.RewardIndex] + gamma * (1f - batch.Terminals[b]) * next;
        }

        // 2. Critic step: minimise loss(Q(s, a), y) over the stored actions (both critics with twins).
        ReadOnlySpan<float> xs = x;
        if (prebuilt)
        {
            xs = criticInput[..(n * input.Width)];
        }
        else
        {
            input.Build(batch.Observations, batch.Actions, n, x);
        }
        ReadOnlySpan<float> q = Critic.Forward(xs, n);
        float criticLoss = CriticLossAndGradient(q, y, dq);
        Critic.Backward(xs, dq, n);
        Proximal?.AddGradient(Critic.Parameters, Proximal.Critic, Critic.Gradients);
        // The target critics move only on actor steps (every PolicyDelay-th update). Their soft update
        // reads the critic as left by this critic step, which the actor step does not change, so it is
        // fused into the critic's Adam pass (bit-identical to a separate pass after the actor step).
        bool actorStep = (UpdateCount + 1) % Options.PolicyDelay == 0;
        float tau = (float)Options.Tau;
        StepCritic(CriticOptimizer, Critic, TargetCritic, actorStep, tau);
        if (Critic2 is not null)
        {
            ReadOnlySpan<float> q2 = Critic2.Forward(xs, n);
            criticLoss = 0.5f * (criticLoss + CriticLossAndGradient(q2, y, dq));
            Critic2.Backward(xs, dq, n);
            Proximal?.AddGradient(Critic2.Parameters, Proximal.Critic2, Critic2.Gradients);
            StepCritic(Critic2Optimizer!, Critic2, TargetCritic2!, actorStep, tau);
        }
        UpdateCount++;
        if (!actorStep)
        {
            return new DdpgLosses(criticLoss, LastActorLoss);
        }

        // 3. Actor step: minimise -mean Q(s, ..., mu(s_m), ...) through the updated critic (eq. 18).
        // The rows are [s, a] with this agent's action columns replaced by mu(s); prebuilt rows are
        // changed in place and restored below.
        if (prebuilt)
        {
            x = criticInput[..(n * input.Width)];
        }
        ReadOnlySpan<float> mu = Actor.Forward(obs, n, obsStride);
        int a0 = input.ActionStart, aw = input.ActionWidth, width = input.Width;
        for (int b = 0; b < n; b++)
        {
            Span<float> own = x.Slice(b * width + a0, aw);
            if (prebuilt)
            {
                own.CopyTo(_savedActions.AsSpan(b * aw, aw));
            }
            mu.Slice(b * aw, aw).CopyTo(own);
        }
        q = Critic.Forward(x, n);
        double qSum = 0;
        for (int b = 0; b < n; b++)
        {
            qSum += q[b];
        }
        dq.Fill(-1f / n);
        Span<float> dqda = _dqda.AsSpan(0, n * aw);
        Critic.Backward(x, dq, n, parameterGradients: false, dqda, a0, aw);
        if (prebuilt)
        {
            for (int b = 0; b < n; b++)
            {
                _savedActions.AsSpan(b * aw, aw).CopyTo(x.Slice(b * width + a0, aw));
            }
        }
        Actor.Backward(obs, dqda, n, inputStride: obsStride);
        Proximal?.AddGradient(Actor.Parameters, Proximal.Actor, Actor.Gradients);
        // 4. Soft target update theta' = tau theta + (1 - tau) theta': the actor's fused into its Adam
        // pass; the critics' were done in theirs.
        ActorOptimizer.StepWithSoftUpdate(Actor.Parameters, Actor.Gradients, TargetActor.Parameters, tau);
        LastActorLoss = (float)(-qSum / n);
        return new DdpgLosses(criticLoss, LastActorLoss);
    }

    /// <summary>Copies actor and critic into their targets (hard update).</summary>
    public void HardUpdateTargets()
    {
        TargetActor.CopyParametersFrom(Actor);
        TargetCritic.CopyParametersFrom(Critic);
        TargetCritic2?.CopyParametersFrom(Critic2!);
    }

    // One Adam step of a critic, with the soft update of its target in the same pass on actor steps.
    private static void StepCritic(Adam optimizer, DenseNetwork critic, DenseNetwork target, bool softUpdate, float tau)
    {
        if (softUpdate)
        {
            optimizer.StepWithSoftUpdate(critic.Parameters, critic.Gradients, target.Parameters, tau);
        }
        else
        {
            optimizer.Step(critic.Parameters, critic.Gradients);
        }
    }

    /// <summary>Mean loss over the batch and its gradient dL/dq into <paramref name="dq"/>.</summary>
    private float CriticLossAndGradient(ReadOnlySpan<float> q, ReadOnlySpan<float> y, Span<float> dq)
    {
        int n = q.Length;
        double loss = 0;
        if (Options.CriticLoss == CriticLoss.Mse)
        {
            for (int b = 0; b < n; b++)
            {
                float d = q[b] - y[b];
                loss += (double)d * d;
                dq[b] = 2f * d / n;
            }
        }
        else
        {
            float delta = (float)Options.HuberDelta;
            for (int b = 0; b < n; b++)
            {
                float d = q[b] - y[b];
                float ad = Math.Abs(d);
                loss += ad < delta ? 0.5 * d * d : delta * (ad - 0.5 * delta);
                dq[b] = (ad < delta ? d : delta * Math.Sign(d)) / n;
            }
        }
        return (float)(loss / n);
    }
}
