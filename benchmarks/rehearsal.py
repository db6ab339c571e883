"""The paper-scale LLM path, rehearsed: `billp run --preset paper` through the `openai` provider against billp's own
OpenAI-compatible server on 127.0.0.1, which answers at once with a scripted model recommending popular catalogue
titles (`billp.rehearsal.CataloguePolicy`), so episodes run long. Prints, for a baseline path (every memory lookup
and write embedding its text afresh, one string at a time: `make_embedder(cache=False)`), today's default (each state
text embedded once, by the local MiniLM model) and today's `--set state_vectors=titles` (memory keys from the
catalogue's title vectors: no model call per step), in the same run: wall time, the agent's time per episode-step
(the CPU time of the run's process in its phases over its episode-steps: everything that is not the model), peak
memory, calls, tokens, and the largest prompt of each role against gpt-3.5-turbo-16k's context. `--full` then
rehearses a whole paper run (100 + 100 episodes) with today's path. `--reasoning` instead rehearses a whole paper run
through a server that keeps a reasoning model's rules (`billp.llm.server.ProviderRules`, the model named
gpt-5.6-luna, `--reasoning-effort low`) and prints its calls, prompt, cached, completion and reasoning tokens and its
cost as billed, beside the dry run's estimate of the same run (stored output:
`benchmarks/results/rehearsal-steam-reasoning.txt`).

    python benchmarks/rehearsal.py [--env steam] [--agent billp] [--episodes 20] [--full] [--concurrency 4]
    python benchmarks/rehearsal.py --reasoning [--model gpt-5.6-luna] [--effort low]
"""

import argparse, os, tempfile

os.environ.setdefault('OMP_NUM_THREADS', '1')
from billp.rehearsal import CataloguePolicy, rehearse
from billp.llm.server import ProviderRules

CONTEXT = 16_385  # gpt-3.5-turbo-16k's context window, in tokens
BEFORE = (
    'import functools, billp.experiments.identity as x, billp.llm.embed as e\n'
    'x.make_embedder = functools.partial(e.make_embedder, cache=False)'
)


PATHS = {  # label -> (prelude restoring an older path, extra `billp run` options)
    'before: embed every lookup': (BEFORE, {}),
    'today: state texts (MiniLM)': ('', {}),
    'today: state_vectors=titles': ('', {'set': 'state_vectors=titles'}),
}


def line(label, figures):
    "One row of the comparison."
    return (
        f"{label:36s} {figures['wall_seconds']:7.1f} {figures['seconds']:7.1f} {figures['episode_steps']:6d} "
        f"{figures['agent_ms_per_step']:8.1f} {figures['wall_ms_per_step']:8.1f} {figures['peak_rss_mb']:7.0f} "
        f"{figures['calls']:7.0f} {figures['prompt_tokens'] / 1e6:6.2f}M {figures['metrics']['Len']:6.2f}"
    )


def largest(figures):
    "The largest prompt of each role, in the server's whitespace tokens, against the 16k context."
    return ', '.join(
        f"{role} {tokens:,.0f} ({100 * tokens / CONTEXT:.0f}%)" for role, tokens in figures['largest_prompt'].items()
    )


def reasoning(args, policy):
    "A whole paper run against a reasoning-rules server, its bill beside the dry run's estimate."
    import pandas as pd
    from billp.core import read_json
    from billp.experiments import Backbone, dry_run, expand
    from billp.llm.client import cost_usd

    out = tempfile.mkdtemp(prefix='billp-rehearsal-')
    options = dict(preset='paper', concurrency=args.concurrency, model=args.model, reasoning_effort=args.effort)
    run = rehearse(args.env, args.agent, out, policy, rules=ProviderRules(), **options)
    if run['returncode'] != 0:
        raise SystemExit(f"billp run failed:\n{run['output'][-3000:]}")
    usage = pd.DataFrame(read_json(run['folder'] / 'summary.json')['usage']).set_index('role')
    fields = ['calls', 'prompt_tokens', 'cached_prompt_tokens', 'completion_tokens', 'reasoning_tokens', 'cap_retries']
    total = usage.loc['total']
    billed = cost_usd(
        args.model, total.prompt_tokens, total.completion_tokens, cached_prompt_tokens=total.cached_prompt_tokens
    )
    uncached = cost_usd(args.model, total.prompt_tokens, total.completion_tokens)
    print(
        f"{args.agent} on {args.env}, preset paper, {args.model} --reasoning-effort {args.effort}, against a server "
        f"keeping a reasoning model's rules (scripted answers); {run['episode_steps']} episode-steps, "
        f"{run['wall_seconds']:.0f} s wall"
    )
    print(usage[fields].astype(int).to_string())
    print(
        f"cost as billed: ${billed:.2f} (without the prompt cache: ${uncached:.2f}); the run's mean Len "
        f"{run['metrics']['Len']:.2f}"
    )
    spec = expand(args.env, args.agent, [0], 'paper')
    backbone = Backbone('openai', args.model, reasoning_effort=args.effort)
    per_call = total.reasoning_tokens / total.calls
    for label, assumed in (('nothing assumed', None), ('assuming the rehearsal\'s mean', per_call)):
        estimate = dry_run(spec, [backbone], reasoning=assumed)
        sums = estimate[['calls', 'prompt_tokens', 'reasoning_tokens', 'cost_usd', 'cost_usd_at_logged_len']].sum()
        print(
            f"dry run ({label}; {estimate.basis.iloc[0]}): {sums.calls:.0f} calls, {sums.prompt_tokens:,.0f} prompt "
            f"tokens, {sums.reasoning_tokens:,.0f} reasoning tokens, ${sums.cost_usd:.2f}; at the authors' logged "
            f"length ${sums.cost_usd_at_logged_len:.2f}"
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--env', default='steam')
    parser.add_argument('--agent', default='billp')
    parser.add_argument('--episodes', type=int, default=20, help='training and test episodes of the comparison runs')
    parser.add_argument('--concurrency', type=int, default=4)
    parser.add_argument('--full', action='store_true', help='then whole paper runs (100 + 100 episodes), today')
    parser.add_argument('--reasoning', action='store_true', help='a whole paper run against reasoning rules, billed')
    parser.add_argument('--model', default='gpt-5.6-luna')
    parser.add_argument('--effort', default='low')
    args = parser.parse_args()
    policy = CataloguePolicy.popular(args.env)
    if args.reasoning:
        return reasoning(args, policy)
    common = dict(preset='paper', concurrency=args.concurrency)
    runs = {}

    def run(label, prelude, options):
        out = tempfile.mkdtemp(prefix='billp-rehearsal-')
        runs[label] = rehearse(args.env, args.agent, out, policy, prelude=prelude, **common, **options)
        if runs[label]['returncode'] != 0:
            raise SystemExit(f"{label}: billp run failed:\n{runs[label]['output'][-3000:]}")

    small = dict(train_episodes=args.episodes, test_episodes=args.episodes)
    for label, (prelude, options) in PATHS.items():
        run(label, prelude, {**small, **options})
    if args.full:
        for label in list(PATHS)[1:]:
            run(label.replace('today', 'full 100+100'), '', PATHS[label][1])
    print(
        f"{args.agent} on {args.env}, preset paper, --concurrency {args.concurrency}, scripted server (instant); "
        f"agent = CPU ms of the run's process per episode-step"
    )
    print(
        f"{'path':36s} {'wall s':>7s} {'run s':>7s} {'steps':>6s} {'agent ms':>8s} {'wall ms':>8s} {'RSS MB':>7s} "
        f"{'calls':>7s} {'prompt':>7s} {'Len':>6s}"
    )
    for label, figures in runs.items():
        print(line(label, figures))
    before = runs['before: embed every lookup']['agent_ms_per_step']
    for label in list(PATHS)[1:]:
        print(
            f"agent time per episode-step, {label}: {before / runs[label]['agent_ms_per_step']:.1f}x less than before"
        )
    for label, figures in runs.items():
        print(f"largest prompts, {label}: {largest(figures)}")


if __name__ == '__main__':
    main()
