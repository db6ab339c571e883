"""Where an RL method's training time goes, per method, at EasyRL4Rec's networks and budgets: a share of an epoch run
twice, once timed and once under torch's profiler, and the timed seconds split into what torch's operators did
(matrix multiplies; the optimiser's fused step; the GRU; every other operator: elementwise, reductions, indexing,
copies) and what ran outside them (Python, numpy, tianshou's batches, the environment, the interpreter's dispatch to
torch). The profiler's own cost (a few microseconds an operator) inflates the operator shares a little; the split is
reported as shares of the profiled run's seconds, printed beside the seconds of the same share run without the
profiler.

    python benchmarks/rl_profile.py [--envs steam,amazon-book] [--methods dqn,a2c,dorl,bcq,cql,crr,sqn]
                                    [--paths billp,tianshou] [--fraction 0.05]

`--paths` names the update paths profiled (`billp.rl.base.Learner.update_path`), each among its learner's
`update_paths`.
"""

import argparse, os, time
from collections import defaultdict

os.environ.setdefault('OMP_NUM_THREADS', '1')
import torch

torch.set_num_threads(1)
import billp.rl.online, billp.rl.offline  # noqa: F401 (the learners register)
from billp.rl.base import LEARNERS, RECIPES
from rl_epochs import bench_recipe, built  # the same learners, built as that benchmark builds them
from billp.sim.env import make_batch_env

CATEGORIES = {  # torch operator -> category (self time); every other operator is 'other operators'
    'aten::addmm': 'matmul',
    'aten::mm': 'matmul',
    'aten::bmm': 'matmul',
    'aten::_fused_adam_': 'optimiser',
    'aten::_foreach_add_': 'optimiser',
}


def category(name):
    "The category of torch operator `name` (its self time)."
    if 'gru' in name.lower() or 'rnn' in name.lower():
        return 'GRU'
    return CATEGORIES.get(name, 'other operators')


def profile_row(name, env, fraction, path):
    "Seconds of a share of an epoch and its split by category, as shares of those seconds."
    RECIPES['bench'] = bench_recipe('easyrl4rec', fraction)
    learner, _ = built(name, env, path, epochs=3)  # its first share done: what is built once, warmed up
    started = time.perf_counter()
    learner.train_epoch(1, 3)
    seconds = time.perf_counter() - started
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as profiler:
        started = time.perf_counter()
        learner.train_epoch(2, 3)
        profiled = time.perf_counter() - started
    split = defaultdict(float)
    for event in profiler.key_averages():
        if event.key.startswith('aten::'):  # operators only: the autograd engine's and optimisers' ranges nest them
            split[category(event.key)] += event.self_cpu_time_total / 1e6
    split['outside torch operators'] = max(profiled - sum(split.values()), 0.0)
    return seconds, profiled, {key: value / profiled for key, value in split.items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--envs', default='steam,amazon-book')
    parser.add_argument('--methods', default='dqn,a2c,dorl,bcq,cql,crr,sqn')
    parser.add_argument('--paths', default='billp,tianshou')
    parser.add_argument('--fraction', type=float, default=0.05, help='share of an epoch profiled')
    args = parser.parse_args()
    order = ('matmul', 'optimiser', 'GRU', 'other operators', 'outside torch operators')
    print(f"share of each method's training time, {args.fraction:g} of an EasyRL4Rec epoch (easyrl4rec networks)")
    print(
        f"{'':12s} {'':5s} {'path':9s} {'s/epoch':>8s} {'profiled':>8s}  "
        + '  '.join(f'{key[:10]:>10s}' for key in order)
    )
    for env_name in args.envs.split(','):
        env = make_batch_env(env_name, 'train', max_rounds=100)
        for name in args.methods.split(','):
            for path in [path for path in args.paths.split(',') if path in LEARNERS[name].update_paths]:
                seconds, profiled, split = profile_row(name, env, args.fraction, path)
                shares = '  '.join(f'{split.get(key, 0.0):10.0%}' for key in order)
                per_epoch = f"{seconds / args.fraction:8.1f} {profiled / args.fraction:8.1f}"
                print(f"{env_name:12s} {name:5s} {path:9s} {per_epoch}  {shares}", flush=True)


if __name__ == '__main__':
    main()
