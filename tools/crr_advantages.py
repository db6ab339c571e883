"""The advantages CRR's actor weights exponentiate, measured on the stored paper-preset CRR models.

    python tools/crr_advantages.py [--env amazon-book] [--seeds 0 1 2]

For each stored model: the range of its critic's Q-values over the catalogue on the first batch of its logged data,
and the quantiles of the advantage of the logged item over the actor's own mix of items, over all the logged data.
tianshou's exp(A).clamp(0, 20) has a NaN gradient above A = 88.7 (`billp.rl.offline.advantage_weights`).
"""

import argparse
from pathlib import Path
import numpy as np
import torch
from torch.distributions import Categorical
from billp.experiments.identity import run_config
from billp.experiments.rl_protocol import rl_trainer
from billp.rl.base import LEARNERS
from billp.sim.env import env_world, make_batch_env


def advantages(learner, chunk=4096):
    "(first batch's Q range, every logged transition's advantage) under the learner's networks."
    buffer, values = learner.buffer, []
    with torch.no_grad():
        for start in range(0, len(buffer), chunk):
            batch = buffer[np.arange(start, min(start + chunk, len(buffer)))]
            q = learner.critic(batch.obs)
            if start == 0:
                q_range = (q.min().item(), q.max().item())
            logged = q.gather(1, torch.as_tensor(batch.act, dtype=torch.long).unsqueeze(1))
            mix = (q * Categorical(logits=learner.actor(batch.obs)[0]).probs).sum(-1, keepdim=True)
            values.append((logged - mix).squeeze(1).numpy())
    return q_range, np.concatenate(values)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--env', default='amazon-book')
    parser.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    parser.add_argument('--runs', default='runs/paper/rl')
    args = parser.parse_args()
    rl_trainer('crr')
    world = env_world(args.env)  # resolved once for every seed
    for seed in args.seeds:
        model = Path(args.runs) / args.env / 'crr' / f'seed{seed}' / 'model.pt'
        if not model.exists():
            print(f'seed {seed}: no stored model at {model}')
            continue
        _, settings, env_params = run_config(
            'rl', world, 'crr', seed, preset_name='paper', settings={}, env_params=None
        )
        learner = LEARNERS['crr'](make_batch_env(world, 'train', **env_params), settings, seed)
        state = torch.load(model, weights_only=False)
        for name, module in learner.modules().items():
            module.load_state_dict(state[name])
        (low, high), values = advantages(learner)
        quantiles = np.quantile(values, [0.5, 0.99, 0.999])
        print(
            f'seed {seed}: Q over the catalogue {low:,.0f} to {high:,.0f}; advantage median {quantiles[0]:.1f}, '
            f'99% {quantiles[1]:.1f}, 99.9% {quantiles[2]:.1f}, max {values.max():.1f} '
            f'({len(values):,} logged transitions; overflow above 88.7)'
        )


if __name__ == '__main__':
    main()
