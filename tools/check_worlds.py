#!/usr/bin/env python
"""Check that the shipped paper worlds load identically under different float kernels: each world is computed from its
shipped arrays in a fresh cache, in a new process, under several OpenBLAS core types (the matrix kernels a CPU would
pick: Prescott, Sandybridge, Haswell, SkylakeX, Zen), with numpy's SIMD dispatch limited (NPY_DISABLE_CPU_FEATURES)
and with 1 or 2 BLAS threads; every content hash must equal the shipped one (`fit_world` raises otherwise), and
beta and 600 reference-policy episodes per world (rewards, lengths, ends) must be the same in every setting.

    BILLP_DATA=../shared/data python tools/check_worlds.py [--datasets ml-100k,steam,amazon-book] [--world shipped]

`--world user-tail` checks a shipped variant instead (Steam's and Amazon-Book's tail spread over users).
"""

import argparse, json, os, subprocess, sys, tempfile

SETTINGS = [
    {},
    {'OPENBLAS_CORETYPE': 'Prescott', 'OPENBLAS_NUM_THREADS': '1'},
    {'OPENBLAS_CORETYPE': 'Sandybridge', 'OPENBLAS_NUM_THREADS': '2'},
    {'OPENBLAS_CORETYPE': 'Haswell', 'OPENBLAS_NUM_THREADS': '1'},
    {'OPENBLAS_CORETYPE': 'SkylakeX', 'OPENBLAS_NUM_THREADS': '2'},
    {'OPENBLAS_CORETYPE': 'Zen', 'OPENBLAS_NUM_THREADS': '2'},
    {'NPY_DISABLE_CPU_FEATURES': 'X86_V3 X86_V4 AVX512_ICL', 'OPENBLAS_CORETYPE': 'Prescott'},
]
PROBE = """
import hashlib, json, sys
import numpy as np
from billp.sim.world import fit_world, read_shipped
from billp.sim.env import make_batch_env, rollout, RandomPolicy, PopularityPolicy
out = {}
source = sys.argv[2]
for name in sys.argv[1].split(','):
    world = fit_world(name, cache=False, source=source)
    out[name] = {split: world[split].info['content_hash'] for split in world}
    out[name]['shipped'] = read_shipped(name, source)[1]['hashes']
    # beta from the item distances, and episodes through the rule
    env = make_batch_env(name, 'test', max_rounds=100, world=source)
    episodes = [rollout(env, policy(), n=300, seed=0) for policy in (RandomPolicy, PopularityPolicy)]
    blob = json.dumps([env.sim.beta] + [e[['len', 'r_traj', 'end']].values.tolist() for e in episodes])
    out[name]['episodes'] = hashlib.sha1(blob.encode()).hexdigest()[:12]
print(json.dumps(out))
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--datasets', default='ml-100k,steam,amazon-book')
    parser.add_argument(
        '--world', default='shipped', help='the shipped world, or a shipped variant (`SHIPPED_VARIANTS`)'
    )
    args = parser.parse_args()
    failures, episodes, skipped = 0, set(), 0
    for setting in SETTINGS:
        env = dict(os.environ, BILLP_CACHE=tempfile.mkdtemp(), BILLP_NO_REFIT='1', **setting)
        done = subprocess.run(
            [sys.executable, '-c', PROBE, args.datasets, args.world], env=env, capture_output=True, text=True
        )
        label = ' '.join(f'{k}={v}' for k, v in setting.items()) or 'this machine, defaults'
        if done.returncode in (-4, 132):  # SIGILL: a kernel for instructions this CPU lacks (AVX-512 on an older one)
            skipped += 1
            print(f"skip  {label}: this CPU cannot run that kernel")
            continue
        if done.returncode != 0:
            failures += 1
            print(f"FAIL  {label}: {(done.stderr.strip().splitlines() or [f'exit code {done.returncode}'])[-1]}")
            continue
        hashes = json.loads(done.stdout)
        same = all(h['train'] == h['shipped']['train'] and h['test'] == h['shipped']['test'] for h in hashes.values())
        failures += not same
        episodes.add(json.dumps({n: h['episodes'] for n, h in hashes.items()}))
        print(
            f"{'same' if same else 'DIFF'}  {label}: "
            + ', '.join(f"{n} {h['test']} / {h['episodes']}" for n, h in hashes.items())
        )
    ran = len(SETTINGS) - skipped
    print(f"{ran - failures} of {ran} settings this CPU runs load the shipped worlds identically ({skipped} skipped)")
    print(
        "beta and 600 reference episodes per world: "
        + ('identical in every setting' if len(episodes) == 1 else 'DIFFERENT between settings')
    )
    sys.exit(1 if failures or len(episodes) != 1 else 0)


if __name__ == '__main__':
    main()
