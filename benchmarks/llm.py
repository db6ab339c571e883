"""LLM runtime benchmark, measured in one run.

1. Per BiLLP-style step (Planner, Actor, Critic: three calls, each with a fixed instruction + few-shot block first
   and the per-step trajectory last) on the embedded model: model calls, prompt tokens, prompt tokens actually
   processed, and wall time, for
   (a) no response cache and no prefix reuse (the context is reset before every call),
   (a') prefix reuse in one context shared by all roles (roles alternate, so the shared prefix is short),
   (b) prefix reuse with one context per role (billp's default),
   (c) a warm response cache (the same requests again: no model calls).
2. Throughput of the `openai` provider against billp's OpenAI-compatible server with a fixed artificial latency,
   at concurrency 1, 4 and 16.

    python benchmarks/llm.py [--steps 6] [--max-tokens 24] [--latency 0.1] [--requests 48]
"""

import argparse, os, tempfile, time

os.environ.setdefault('OMP_NUM_THREADS', '1')
from billp.llm.client import LocalProvider, LLMClient, OpenAIProvider, ScriptedProvider
from billp.llm.server import LLMServer, Faults

INSTR = {
    'planner': "You are the Planner of a recommender. Think about the user's long-term interest: "
    "diversify genres, avoid repeating similar items, keep the user engaged for many rounds. "
    "Answer with one short thought.\n",
    'actor': "You are the Actor of a recommender. Turn the Planner's thought into one concrete item. "
    "Answer exactly in the form recommend[Title].\n",
    'critic': "You are the Critic of a recommender. Rate how satisfied the user is with the viewing history, "
    "as an integer from -5 to 5. Answer with the number only.\n",
}
FEWSHOT = (
    "Example: The user's viewing history is [Portal, Half-Life 2, Left 4 Dead, Team Fortress 2, Counter-Strike, "
    "Garry's Mod, Terraria, Stardew Valley, The Witcher 3, Skyrim]. Thought: the user likes Valve shooters and open "
    "worlds; next, a puzzle game to diversify. Action: recommend[The Talos Principle]. Value: 3.\n"
) * 6


def step_messages(role, step, history):
    traj = ''.join(f"Step {k}: recommended {h}.\n" for k, h in enumerate(history, 1))
    return [
        {'role': 'system', 'content': INSTR[role] + FEWSHOT},
        {
            'role': 'user',
            'content': f"Trajectory so far:\n{traj}Current step {step}. The user's viewing history is {history[-10:]}.",
        },
    ]


def episode_requests(steps):
    hist, reqs = ['Portal', 'Dota 2', 'Terraria'], []
    for s in range(1, steps + 1):
        for role in ('planner', 'actor', 'critic'):
            reqs.append(dict(messages=step_messages(role, s, hist), role=role))
        hist = hist + [f'Game {s}']
    return reqs


def run_local(label, provider, reqs, max_tokens, cache=None, client=None):
    c = client or LLMClient(provider, cache=cache)
    t = time.perf_counter()
    for q in reqs:
        c.chat(**q, max_tokens=max_tokens)
    wall = time.perf_counter() - t
    u = c.usage.table().loc['total']
    steps = len(reqs) / 3
    print(
        f"{label:46s} calls/step {u.calls / steps:4.1f}  prompt tok/step {u.prompt_tokens / steps:7.0f}  "
        f"processed tok/step {u.processed_tokens / steps:7.0f}  wall/step {wall / steps:6.2f}s"
    )
    return wall, c


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--steps', type=int, default=6)
    ap.add_argument('--max-tokens', type=int, default=24)
    ap.add_argument('--latency', type=float, default=0.1)
    ap.add_argument('--requests', type=int, default=48)
    a = ap.parse_args()
    reqs = episode_requests(a.steps)
    print(
        f"== per BiLLP-style step, embedded SmolLM2-135M on llama.cpp, {a.steps} steps x 3 roles, "
        f"max_tokens={a.max_tokens}"
    )
    wa, _ = run_local(
        '(a)  no cache, no prefix reuse', LocalProvider(prefix_reuse=False, per_role=False), reqs, a.max_tokens
    )
    wa2, _ = run_local(
        "(a') prefix reuse, one shared context", LocalProvider(prefix_reuse=True, per_role=False), reqs, a.max_tokens
    )
    db = os.path.join(tempfile.mkdtemp(), 'llm.sqlite')
    wb, cb = run_local(
        '(b)  prefix reuse, one context per role',
        LocalProvider(prefix_reuse=True, per_role=True),
        reqs,
        a.max_tokens,
        cache=db,
    )
    wc, _ = run_local(
        '(c)  warm response cache', cb.provider, reqs, a.max_tokens, client=LLMClient(cb.provider, cache=db)
    )
    print(f"speed-up vs (a): (a') {wa / wa2:.1f}x   (b) {wa / wb:.1f}x   (c) {wa / max(wc, 1e-9):.0f}x")

    print(
        f"\n== openai provider against billp's OpenAI-compatible server, fixed latency {a.latency}s, {a.requests} "
        "requests"
    )
    base = None
    with LLMServer(ScriptedProvider(['recommend[Portal 2]'], model='toy'), faults=Faults(latency=a.latency)) as srv:
        for n in (1, 4, 16):
            c = LLMClient(OpenAIProvider('toy', base_url=srv.url), max_concurrency=n)
            qs = [dict(messages=[{'role': 'user', 'content': f'request {i}'}]) for i in range(a.requests)]
            t = time.perf_counter()
            c.chat_many(qs)
            wall = time.perf_counter() - t
            base = base or a.requests / wall
            print(
                f"concurrency {n:3d}: {a.requests / wall:7.1f} requests/s  ({a.requests / wall / base:4.1f}x "
                "concurrency 1)"
            )


if __name__ == '__main__':
    main()
