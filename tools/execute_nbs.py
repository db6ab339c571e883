#!/usr/bin/env python
"""Execute notebooks in place so that they are saved with the outputs of their demos (tables, plots), as they read on
GitHub and in the docs; then drop their stderr streams (progress bars, warnings), re-render their `show_doc` outputs
with the parameters' comments (`tools/refresh_show_doc.py`) and run `nbdev_clean` on them (and only them). Module
notebooks run in `nbs/` with the real data when BILLP_DATA is set. The paper notebooks run with
their default parameters (the stored smoke runs).

    BILLP_DATA=../shared/data python tools/execute_nbs.py [--only PATTERN] [--jobs 2] [--timeout 1800]
"""

import argparse, json, os, subprocess, sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def execute(path, timeout, env):
    cmd = [
        'jupyter',
        'nbconvert',
        '--to',
        'notebook',
        '--execute',
        '--inplace',
        f'--ExecutePreprocessor.timeout={timeout}',
        '--ExecutePreprocessor.kernel_name=python3',
        str(path),
    ]
    done = subprocess.run(cmd, cwd=ROOT / 'nbs', env=env, capture_output=True, text=True)
    return path.name, done.returncode == 0, done.stderr[-2000:]


def drop_stderr(path):
    "Remove stderr streams (progress bars, library warnings with machine paths) from a notebook's saved outputs."
    nb = json.loads(path.read_text())
    for cell in nb['cells']:
        if 'outputs' in cell:
            cell['outputs'] = [
                o for o in cell['outputs'] if not (o.get('output_type') == 'stream' and o.get('name') == 'stderr')
            ]
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--only', default='')
    parser.add_argument('--jobs', type=int, default=2)
    parser.add_argument('--timeout', type=int, default=1800)
    args = parser.parse_args()
    env = dict(os.environ, OMP_NUM_THREADS=os.environ.get('OMP_NUM_THREADS', '1'), MPLBACKEND='Agg')
    notebooks = [p for p in sorted((ROOT / 'nbs').glob('*.ipynb')) if args.only in p.name]
    with ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda p: execute(p, args.timeout, env), notebooks))
    failed = [r for r in results if not r[1]]
    for name, ok, err in results:
        print(f"{'ok    ' if ok else 'FAILED'} {name}")
        if not ok:
            print(err)
    for path in notebooks:
        drop_stderr(path)
    # a kernel renders show_doc without the parameters' comments where it cannot find the source: render them again
    subprocess.run([sys.executable, str(ROOT / 'tools' / 'refresh_show_doc.py'), *map(str, notebooks)], check=True)
    for path in notebooks:  # only the notebooks executed: others may be open in an editor
        subprocess.run(['nbdev_clean', '--fname', str(path)], cwd=ROOT, check=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
