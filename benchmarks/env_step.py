"""Environment throughput: the vectorised batch API against a per-user Python loop over the same environment
(gymnasium `RecEnv` instances, one per user), measured in one run, plus the time to fit each dataset's world.

    python benchmarks/env_step.py [--users 1024] [--env ml-100k] [--fit ml-100k,steam,amazon-book]

Both paths step the same users with the same actions (a random policy with a fixed seed) for a fixed number of
rounds; users that quit stop counting. Throughput is in user-steps per second.
"""

import argparse, os, tempfile, time

os.environ.setdefault('OMP_NUM_THREADS', '1')
import numpy as np
from billp.sim.env import make_simulator, BatchRecEnv, RecEnv
from billp.sim.world import fit_world
from billp.data import load_dataset


def bench_step(name, n_users, rounds, reps, **params):
    sim = make_simulator(
        name, 'test', beta_quantile=1e-9, max_rounds=rounds + 1, **params
    )  # tiny beta: few quits, steady load
    rng = np.random.default_rng(0)
    users = rng.choice(sim.world.users, n_users, replace=True)
    actions = rng.integers(0, sim.n_items, (rounds, n_users))
    best_b = best_l = np.inf
    steps_b = steps_l = 0
    for _ in range(reps):
        b = BatchRecEnv(sim)
        b.reset(users=users)
        t = time.perf_counter()
        steps_b = 0
        for k in range(rounds):
            steps_b += int((~b.done).sum())
            b.step(actions[k])
        best_b = min(best_b, time.perf_counter() - t)
        envs = [RecEnv(sim) for _ in range(n_users)]
        for e, u in zip(envs, users):
            e.reset(options={'user': int(u)})
        alive = [True] * n_users
        t = time.perf_counter()
        steps_l = 0
        for k in range(rounds):
            for i, e in enumerate(envs):
                if alive[i]:
                    steps_l += 1
                    _, _, te, tr, _ = e.step(actions[k, i])
                    alive[i] = not (te or tr)
        best_l = min(best_l, time.perf_counter() - t)
    assert steps_b == steps_l, (steps_b, steps_l)  # same users, same actions, same simulator: same episodes
    return steps_b / best_b, steps_l / best_l


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--users', type=int, default=1024)
    ap.add_argument('--rounds', type=int, default=20)
    ap.add_argument('--reps', type=int, default=3)
    ap.add_argument('--env', default='ml-100k')
    ap.add_argument('--fit', default='ml-100k,steam,amazon-book')
    a = ap.parse_args()
    print(f"== step throughput, {a.env} test half, {a.users} users x {a.rounds} rounds (best of {a.reps})")
    for dist in ('embedding', 'rating'):
        tb, tl = bench_step(a.env, a.users, a.rounds, a.reps, distance=dist)
        print(
            f"distance={dist:9s}  batch {tb:12,.0f} user-steps/s   per-user loop {tl:10,.0f} user-steps/s   ratio "
            f"{tb / tl:6.1f}x"
        )
    print("\n== world fitting time (both halves, no cache)")
    with tempfile.TemporaryDirectory() as d:
        os.environ['BILLP_CACHE'] = d
        for name in [n for n in a.fit.split(',') if n]:
            try:
                data = load_dataset(name)
            except Exception as e:
                print(f"{name:12s} skipped: {e}")
                continue
            t = time.perf_counter()
            fit_world(name, data=data)
            fit = time.perf_counter() - t
            t = time.perf_counter()
            fit_world(name, data=data)
            load = time.perf_counter() - t
            print(
                f"{name:12s} {data.n_users:6,} users x {data.n_items:6,} items: fit {fit:6.1f}s, cached load "
                f"{load:5.2f}s ({fit / load:5.0f}x)"
            )


if __name__ == '__main__':
    main()
