"""Unconstrained sampling from the PyTorch models (for the model cards).

Autoregressive: temperature sampling with a KV cache.
Masked diffusion: LLaDA's semi-autoregressive reverse process with
low-confidence remasking: the answer starts all <|mask|> and is filled in
blocks, left to right; within a block each step predicts every masked position,
samples a token at the temperature, and keeps the most confident ones so that
an equal share of the block's masks is filled per step.
"""

import json

import torch


def bytes_to_unicode():
    """GPT-2's byte <-> printable-character table used by byte-level BPE."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + \
        list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


class Detokenizer:
    def __init__(self, tokenizer_json):
        with open(tokenizer_json, encoding="utf-8") as f:
            tj = json.load(f)
        back = {c: b for b, c in bytes_to_unicode().items()}
        self.pieces = {}
        for piece, i in tj["model"]["vocab"].items():
            self.pieces[i] = bytes(back[c] for c in piece)
        self.special = {t["id"]: t["content"] for t in tj["added_tokens"]}

    def __call__(self, ids):
        out = b"".join(self.special.get(i, "").encode() if i in self.special else self.pieces[i]
                       for i in ids)
        return out.decode("utf-8", errors="replace")


@torch.no_grad()
def sample_ar(model, prompt, n_new, temperature, gen, stop_id):
    ids = list(prompt)
    n_new = min(n_new, model.cfg.context - len(ids))
    logits, past = model.forward_cached(torch.tensor([ids]), None)
    for _ in range(n_new):
        nxt = int(torch.multinomial((logits[0, -1] / temperature).softmax(-1), 1, generator=gen))
        ids.append(nxt)
        if nxt == stop_id:
            break
        logits, past = model.forward_cached(torch.tensor([[nxt]]), past)
    return ids[len(prompt):]


@torch.no_grad()
def sample_diffusion(model, prompt, n_new, block, steps_per_block, temperature, gen, mask_id):
    x = torch.tensor([list(prompt) + [mask_id] * n_new])
    for b0 in range(len(prompt), len(prompt) + n_new, block):
        in_block = torch.zeros(x.shape[1], dtype=torch.bool)
        in_block[b0:b0 + block] = True
        for step in range(steps_per_block):
            masked = (x[0] == mask_id) & in_block
            left = int(masked.sum())
            if left == 0:
                break
            k = max(1, left // (steps_per_block - step))
            probs = (model(x)[0] / temperature).softmax(-1)
            probs[:, mask_id] = 0
            cand = torch.multinomial(probs, 1, generator=gen)[:, 0]
            conf = probs.gather(1, cand[:, None])[:, 0]
            conf[~masked] = -1.0
            keep = conf.topk(k).indices
            x[0, keep] = cand[keep]
    return x[0, len(prompt):].tolist()
