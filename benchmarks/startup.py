"""Start-up cost of the command line: `billp --help`, and `billp run` on runs that are already finished (it must load
their records without fitting, building or importing torch), against the bare interpreter and an `import torch`
measured in the same run. Targets: `billp --help` < 1 s, a finished smoke run < 1.5 s.

    BILLP_DATA=../shared/data python benchmarks/startup.py [--repeats 5]

The finished runs are the stored smoke runs under runs/ (they were made with BILLP_DATA's GroupLens ml-100k). The
first `billp run` in a fresh cache hashes the dataset once to learn its world's key; later ones read the key back.
"""

import argparse, os, statistics, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def timed(cmd, env, repeats):
    "Median and minimum wall time of `cmd` over `repeats` runs (it must succeed)."
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr[-2000:]}")
    return statistics.median(times), min(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--repeats', type=int, default=5)
    args = parser.parse_args()
    if not os.environ.get('BILLP_DATA'):
        raise SystemExit('set BILLP_DATA (the stored runs were made with its ml-100k)')
    env = dict(os.environ, BILLP_CACHE=tempfile.mkdtemp(), OMP_NUM_THREADS='1')
    cases = [
        ('python -c pass (interpreter)', [sys.executable, '-c', 'pass'], None),
        ('python -c "import torch"', [sys.executable, '-c', 'import torch'], None),
        ('billp --help', [str(BIN / 'billp'), '--help'], 1.0),
        (
            'billp run: finished LLM smoke run (billp, ml-100k)',
            [str(BIN / 'billp'), 'run', '--env', 'ml-100k', '--agent', 'billp'],
            1.5,
        ),
        (
            'billp run: finished RL smoke runs (dqn, a2c, steam)',
            [str(BIN / 'billp'), 'run', '--env', 'steam', '--agent', 'dqn,a2c'],
            1.5,
        ),
    ]
    first = timed(cases[3][1], env, 1)[0]
    print(f"first `billp run` in a fresh cache (hashes ml-100k once): {first:.2f} s\n")
    base = None
    print(f"{'command':55s} {'median s':>9s} {'min s':>7s} {'x interpreter':>14s} {'target':>8s}")
    for name, cmd, target in cases:
        median, best = timed(cmd, env, args.repeats)
        base = base or median
        verdict = '' if target is None else (f"< {target:.1f} s" + (' ok' if median < target else ' MISSED'))
        print(f"{name:55s} {median:9.2f} {best:7.2f} {median / base:14.1f} {verdict:>8s}")


if __name__ == '__main__':
    main()
