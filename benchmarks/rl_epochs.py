"""What the paper's RL rows cost at EasyRL4Rec's budgets, with the networks and constants of each recipe
(`billp.rl.base.RECIPES`: EasyRL4Rec's, and the compact one): each method's seconds per EasyRL4Rec epoch on Steam and
Amazon-Book, the projection to the full set (7 methods x 2 environments x 3 seeds x 100 epochs, in core-hours), and the
floor: the FLOPs an epoch's updates and rollouts need (one forward and one backward pass of the trained networks per
update, one forward per env step, a GRU's weights once per item of a state; the forward passes of the Q-learning
methods' targets are left out), at the matrix-multiply throughput measured here on one core.

EasyRL4Rec's epoch (chongminggao/EasyRL4Rec, examples/policy/policy_utils.py get_args_all, policy_offline_utils.py
get_args_offline, tianshou's trainers): DQN 10,000 env steps and 0.125 updates of 64 per step (1,250); A2C and DORL
100,000 env steps in collects of 100 episodes, one pass over each collect in minibatches of 1,024; offline methods
1,000 updates of 64. 100 epochs in every logged run. Each epoch also tests 100 episodes (measured too).

A fraction of an epoch is timed (--fraction) and scaled by its env steps (online) or updates (offline), after a first
fraction of the same size that warms up what is built once (tianshou's numba n-step kernel compiles in ~1.4 s). Each
path is timed --repeats times, the paths in turn, and the fastest counts: shared machines slow down for seconds at a
time.

Two baselines, measured in the same run. Each method's epoch on the old update path (`Learner.update_path =
'tianshou'`: tianshou's `update`, as the stored paper-preset runs were trained) beside today's ('billp': the same
numbers, bit for bit, from arrays and precomputed n-step targets); A2C, DORL and SQN have one path. And, in a child
process (`--paths library`), the pairs named by --baseline with the library paths billp replaced earlier where a
profile showed why (tianshou's DiscreteCQL computing every item's quantiles, its actor policy drawing an action in every
update, torch's unfused Adam, glibc returning freed gradients to the kernel). The full set is projected on both paths,
as a ratio to its FLOP floor (the goal: at most 2x, every method at most 3x).

    python benchmarks/rl_epochs.py [--envs steam,amazon-book] [--methods dqn,a2c,dorl,bcq,cql,crr,sqn]
                                   [--networks easyrl4rec[,billp]] [--fraction 0.2]
                                   [--baseline amazon-book:cql,amazon-book:a2c] [--check runs/paper/rl]

`--check FOLDER` prints beside each projection the stored paper-preset runs' measured epochs (each run's median
epoch, training only, over its seeds) and, under the total, the stored set's training hours: what the runs cost as
they were run, beside what this run projects.
"""

import argparse, json, os, statistics, subprocess, sys, time

os.environ.setdefault('OMP_NUM_THREADS', '1')
import torch

torch.set_num_threads(1)
import billp.rl.online, billp.rl.offline  # noqa: F401 (the learners register)
from billp.rl.base import LEARNERS, OFFLINE_DATA, RECIPES, Learner
from billp.records import load_summaries
from billp.rl.nets import EpsilonGreedyPolicy, GRUEncoder
from billp.sim.env import make_batch_env, rollout

EPOCHS, SEEDS = 100, 3
ONLINE = ('dqn', 'a2c', 'dorl')
EASY = RECIPES['easyrl4rec']
FULL = dict(dqn_steps=EASY['dqn_steps'], a2c_steps=EASY['a2c_steps'], offline_updates=EASY['offline_updates'])


GFLOPS = [0.0]  # the best matrix-multiply throughput of this run (measured before each pair: the floor's)


def bench_recipe(networks, fraction):
    "EasyRL4Rec's epoch budgets at `fraction` of their size, with the networks and constants of recipe `networks`."
    scaled = {key: max(1, round(value * fraction)) for key, value in FULL.items()}
    budgets = {key: EASY[key] for key in ('dqn_updates_per_step', 'dqn_collect', 'a2c_collect', 'batch', 'a2c_batch')}
    return {**RECIPES[networks], **budgets, **scaled, 'train_epsilon': EASY['train_epsilon']}


def matmul_gflops(size=512, repeats=20):
    "Single-core float32 matrix-multiply throughput here, in GFLOP/s."
    a, b = torch.randn(size, size), torch.randn(size, size)
    a @ b
    started = time.perf_counter()
    for _ in range(repeats):
        a @ b
    return 2 * size**3 * repeats / (time.perf_counter() - started) / 1e9


def library_paths():
    "Put back the library paths billp replaced (this process only): the baseline's code."
    from tianshou.algorithm.imitation.discrete_cql import DiscreteCQL
    from tianshou.algorithm.modelfree.reinforce import DiscreteActorPolicy
    from tianshou.algorithm.optim import AdamOptimizerFactory
    import billp.rl.base, billp.rl.offline, billp.rl.online

    billp.rl.offline.CQLLearner.algorithm = DiscreteCQL
    Learner.update_path = 'tianshou'
    billp.rl.base.keep_freed_memory = lambda: None
    for module in (billp.rl.online, billp.rl.offline):
        module.FusedAdam, module.ActorPolicy = AdamOptimizerFactory, DiscreteActorPolicy


def parameters(modules):
    return sum(p.numel() for m in modules.values() for p in m.parameters() if p.requires_grad)


def floor_parameters(learner):
    "The parameters an update computes with, as multiply-adds per row (see below)."
    # CQL's quantile layer counts once per item (its Q-values) plus one item's; SQN's GRU applies its weights once per
    # item of a state: its parameters count as many times as the data's states hold items, on average
    params = parameters(learner.modules())
    net = getattr(learner, 'net', None)
    if getattr(net, 'n_quantiles', None) and learner.algorithm.__name__ == 'FactorisedCQL':
        params -= net.f[-1].weight.numel() * (net.n_quantiles - 1) // net.n_quantiles
    encoder = getattr(net, 'encoder', None)
    if isinstance(encoder, GRUEncoder):
        items = (learner.buffer.obs[: len(learner.buffer)] < encoder.n_items).sum(1).mean()
        params += sum(p.numel() for p in encoder.gru.parameters()) * (max(float(items), 1.0) - 1)
    return params


def test_seconds(env_test, learner):
    "Seconds and env steps of one epoch's test: 100 episodes, epsilon-greedy on the learner's scores."
    users = env_test.draw_users(100, seed=1)
    started = time.perf_counter()
    policy = EpsilonGreedyPolicy(learner.scores, 0.01, state_fn=learner.state_fn)
    episodes = rollout(env_test, policy, users=users, seed=1)
    return time.perf_counter() - started, int(episodes['len'].sum())


def built(name, env, path=None, epochs=2):
    "(learner of `name` on update path `path`, seconds building its data), its first epoch share done (a warm-up)."
    # path None: `Learner.update_path`, as `library_paths` sets it
    settings = dict(recipe='bench', lr=1e-3, ensemble=5, epochs=epochs, offline_data=OFFLINE_DATA[0])
    torch.manual_seed(0)
    started = time.perf_counter()
    learner = LEARNERS[name](env, settings, seed=0)
    learner.update_path = path or learner.update_path
    data_seconds = 0.0 if name in ONLINE else time.perf_counter() - started  # the offline data: once per run
    learner.train_epoch(0, epochs)
    return learner, data_seconds


def full_epoch_seconds(learner, name, epoch, epochs):
    "Seconds of epoch share `epoch` of `learner`, scaled to a full EasyRL4Rec epoch by its env steps or updates."
    before = dict(learner.counters)
    started = time.perf_counter()
    learner.train_epoch(epoch, epochs)
    seconds = time.perf_counter() - started
    measured = {key: learner.counters[key] - before[key] for key in before}
    if name in ONLINE:
        full = FULL['dqn_steps'] if name == 'dqn' else FULL['a2c_steps']
        return seconds * full / max(measured['env_steps'], 1)
    return seconds * FULL['offline_updates'] / max(measured['updates'], 1)


def epoch_flops(learner, name):
    "The FLOPs of a full EasyRL4Rec epoch's training of `learner`: its floor (see above)."
    params = floor_parameters(learner)
    if name not in ONLINE:
        return 6 * params * EASY['batch'] * FULL['offline_updates']
    full = FULL['dqn_steps'] if name == 'dqn' else FULL['a2c_steps']
    batch = EASY['batch'] if name == 'dqn' else EASY['a2c_batch']
    updates = full * EASY['dqn_updates_per_step'] if name == 'dqn' else full / batch  # A2C: one pass
    return 6 * params * batch * updates + 2 * params * full


def one_epoch(name, env, fraction):
    "(learner, seconds of a full EasyRL4Rec epoch, its training FLOPs, seconds building the data) of method `name`."
    learner, data_seconds = built(name, env)
    return learner, full_epoch_seconds(learner, name, 1, 2), epoch_flops(learner, name), data_seconds


def method_row(name, env, env_test, repeats):
    "Seconds per epoch of `name` on both update paths (timed in turn, the fastest of `repeats` each), and its floor."
    paths = LEARNERS[name].update_paths  # ('billp', 'tianshou'), or one
    learners = {path: built(name, env, path, epochs=repeats + 1) for path in paths}
    times = {path: [] for path in paths}
    for epoch in range(1, repeats + 1):  # in turn, so that the machine's drift reaches both paths alike
        for path in paths:
            times[path].append(full_epoch_seconds(learners[path][0], name, epoch, repeats + 1))
    learner, once = learners['billp']
    new, old = min(times['billp']), min(times[paths[-1]])
    testing, test_steps = test_seconds(env_test, learner)
    params = floor_parameters(learner)
    flops = (epoch_flops(learner, name) + 2 * params * test_steps) * EPOCHS  # the floor: at the best throughput
    old_run, new_run = ((seconds + testing) * EPOCHS + once for seconds in (old, new))
    return dict(
        old=old, new=new, testing=testing, once=once, old_run=old_run, new_run=new_run, flops=flops, params=params
    )


def row_line(env_name, name, row):
    "One printed line: both paths' epochs, the test, the runs, the floor and today's ratio to it."
    paths = f"old {row['old']:6.1f}  new {row['new']:6.1f}  ({row['old'] / row['new']:4.2f}x)"
    return (
        f"{env_name:12s} {name:5s} train {paths}  test {row['testing']:4.1f}  data {row['once']:4.1f} s/run  "
        f"run {row['old_run'] / 3600:5.2f} -> {row['new_run'] / 3600:5.2f} h  FLOP floor {row['floor'] / 3600:6.3f} h  "
        f"{row['new_run'] / row['floor']:4.1f}x floor  ({row['params'] / 1e6:.2f}M parameters)"
    )


def stored_runs(folder):
    "The stored EasyRL4Rec-recipe runs under `folder` (`billp.records.load_summaries`); none without --check."
    summaries = load_summaries(folder) if folder else []
    return [summary for summary in summaries if summary['config'].get('recipe') == 'easyrl4rec']


def stored_line(stored, env_name, name):
    "Each stored run's median epoch (training only) of `name` on `env_name`, to print beside its projection."
    medians = [
        statistics.median(epoch['train_seconds'] for epoch in summary['epochs'])
        for summary in stored
        if (summary['config']['env'], summary['config']['agent']) == (env_name, name) and summary.get('epochs')
    ]
    return f"  stored {len(medians)} runs: {', '.join(f'{m:.1f}' for m in medians)} s/epoch" if medians else ''


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--envs', default='steam,amazon-book')
    parser.add_argument('--methods', default='dqn,a2c,dorl,bcq,cql,crr,sqn')
    parser.add_argument('--networks', default='easyrl4rec', help="recipes whose networks and constants are timed")
    parser.add_argument('--fraction', type=float, default=0.2, help='share of an epoch timed (then scaled)')
    parser.add_argument('--repeats', type=int, default=3, help='epoch shares timed per path, in turn (the fastest)')
    parser.add_argument('--baseline', default='amazon-book:cql,amazon-book:a2c', help="env:method pairs ('' for none)")
    parser.add_argument('--check', default=None, help='folder of stored paper-preset RL runs to put beside')
    parser.add_argument('--paths', default='billp', choices=('billp', 'library'), help=argparse.SUPPRESS)
    parser.add_argument('--json', action='store_true', help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.paths == 'library':
        library_paths()
    if args.json:  # the child process of the baseline: seconds per epoch of each pair, as JSON
        RECIPES['bench'] = bench_recipe('easyrl4rec', args.fraction)
        times = {}
        for pair in args.baseline.split(','):
            env_name, name = pair.split(':')
            torch.manual_seed(0)
            times[pair] = one_epoch(name, make_batch_env(env_name, 'train', max_rounds=100), args.fraction)[1]
        print(json.dumps(times))
        return
    totals, measured, stored = {}, {}, stored_runs(args.check)
    for networks in args.networks.split(','):
        RECIPES['bench'] = bench_recipe(networks, args.fraction)
        rows = []
        for env_name in args.envs.split(','):
            env = make_batch_env(env_name, 'train', max_rounds=100)
            env_test = make_batch_env(env_name, 'test', max_rounds=100)
            for name in args.methods.split(','):
                GFLOPS[0] = max(GFLOPS[0], matmul_gflops())
                row = method_row(name, env, env_test, args.repeats) | dict(pair=f'{env_name} {name}')
                rows.append(row | dict(stored=stored_line(stored, env_name, name)))
                measured[f'{env_name}:{name}'] = row['new']
                print(f"timed {row['pair']}", file=sys.stderr, flush=True)
        totals[networks] = rows
    print(
        f"one core: {GFLOPS[0]:.1f} GFLOP/s at best (float32 matmul 512x512, measured before each pair); "
        f"EasyRL4Rec's epoch budgets; {args.fraction:g} of an epoch timed {args.repeats} times a path, in turn"
    )
    for networks, rows in totals.items():
        print(f"\nnetworks and constants of recipe {networks!r} (hidden {RECIPES[networks]['hidden']}); s/epoch, h/run")
        for row in rows:
            row['floor'] = row['flops'] / 1e9 / GFLOPS[0]
            print(row_line(*row['pair'].split(), row) + row['stored'])
    print()
    for networks, rows in totals.items():
        old, new, floor = (sum(row[key] for row in rows) * SEEDS / 3600 for key in ('old_run', 'new_run', 'floor'))
        worst = max(rows, key=lambda row: row['new_run'] / row['floor'])
        print(
            f"full set, {networks} networks ({len(rows)} method-environment pairs x {SEEDS} seeds x {EPOCHS} epochs): "
            f"{old:.1f} core-hours on the old path ({old / floor:.1f}x its FLOP floor), {new:.1f} today "
            f"({new / floor:.1f}x), FLOP floor {floor:.2f}; {old / new:.2f}x faster; goal at most 2x the floor; "
            f"furthest from its floor: {worst['pair']} at {worst['new_run'] / worst['floor']:.1f}x"
        )
    if stored:
        hours = sum(summary['train_seconds'] for summary in stored) / 3600
        print(f"stored runs under {args.check}: {len(stored)}, {hours:.1f} h of training as they were run")
    if args.baseline and 'easyrl4rec' in args.networks.split(','):
        print("\nbaseline (library paths, measured now in a child process), easyrl4rec networks:")
        command = [
            sys.executable,
            __file__,
            '--paths',
            'library',
            '--json',
            '--baseline',
            args.baseline,
            '--fraction',
            str(args.fraction),
        ]
        child = subprocess.run(command, capture_output=True, text=True, check=True)
        for pair, seconds in json.loads(child.stdout.strip().splitlines()[-1]).items():
            ours = measured.get(pair)
            ratio = f"{seconds / ours:4.1f}x faster now" if ours else "(not timed above)"
            now = ours or float('nan')
            print(f"{pair:18s} train {seconds:7.1f} s/epoch with the library paths, {now:7.1f} now: {ratio}")


if __name__ == '__main__':
    main()
