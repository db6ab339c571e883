"""`billp reproduce --preset smoke`: the time of each paper notebook and the total, on these cores.

Executes every paper notebook with papermill into a temporary folder (tables and figures too, so the committed
ones are left alone), from the stored smoke runs (what is missing is run). The target is under 30 minutes on 2 cores.

    python benchmarks/reproduce.py [--preset smoke]
"""

import argparse, os, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--preset', default='smoke')
    a = ap.parse_args()
    out = Path(tempfile.mkdtemp(prefix='billp-reproduce-'))
    env = dict(os.environ, OMP_NUM_THREADS=os.environ.get('OMP_NUM_THREADS', '1'), MPLBACKEND='Agg')
    started = time.time()
    command = [
        'billp',
        'reproduce',
        '--preset',
        a.preset,
        '--out',
        str(out / 'notebooks'),
        '--figures',
        str(out / 'figures'),
    ]
    done = subprocess.run(command, cwd=ROOT, env=env)
    total = time.time() - started
    print(f"billp reproduce --preset {a.preset}: {total / 60:.1f} min wall time (target: under 30 min on 2 cores)")
    sys.exit(done.returncode)


if __name__ == '__main__':
    main()
