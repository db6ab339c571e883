#!/usr/bin/env python
"""Build the shipped paper worlds (`billp/worlds/<dataset>.npz`): fit DeepFM on each half, then, for the datasets with
the authors' logs (Steam, Amazon-Book), calibrate the integer rewards and beta together on the replay of their logged
test episodes (`billp.reference.calibrate_anchored`); MovieLens rounds its predicted ratings. A rebuild is a new world
(a new content hash): every stored run must then be re-run. Writes the calibration grids to figures/.

    BILLP_DATA=../shared/data python tools/build_worlds.py [--datasets ml-100k,steam,amazon-book] [--base VARIANT]
    BILLP_DATA=../shared/data python tools/build_worlds.py --simulator-meta   # add users and popularity to the files
    BILLP_DATA=../shared/data python tools/build_worlds.py --tail --datasets steam,amazon-book   # the user-tail worlds

Each dataset's fit recipe is `billp.sim.world.dataset_fit` (Amazon-Book removes its fitted popularity term).
`--base popularity-biased` takes the DeepFMs of that shipped variant instead of fitting, and applies the recipe's
popularity removal to them: the shipped Amazon-Book world is built this way, so the strength chosen by
`billp.reference.popularity_held_out` (on the same arrays) is the one its rewards have.
`--tail` writes the variant `user-tail` of a shipped world: its DeepFMs and cuts, with the 1s spread over (user, item)
pairs (`billp.sim.world.spread_tail`) at the share and beta chosen by likelihood on the logs
(`billp.reference.calibrate_tail`): beta and the test share on the test logs, the train share on the train logs at
that beta. The grids go to figures/world-tail-<dataset>-<split>.csv.
"""

import argparse, hashlib, json, platform
from dataclasses import asdict
from pathlib import Path
import numpy as np, torch
from billp.data import load_dataset, chrono_split
from billp.reference import (
    LOG_PREFIX,
    TAIL_SEEDS,
    calibrate_anchored,
    calibrate_tail,
    logged_steps,
    match_users,
    supported_region,
    tail_tilt,
)
from billp.sim.env import DEFAULT_BETA_QUANTILE, get_world, toy_world
from billp.sim.world import (
    ROUND_CUTS,
    SHIPPED_VARIANTS,
    dataset_fit,
    fit_half,
    half_without_popularity,
    read_shipped,
    _histories,
    content_hash,
    cut_margin,
    snap_cuts,
    data_fingerprint,
    deepfm_scores,
    integer_rewards,
    with_tail,
    write_shipped,
)

ROOT = Path(__file__).resolve().parent.parent


def test_world(data, halves, R):
    "The test half as a `World` (histories up to the end of the test half), for matching the logged users."
    ptr, items = _histories(data, halves)
    users = np.unique(halves[1].inter['user'].values)
    world = toy_world(R, np.zeros((data.n_items, 1)))
    world.users, world.hist_ptr, world.hist_items = users, ptr, items
    return world


def simulator_meta(data, halves):
    """What a simulator needs besides the DeepFMs, so that a shipped world steps without its raw data: each half's
    users, the items' popularity (interactions over both halves) and whether the data is implicit. No titles, no
    histories."""
    users = {s: np.unique(half.inter['user'].values).tolist() for s, half in zip(('train', 'test'), halves)}
    popularity = np.bincount(data.inter['item'].values, minlength=data.n_items).tolist()
    return dict(users=users, popularity=popularity, implicit=not data.has_rating)


def add_simulator_meta(name, variant):
    "Add `simulator_meta` to a shipped world's file, its arrays and the rest of its metadata unchanged."
    arrays, meta = read_shipped(name, variant)
    data = load_dataset(name)
    if data_fingerprint(data) != meta['data']:
        raise SystemExit(f"{name}: this data is not the data the shipped world was fitted on")
    path = write_shipped(name, arrays, meta | simulator_meta(data, chrono_split(data)), variant)
    print(name, variant, path.stat().st_size // 1024, 'KB')


RATING_QUANTILES = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1)


def from_base(name, data, halves, base, cfg):
    "(arrays, fit log) per half: the shipped variant `base`'s DeepFMs with the recipe's popularity term removed."
    arrays, meta = read_shipped(name, base)
    fitted = {}
    for split, half in zip(('train', 'test'), halves):
        model, info = arrays[split], dict(meta['fit'][split]['info'])
        if cfg.popularity_removal:
            model, info['popularity_slope'] = half_without_popularity(model, half, cfg.popularity_removal)
        fitted[split] = (model, dict(info=info, epochs=meta['fit'][split]['epochs']))
    return fitted


def build(name, out_dir, base=None):
    data = load_dataset(name)
    halves = chrono_split(data)
    cfg = dataset_fit(name)
    if base:
        fitted = from_base(name, data, halves, base, cfg)
    else:
        fitted = {
            split: fit_half(half, data.n_users, data.n_items, cfg) for split, half in zip(('train', 'test'), halves)
        }
    arrays = {split: model for split, (model, _) in fitted.items()}
    scores = {split: deepfm_scores(model) for split, model in arrays.items()}
    users = {split: np.unique(half.inter['user'].values) for split, half in zip(('train', 'test'), halves)}
    meta = dict(data=data_fingerprint(data), n_users=data.n_users, n_items=data.n_items, recipe=asdict(cfg), base=base)
    meta |= simulator_meta(data, halves)
    if name in LOG_PREFIX:
        steps, starts = logged_steps(name)
        world = test_world(data, halves, integer_rewards(scores['test']))
        matched, matching = match_users(name, starts, world)
        by_episode = dict(zip(zip(starts['run'], starts['episode']), matched))
        steps['u'] = [by_episode[key] for key in zip(steps['run'], steps['episode'])]
        vectors = arrays['test']['item_vec'].astype(np.float32)
        same = name == 'amazon-book'
        choice, grid = calibrate_anchored(scores['test'], vectors, steps, same_users=same)
        grid.drop(columns='cuts').to_csv(out_dir / f'world-calibration-{name}.csv', index=False)
        test_cuts = choice['cuts']
        levels = [float((scores['test'][users['test']] < c).mean()) for c in test_cuts]
        cuts = {'test': test_cuts, 'train': np.quantile(scores['train'][users['train']], levels).tolist()}
        R_test = integer_rewards(scores['test'], test_cuts)
        # the rating-column distance's beta for these rewards: the same criterion at the chosen level and blend
        rating, rating_grid = calibrate_anchored(
            scores['test'],
            np.ascontiguousarray(R_test.T),
            steps,
            same_users=same,
            quantiles=RATING_QUANTILES,
            levels=(choice['level'],),
            blends=(choice['blend'],),
        )
        rating_q = float(rating['quantile'])
        rating_grid.drop(columns='cuts').to_csv(out_dir / f'world-calibration-{name}-rating.csv', index=False)
        meta.update(
            levels=levels,
            beta_quantile={'embedding': float(choice['quantile']), 'rating': rating_q},
            calibration=dict(
                method='anchored on the logged picks (billp.reference.calibrate_anchored)',
                matching=matching,
                choice={k: v for k, v in choice.items() if k != 'cuts'},
            ),
        )
    else:
        cuts = {'train': list(ROUND_CUTS), 'test': list(ROUND_CUTS)}
        meta.update(
            levels=None,
            beta_quantile={
                d: DEFAULT_BETA_QUANTILE[(name, d)] for d in ('embedding', 'rating')
            },  # paper_table4's target Len
            calibration=dict(method='predicted ratings rounded into 1..5'),
        )
    cuts = {s: snap_cuts(scores[s], cuts[s]) for s in cuts}  # the same rewards, with the widest margin to float noise
    meta['cut_margin'] = {s: cut_margin(scores[s], cuts[s]) for s in cuts}
    hashes = {
        s: content_hash(integer_rewards(scores[s], cuts[s]), arrays[s]['item_vec'].astype(np.float32)) for s in scores
    }
    meta.update(
        cuts=cuts,
        hashes=hashes,
        content_hash=hashlib.sha1(json.dumps(hashes, sort_keys=True).encode()).hexdigest()[:16],
        fit={s: dict(info=log['info'], epochs=log['epochs']) for s, (_, log) in fitted.items()},
        built_with=dict(numpy=np.__version__, torch=torch.__version__, machine=platform.machine()),
    )
    path = write_shipped(name, arrays, meta)
    print(
        name,
        path.stat().st_size // 1024,
        'KB',
        meta['content_hash'],
        json.dumps(meta.get('calibration', {}).get('choice', {}), default=str)[:600],
    )


TILTED = ('amazon-book',)  # the datasets whose popularity relation is a target (06_reference)


def build_tail(name, out_dir, variant='user-tail'):
    "Write the variant `variant` of the shipped world `name`: its DeepFMs and cuts, with a tail calibrated on the logs."
    arrays, meta = read_shipped(name)
    tilt = 0.0
    if name in TILTED:  # a tilt toward popular items, chosen at the untilted share, then the share at that tilt
        untilted, _ = calibrate_tail(name, 'test')
        tilts, tilt = tail_tilt(name, untilted['share'])
        tilts.to_csv(out_dir / f'world-tail-{name}-tilt.csv', index=False)
    test, test_grid = calibrate_tail(name, 'test', tilt=tilt)
    train, train_grid = calibrate_tail(name, 'train', quantiles=(test['quantile'],), tilt=tilt)  # one beta for both
    for split, grid in (('train', train_grid), ('test', test_grid)):
        grid.to_csv(out_dir / f'world-tail-{name}-{split}.csv', index=False)
    chosen = {'train': train, 'test': test}
    new = dict(
        meta, base='shipped', tail={s: dict(share=c['share'], seed=TAIL_SEEDS[s], tilt=tilt) for s, c in chosen.items()}
    )
    new['beta_quantile'] = dict(meta['beta_quantile'], embedding=test['quantile'])
    rewards = {s: with_tail(integer_rewards(deepfm_scores(arrays[s]), meta['cuts'][s]), new, s) for s in arrays}
    new['hashes'] = {s: content_hash(rewards[s], arrays[s]['item_vec'].astype(np.float32)) for s in arrays}
    new['content_hash'] = hashlib.sha1(json.dumps(new['hashes'], sort_keys=True).encode()).hexdigest()[:16]
    new['calibration'] = dict(
        method='tail share and beta by likelihood on the logs (billp.reference.calibrate_tail)',
        choice=chosen,
        region={'train': supported_region(train_grid), 'test': supported_region(test_grid)},
        cuts=meta['calibration'],  # the shipped world's cuts and their calibration, kept
    )
    write_shipped(name, arrays, new, variant)
    # the rating-column distance (the released code's): its beta by the same likelihood, at the chosen test share
    rating_world = get_world(name, 'test', source=variant)
    rating, _ = calibrate_tail(name, 'test', rating_world, 'rating', (test['share'],), tilt=tilt)
    new['beta_quantile']['rating'] = rating['quantile']
    path = write_shipped(name, arrays, new, variant)
    print(
        name, variant, path.stat().st_size // 1024, 'KB', new['content_hash'], json.dumps(new['calibration']['choice'])
    )


if __name__ == '__main__':
    parser = argparse.ArgumentParser()
    parser.add_argument('--datasets', default='ml-100k,steam,amazon-book')
    parser.add_argument('--base', default=None, help='a shipped variant whose DeepFMs to start from (no fit)')
    parser.add_argument('--tail', action='store_true', help='write the user-tail variant of the shipped worlds')
    parser.add_argument('--simulator-meta', action='store_true', help="only add `simulator_meta` to the shipped files")
    args = parser.parse_args()
    for name in args.datasets.split(','):
        if args.tail:
            build_tail(name.strip(), ROOT / 'figures')
        elif args.simulator_meta:
            for variant in ['shipped', *SHIPPED_VARIANTS]:
                if read_shipped(name.strip(), variant) is not None:
                    add_simulator_meta(name.strip(), variant)
        else:
            build(name.strip(), ROOT / 'figures', args.base)
