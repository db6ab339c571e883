#!/usr/bin/env python
"""Run billp's tests: every module notebook under nbs/ (and index.ipynb) with nbdev_test (one process each, with a
timeout; the cells flagged `slow`, which a plain `nbdev_test` skips, included), then every papermill notebook
(nbs/paper_*.ipynb) at smoke scale. Prints one line per notebook and a closing `N passed, N failed` line; exits
non-zero if anything failed.

    python tools/run_tests.py [--only PATTERN] [--jobs 2] [--timeout 900] [--no-papermill] [--needs-data]

Every notebook passes without a data folder: the cells that read raw data (through `billp.data.data_dir`, or asking
a world whether it `has_data`) skip themselves when `BILLP_DATA` is unset. `--needs-data` runs only the notebooks
that hold such cells, and requires `BILLP_DATA`: CI runs everything without it, then these with it.
"""

import argparse, json, os, re, subprocess, sys, tempfile, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READS_DATA = re.compile(r"data_dir\(|\.has_data\b|BILLP_DATA")  # how a notebook's cells reach the raw data


def reads_data(notebook):
    "Whether a code cell of `notebook` reaches the raw data (and so skips some of its checks without it)."
    cells = json.loads(Path(notebook).read_text())['cells']
    return any(c['cell_type'] == 'code' and READS_DATA.search(''.join(c['source'])) for c in cells)


def run(cmd, timeout, env):
    t = time.time()
    try:
        p = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
        ok, out = p.returncode == 0, p.stdout + p.stderr
    except subprocess.TimeoutExpired as e:
        ok, out = False, f"TIMEOUT after {timeout}s\n{(e.stdout or b'')[-3000:]!r}"
    return ok, out, time.time() - t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--only', default='')
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--timeout', type=int, default=900)
    ap.add_argument('--no-papermill', action='store_true')
    ap.add_argument('--needs-data', action='store_true', help='only the notebooks that read raw data (BILLP_DATA set)')
    a = ap.parse_args()
    if a.needs_data and not os.environ.get('BILLP_DATA'):
        print('--needs-data runs the notebooks that read raw data: set BILLP_DATA to the data folder')
        return 2
    env = dict(os.environ, OMP_NUM_THREADS=os.environ.get('OMP_NUM_THREADS', '1'), MPLBACKEND='Agg', BILLP_NO_REFIT='1')
    env.setdefault('BILLP_CACHE', str(ROOT / '.cache' / 'billp'))
    module_nbs = [*sorted((ROOT / 'nbs').glob('[0-9]*.ipynb')), ROOT / 'nbs' / 'index.ipynb']
    selected = lambda p: a.only in p.name and (not a.needs_data or reads_data(p))
    nbs = [p for p in module_nbs if selected(p)]
    jobs = [
        (p.name, ['nbdev_test', '--path', str(p.relative_to(ROOT)), '--do_print', '--flags', 'slow'], a.timeout)
        for p in nbs
    ]
    out_dir = Path(tempfile.mkdtemp(prefix='billp-papermill-'))
    if not a.no_papermill:
        for p in sorted((ROOT / 'nbs').glob('paper_*.ipynb')):
            if selected(p):
                jobs.append(
                    (
                        p.name,
                        [
                            'papermill',
                            str(p.relative_to(ROOT)),
                            str(out_dir / p.name),
                            '-k',
                            'python3',
                            '--cwd',
                            'nbs',
                            '-p',
                            'smoke',
                            'True',
                            '-p',
                            'out_dir',
                            str(out_dir / 'figures'),
                        ],
                        a.timeout,
                    )
                )
    if not jobs:
        print('no notebooks matched')
        print('0 passed, 0 failed')
        return 1
    with ThreadPoolExecutor(a.jobs) as ex:
        results = list(ex.map(lambda j: (j[0],) + run(j[1], j[2], env), jobs))
    passed = failed = 0
    for name, ok, out, secs in results:
        print(f"{'PASS' if ok else 'FAIL'}  {name:32s} {secs:7.1f}s")
        if ok:
            passed += 1
        else:
            failed += 1
            print('\n'.join('      ' + l for l in out.strip().splitlines()[-40:]))
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
