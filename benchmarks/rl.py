"""RL baselines: training time and environment steps per second for each method, and evaluation time per 100
test episodes, measured in one run on these cores.

The paper preset (100,000 episodes of data or interaction, 50,000 updates) takes long on 2 cores, so by default
this runs a stated fraction of it (--fraction 0.02: 2,000 episodes and 1,000 updates) and also prints the
linear extrapolation to the full preset (collection and updates both scale linearly with their counts).

    python benchmarks/rl.py [--env ml-100k] [--fraction 0.02] [--methods dqn,sqn,bcq,cql,crr,a2c,dorl]
"""

import argparse, os, tempfile, time

os.environ.setdefault('OMP_NUM_THREADS', '1')
import torch

torch.set_num_threads(1)
from billp.experiments import run_rl, preset


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--env', default='ml-100k')
    ap.add_argument('--fraction', type=float, default=0.02)
    ap.add_argument('--methods', default='dqn,sqn,bcq,cql,crr,a2c,dorl')
    a = ap.parse_args()
    P = preset('paper', 'rl')
    eps, ups = max(1, int(P['episodes'] * a.fraction)), max(1, int(P['updates'] * a.fraction))
    print(
        f"== {a.env}: {a.fraction:.0%} of the paper preset: {eps:,} episodes, {ups:,} updates (batch {P['batch_size']}), "
        f"evaluation {P['test_episodes']} test episodes, max {P['max_rounds']} rounds"
    )
    print(
        f"{'method':7s} {'train s':>9s} {'env steps':>10s} {'steps/s':>9s} {'updates/s':>10s} {'eval s/100 eps':>15s} {'Len':>6s} {'full-preset train (extrapolated)':>34s}"
    )
    out = tempfile.mkdtemp()
    for m in a.methods.split(','):
        s = run_rl(a.env, m, out, seed=0, preset_name='paper', episodes=eps, updates=ups)
        t, col = s['train_seconds'], s['info'].get('collect_seconds', 0.0)
        upd_s = max(t - col, 1e-9)
        full = col / a.fraction + upd_s / a.fraction
        print(
            f"{m:7s} {t:9.1f} {s['env_steps']:10,d} {s['env_steps_per_second']:9,.0f} {s['updates'] / upd_s:10.1f} "
            f"{s['eval_seconds'] * 100 / P['test_episodes']:15.2f} {s['metrics']['Len']:6.2f} {full / 3600:30.1f} h"
        )


if __name__ == '__main__':
    main()
