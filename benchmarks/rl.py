"""RL baselines: how fast episodes are collected, and how long each method takes at the paper's preset.

1. Collection, measured in one run on the same environment and policy (an epsilon-greedy MLP, as DQN explores):
   the per-transition path this library used before (`collect_per_transition`: one `ReplayBuffer.add` per
   transition, 32 episodes at a time as DQN collected them) against the batched path (`collect` + `to_buffer`,
   256 episodes at a time), in environment steps per second, and their ratio; also both at the same batch size.
2. Each method under the compact RL protocol (recipe 'billp', trained once and tested greedily: the paper preset
   before it took EasyRL4Rec's protocol, whose cost `benchmarks/rl_epochs.py` measures) at a stated fraction of that
   preset's budget (--fraction 0.02: 2,000 episodes, 1,000 updates), with the linear extrapolation to the full
   budget: collection scales with episodes, updates with updates (A2C and DORL make one update per 16 episodes; the
   offline methods' data is the logs, whose size does not scale).

    python benchmarks/rl.py [--env ml-100k] [--fraction 0.02] [--methods dqn,sqn,bcq,cql,crr,a2c,dorl]
                            [--collect-episodes 2000] [--check runs/paper/rl]

`--check FOLDER` prints, beside each extrapolation, the training time of a stored run of that method on that
environment (seed 0) made under the same protocol, so the extrapolation can be compared with a real run.
"""

import argparse, json, os, tempfile, time
from pathlib import Path

os.environ.setdefault('OMP_NUM_THREADS', '1')
import numpy as np, torch

torch.set_num_threads(1)
from billp.experiments import run_rl, preset
from billp.sim.env import make_batch_env
from billp.rl.base import collect, collect_per_transition, to_buffer
from billp.rl.nets import MLP, ItemEncoder, masked, on_active


def epsilon_greedy(env, seed=0, epsilon=0.3):
    "An untrained MLP's epsilon-greedy policy: the per-step work of DQN's exploration."
    torch.manual_seed(seed)
    net = MLP(ItemEncoder(env.sim.world.item_emb, env.cfg.window), env.n_items)
    rng = np.random.default_rng(seed)

    def act(items, env, rows):
        with torch.no_grad():
            actions = masked(net(items)[0], env, rows).argmax(1).numpy()
        explore = rng.random(len(actions)) < epsilon
        actions[explore] = rng.integers(0, env.n_items, explore.sum())
        return actions

    return act


def old_policy(env, seed=0, epsilon=0.3):
    "The same policy as the path before computed it: numpy state features for every row, the MLP on all of them."
    score = epsilon_greedy(env, seed, epsilon)
    return lambda obs, env: score(obs['recent_items'], env, np.arange(env.B))


def timed(fn):
    started = time.perf_counter()
    steps = fn()
    return steps, time.perf_counter() - started


def collection(env_name, episodes):
    env = make_batch_env(env_name, 'train', max_rounds=100)
    print(f"== collection on {env_name} (train), {episodes:,} episodes, the same policy and seeds for every path")
    rows = [
        (
            'per-transition add, 32 episodes a batch (before)',
            lambda: collect_per_transition(env, old_policy(env), episodes, chunk=32)[1],
        ),
        (
            'per-transition add, 256 episodes a batch',
            lambda: collect_per_transition(env, old_policy(env), episodes, chunk=256)[1],
        ),
        (
            'batched collect + to_buffer, 32 a batch',
            lambda: len(to_buffer(collect(env, on_active(epsilon_greedy(env)), episodes, chunk=32)[0])),
        ),
        (
            'batched collect + to_buffer, 256 a batch (now)',
            lambda: len(to_buffer(collect(env, on_active(epsilon_greedy(env)), episodes, chunk=256)[0])),
        ),
    ]
    results = []
    for name, fn in rows:
        steps, seconds = timed(fn)
        results.append((name, steps, seconds))
    base = results[0][1] / results[0][2]
    print(f"{'path':50s} {'env steps':>10s} {'seconds':>8s} {'steps/s':>10s} {'ratio':>7s}")
    for name, steps, seconds in results:
        print(f"{name:50s} {steps:10,d} {seconds:8.2f} {steps / seconds:10,.0f} {steps / seconds / base:6.1f}x")


FIRST_PROTOCOL = dict(
    recipe='billp', epochs=1, evaluation='greedy'
)  # the compact recipe, one greedy test (the smoke preset's protocol)


def stored_seconds(folder, env_name, method):
    "Training seconds of the stored seed-0 run of `method` on `env_name` under the compact protocol (else None)."
    path = Path(folder) / env_name / method / 'seed0' / 'summary.json'
    if not path.exists():
        return None
    summary = json.loads(path.read_text())
    protocol = {key: summary['config'].get(key, value) for key, value in FIRST_PROTOCOL.items()}
    return summary['train_seconds'] if protocol == FIRST_PROTOCOL else None


def methods(env_name, fraction, names, check):
    P = preset('paper', 'rl')
    eps, ups = max(1, int(P['episodes'] * fraction)), max(1, int(P['updates'] * fraction))
    print(
        f"\n== {env_name}: {fraction:.0%} of the compact protocol's paper budget: {eps:,} episodes, {ups:,} "
        f"updates (batch {P['batch_size']}),"
        f" evaluation {P['test_episodes']} test episodes, max {P['max_rounds']} rounds"
    )
    print(
        f"{'method':7s} {'train s':>8s} {'env steps':>10s} {'steps/s':>9s} {'updates':>8s} {'updates/s':>9s} "
        f"{'eval s':>7s} {'Len':>6s} {'paper preset (extrapolated)':>28s} {'stored run':>11s}"
    )
    out = tempfile.mkdtemp()
    for m in names:
        s = run_rl(env_name, m, out, seed=0, preset_name='paper', episodes=eps, updates=ups, **FIRST_PROTOCOL)
        t, col = s['train_seconds'], s['info'].get('collect_seconds', 0.0)
        upd_s = max(t - col, 1e-9)
        offline = 'offline_data' in s['info']
        # offline: the data is fixed, updates scale; online: episodes (and A2C's updates, one per 16) scale
        full = col + upd_s / fraction if offline else (col + upd_s) / fraction
        stored = stored_seconds(check, env_name, m) if check else None
        print(
            f"{m:7s} {t:8.1f} {s['env_steps']:10,d} {s['env_steps_per_second']:9,.0f} {s['updates']:8,d} "
            f"{s['updates'] / upd_s:9.1f} {s['eval_seconds']:7.2f} {s['metrics']['Len']:6.2f} {full / 3600:26.2f} h "
            f"{'' if stored is None else f'{stored / 3600:9.2f} h':>11s}"
        )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--env', default='ml-100k')
    ap.add_argument('--fraction', type=float, default=0.02)
    ap.add_argument('--methods', default='dqn,sqn,bcq,cql,crr,a2c,dorl')
    ap.add_argument('--collect-episodes', type=int, default=2000)
    ap.add_argument('--check', default=None, help='folder of stored paper-preset RL runs to compare with')
    a = ap.parse_args()
    collection(a.env, a.collect_episodes)
    if a.methods:
        methods(a.env, a.fraction, a.methods.split(','), a.check)


if __name__ == '__main__':
    main()
