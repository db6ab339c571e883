"""Agent-side embedding cost per episode-step, measured in one run: the memory lookups and writes of one BiLLP step
(the Actor's M_A hint, the Critic's M_C hint for the next state, the two writes) for a batch of rows, with the offline
MiniLM embedder as it was (every lookup and write embeds its text, one string per call) and through `CachedEmbedder`
(the batch's states embedded once, in one batch; lookups and writes reuse them). Prints ms per episode-step and the
ratio.

    python benchmarks/embed_cache.py [--rows 10] [--steps 20] [--memory 500]
"""

import argparse, os, time

os.environ.setdefault('OMP_NUM_THREADS', '1')
import numpy as np
from billp.agents.actor import actor_hint
from billp.agents.critic import critic_hint
from billp.agents.prompts import state_text
from billp.llm.embed import CachedEmbedder, MiniLMEmbedder
from billp.memory import VectorMemory


def histories(titles, rows, steps, seed=0):
    "Per row, the sliding 10-title window of each step (a new title each step), as the agents' states."
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(rows):
        seq = list(rng.choice(titles, 10 + steps + 1))
        out.append([state_text(seq[t : t + 10]) for t in range(steps + 1)])
    return out


def run(embedder, states, memory_states, warm):
    "Seconds of embedding and retrieval for every row and step of `states`."
    M_A, M_C = VectorMemory(embedder, 'actor'), VectorMemory(embedder, 'critic')
    M_A.add(memory_states, [{'item': 'x', 'v': 1, 'episode': -1}] * len(memory_states))
    M_C.add(memory_states, [{'value': 1.0, 'episode': -1}] * len(memory_states))
    rows, steps = len(states), len(states[0]) - 1
    start = time.perf_counter()
    for t in range(steps):
        now, later = [s[t] for s in states], [s[t + 1] for s in states]
        if warm:
            embedder.warm(now)
        for b in range(rows):
            actor_hint(M_A, now[b], 0.3, episode=b)
        if warm:
            embedder.warm(later)
        for b in range(rows):
            critic_hint(M_C, later[b], 0.3, episode=b)
        for b in range(rows):
            M_C.add([now[b]], [{'value': 1.0, 'episode': b}])
            M_A.add([now[b]], [{'item': 'x', 'v': 1, 'episode': b}])
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--rows', type=int, default=10)
    parser.add_argument('--steps', type=int, default=20)
    parser.add_argument('--memory', type=int, default=500)
    args = parser.parse_args()
    from billp.data import load_dataset

    titles = list(load_dataset('ml-100k').items['title'])
    states = histories(titles, args.rows, args.steps)
    memory_states = [s[0] for s in histories(titles, args.memory, 0, seed=1)]
    plain = MiniLMEmbedder()
    plain.embed(['warm up the model'])
    cached = CachedEmbedder(MiniLMEmbedder())
    cached.inner._m = plain._model()  # one model for both paths: only the calls differ
    before = run(plain, states, memory_states, warm=False)
    after = run(cached, states, memory_states, warm=True)
    n = args.rows * args.steps
    print(f"{args.rows} rows x {args.steps} steps, memories of {args.memory} states (MiniLM, 1 thread)")
    print(f"embedding per text, every lookup and write : {1000 * before / n:8.2f} ms per episode-step")
    print(f"CachedEmbedder, one batch per step          : {1000 * after / n:8.2f} ms per episode-step")
    print(f"ratio: {before / after:.1f}x; cache {cached.hits} hits, {cached.misses} misses")


if __name__ == '__main__':
    main()
