"""Two levers for the RL updates' speed, weighed on one update of BCQ's shape (a Q-network and an imitator sharing an
item embedding, [64, 64] hidden layers, batch 64, the target network's and the imitator's forward passes on the next
states), at Steam's and Amazon-Book's catalogue sizes, each against the plain update measured in the same run:

- the seeds of a method trained as one batched model: parameters stacked over seeds, the loss's gradient taken with
  `torch.func.grad_and_value` under `torch.func.vmap`, one fused Adam step over the stacked parameters;
- `torch.compile` of the forward and backward passes (inductor, CPU), its compile time printed too: every run and every
  resume pays it.

The data are random (the speed of these operators does not depend on the values).

    python benchmarks/rl_levers.py [--items 1040,5896] [--seeds 3,6] [--updates 200] [--no-compile]
"""

import argparse, os, time

os.environ.setdefault('OMP_NUM_THREADS', '1')
import torch
from torch import nn
from torch.func import functional_call, grad_and_value, stack_module_state, vmap

torch.set_num_threads(1)
EMBEDDING, HIDDEN, BATCH, STEPS = 32, 64, 64, 3  # EasyRL4Rec's state: the mean of the last 3 steps


class BCQShaped(nn.Module):
    "A Q-network and an imitator on one item embedding, as billp's BCQ on EasyRL4Rec's episode states."

    def __init__(self, items):
        super().__init__()
        self.embedding = nn.Embedding(items + 1, EMBEDDING)
        self.q, self.imitator = (self.mlp(items) for _ in range(2))

    @staticmethod
    def mlp(items):
        layers = (nn.Linear(EMBEDDING + 1, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, HIDDEN), nn.ReLU())
        return nn.Sequential(*layers, nn.Linear(HIDDEN, items))

    def forward(self, items, rewards):
        state = torch.cat([self.embedding(items).mean(1), rewards.mean(1, keepdim=True)], 1)
        return self.q(state), self.imitator(state)


def loss_of(model, params, target, batch):
    "BCQ's loss: the smooth-L1 TD error on the imitator's likely items, the imitation loss and its penalty."
    items, rewards, next_items, next_rewards, act, reward = batch
    with torch.no_grad():
        q_next, imitation_next = functional_call(model, params, (next_items, next_rewards))
        unlikely = (imitation_next - imitation_next.max(-1, keepdim=True).values < -0.5).float()
        best = (q_next - 1e30 * unlikely).argmax(-1)
        returns = (
            reward + 0.9 * functional_call(model, target, (next_items, next_rewards))[0].gather(1, best[:, None])[:, 0]
        )
    q, imitation = functional_call(model, params, (items, rewards))
    td = nn.functional.smooth_l1_loss(q.gather(1, act[:, None])[:, 0], returns)
    return td + nn.functional.cross_entropy(imitation, act) + 0.01 * imitation.pow(2).mean()


def random_batch(items, seeds=None):
    "A batch of states, next states, items and rewards (with a leading seed dimension when `seeds`)."
    lead = (BATCH,) if seeds is None else (seeds, BATCH)
    codes = lambda *shape: torch.randint(0, items, lead + shape)  # noqa: E731
    return (
        codes(STEPS),
        torch.rand(lead + (STEPS,)),
        codes(STEPS),
        torch.rand(lead + (STEPS,)),
        codes(),
        torch.rand(lead),
    )


def per_update(step, updates):
    "Seconds per call of `step` after a warm-up of a tenth as many calls."
    for _ in range(max(1, updates // 10)):
        step()
    started = time.perf_counter()
    for _ in range(updates):
        step()
    return (time.perf_counter() - started) / updates


def plain(items, updates, compiled=False):
    "(seconds per update, compile seconds) of one seed's update, eager or compiled."
    model = BCQShaped(items)
    params = dict(model.named_parameters())
    target = {name: value.detach().clone() for name, value in params.items()}
    optimiser, batch = torch.optim.Adam(model.parameters(), lr=1e-3, fused=True), random_batch(items)

    def backward():
        loss_of(model, params, target, batch).backward()

    started, compile_seconds = time.perf_counter(), 0.0
    if compiled:
        backward = torch.compile(backward)
        backward()
        compile_seconds = time.perf_counter() - started

    def step():
        optimiser.zero_grad()
        backward()
        optimiser.step()

    return per_update(step, updates), compile_seconds


def batched(items, seeds, updates):
    "Seconds per update of `seeds` seeds trained as one batched model (torch.func.vmap over stacked parameters)."
    model = BCQShaped(items)
    stacked = {
        name: value.detach().requires_grad_()
        for name, value in stack_module_state([BCQShaped(items) for _ in range(seeds)])[0].items()
    }
    target = {name: value.detach().clone() for name, value in stacked.items()}
    optimiser, batch = torch.optim.Adam(list(stacked.values()), lr=1e-3, fused=True), random_batch(items, seeds)
    gradients = vmap(grad_and_value(lambda params, target, *batch: loss_of(model, params, target, batch)))

    def step():
        grads, _ = gradients(stacked, target, *batch)
        for name, value in stacked.items():
            value.grad = grads[name]
        optimiser.step()

    return per_update(step, updates)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--items', default='1040,5896', help="catalogue sizes (Steam's, Amazon-Book's)")
    parser.add_argument('--seeds', default='3,6', help='seeds trained as one batched model')
    parser.add_argument('--updates', type=int, default=200)
    parser.add_argument('--no-compile', action='store_true', help='leave torch.compile out')
    args = parser.parse_args()
    print("one BCQ-shaped update (batch 64, [64, 64]), one core; ratios against the plain update of the same run")
    for items in map(int, args.items.split(',')):
        one, _ = plain(items, args.updates)
        print(f"{items:5d} items  plain update {one * 1e3:6.2f} ms")
        for seeds in map(int, args.seeds.split(',')):
            many = batched(items, seeds, max(args.updates // seeds, 20))
            print(
                f"{items:5d} items  {seeds} seeds batched (vmap)  {many / seeds * 1e3:6.2f} ms a seed's update  "
                f"({one / (many / seeds):4.2f}x)",
                flush=True,
            )
        if not args.no_compile:
            compiled, compile_seconds = plain(items, args.updates, compiled=True)
            print(
                f"{items:5d} items  torch.compile          {compiled * 1e3:6.2f} ms  ({one / compiled:4.2f}x), "
                f"compiled in {compile_seconds:.0f} s",
                flush=True,
            )


if __name__ == '__main__':
    main()
