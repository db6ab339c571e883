#!/usr/bin/env python
"""Measure the alternatives to removing Amazon-Book's fitted popularity term that act inside the fit: negatives drawn
in proportion to (popularity + 1) ** a (`FitConfig.neg_power`) and inverse-propensity-weighted positives
(`FitConfig.ipw_power`). Each refits the test half (tens of seconds; the numbers move with the CPU) and is scored on the
two logged test runs as `billp.reference.popularity_held_out` scores the removal, whose rows are written beside them.

    BILLP_DATA=../shared/data OMP_NUM_THREADS=1 python tools/popularity_alternatives.py \
        [--out figures/popularity-alternatives.csv]
"""

import argparse, time
from pathlib import Path
import pandas as pd
from billp.data import chrono_split, load_dataset
from billp.reference import popularity_held_out, popularity_on_runs
from billp.sim.deepfm import fit_model_arrays
from billp.sim.world import FitConfig, deepfm_scores

ALTERNATIVES = [('neg_power', a) for a in (1.0, 2.0, 2.5, 3.0)] + [('ipw_power', b) for b in (0.5, 1.0)]

if __name__ == '__main__':
    parser = argparse.ArgumentParser()
    default_out = Path(__file__).resolve().parent.parent / 'figures' / 'popularity-alternatives.csv'
    parser.add_argument('--out', default=str(default_out))
    args = parser.parse_args()
    data = load_dataset('amazon-book')
    test_half = chrono_split(data)[1]
    held_out, chosen = popularity_held_out()
    rows = [{'method': 'remove_popularity', **row} for row in held_out.to_dict('records')]
    timing = {}

    def refits():
        for field, value in ALTERNATIVES:
            start = time.time()
            model, _ = fit_model_arrays(test_half, data.n_users, data.n_items, FitConfig(**{field: value}))
            timing[(field, value)] = round(time.time() - start, 1)
            print(field, value, f"{timing[(field, value)]:.0f} s", flush=True)
            yield (field, value), deepfm_scores(model)

    for row in popularity_on_runs('amazon-book', refits()):
        field, value = row.pop('label')
        rows.append({'method': field, 'strength': value, **row, 'fit seconds': timing[(field, value)]})
    pd.DataFrame(rows).to_csv(args.out, index=False)
    print(f"wrote {args.out}; removal strength chosen: {chosen}")
