"""Trains one default model on the CPU and saves it for export_gguf.py.

    nice -n 10 /usr/bin/python3 tools/train/train.py --kind ar --corpus build-train/corpus \
        --tokenizer examples/models/decc-tokenizer.json --out build-train/ar --steps 600

Kinds: `ar` (causal LM), `draft` (a 2-layer causal LM for speculative
decoding) and `diffusion` (bidirectional, LLaDA's masked-diffusion objective,
usually started from the AR weights with --init, as Dream and DiffuLLaMA adapt
AR models:
t ~ U(0,1) per sequence, each token masked with probability t, cross-entropy on
the masked positions weighted 1/t, averaged over all positions, so the loss is
an upper bound on the per-token negative log-likelihood, comparable to the AR
loss). Needs PyTorch (Debian: apt-get install python3-torch) and numpy.

Writes to --out: weights.npz (f32, GGUF tensor names, rotate-half Q/K layout),
config.json, history.json (losses, timing, samples at temperature 0.8) and
reference.npz (logits of a fixed input for the exporter's C++ cross-check).
"""

import argparse
import json
import math
import os
import resource
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import Config, Transformer  # noqa: E402
from sample import Detokenizer, sample_ar, sample_diffusion  # noqa: E402

BOS, EOS, MASK = 0, 1, 2
SHAPES = {
    "ar": dict(n_embd=256, n_layer=6, n_head=8, n_head_kv=4, n_ff=768),
    "diffusion": dict(n_embd=256, n_layer=6, n_head=8, n_head_kv=4, n_ff=768, causal=False),
    "draft": dict(n_embd=256, n_layer=2, n_head=8, n_head_kv=4, n_ff=768),
}


def windows(stream, starts, length):
    return torch.stack([stream[s:s + length] for s in starts.tolist()])


def diffusion_loss(model, x, gen):
    B, T = x.shape
    t = torch.rand(B, 1, generator=gen)
    p = (1 - 1e-3) * t + 1e-3  # never exactly 0, so 1/p stays finite
    masked = torch.rand(B, T, generator=gen) < p
    logits = model(torch.where(masked, torch.full_like(x, MASK), x))
    ce = F.cross_entropy(logits.view(B * T, -1), x.view(-1), reduction="none").view(B, T)
    return (ce * masked / p).sum() / (B * T)


def ar_loss(model, w):
    logits = model(w[:, :-1])
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), w[:, 1:].reshape(-1))


def lr_at(step, steps, peak, warmup):
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = (step - warmup) / max(1, steps - warmup)
    return peak * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))


@torch.no_grad()
def evaluate(model, kind, val_batches, seed):
    model.eval()
    gen = torch.Generator().manual_seed(seed)  # the same masks at every evaluation
    losses = [float(diffusion_loss(model, b, gen) if kind == "diffusion" else ar_loss(model, b))
              for b in val_batches]
    model.train()
    return sum(losses) / len(losses)


def reference_logits(model, kind, valid):
    """Logits of a fixed input, for full-precision and f16-rounded weights."""
    tokens = valid[:24].clone()
    if kind == "diffusion":
        tokens[[5, 6, 7, 12, 18, 19]] = MASK
    out = {"tokens": tokens.numpy().astype(np.int32)}
    with torch.no_grad():
        out["logits_f32"] = model(tokens[None])[0].numpy()
        saved = {k: v.clone() for k, v in model.state_dict().items()}
        for name, p in model.named_parameters():
            if p.dim() == 2:  # the exporter stores matrices as f16, norms as f32
                p.copy_(p.half().float())
        out["logits_f16"] = model(tokens[None])[0].numpy()
        model.load_state_dict(saved)
    return out


def samples(model, kind, prompts, detok, seed):
    gen = torch.Generator().manual_seed(seed)
    model.eval()
    out = []
    for p in prompts:
        if kind == "diffusion":
            ids = sample_diffusion(model, p["ids"], 96, 32, 16, 0.8, gen, MASK)
        else:
            ids = sample_ar(model, p["ids"], 128, 0.8, gen, EOS)
        out.append({"prompt": p["text"], "completion": detok(ids)})
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kind", choices=sorted(SHAPES), required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, required=True)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--seq", type=int, default=256)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--init", help="weights.npz of an earlier run of the same shape to start from "
                                   "(the diffusion model starts from the AR model)")
    # One thread: on the shared 2-core machine a second OpenMP thread spins at
    # barriers while other jobs hold the cores, which made steps ~1.7x slower.
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--eval-every", type=int, default=20)
    ap.add_argument("--eval-batches", type=int, default=4)
    a = ap.parse_args()

    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)
    train = torch.from_numpy(np.fromfile(os.path.join(a.corpus, "train.u16"), dtype="<u2").astype(np.int64))
    valid = torch.from_numpy(np.fromfile(os.path.join(a.corpus, "valid.u16"), dtype="<u2").astype(np.int64))
    with open(a.tokenizer, encoding="utf-8") as f:
        n_vocab = len(json.load(f)["model"]["vocab"])
    cfg = Config(n_vocab=n_vocab, **SHAPES[a.kind])
    model = Transformer(cfg)
    if a.init:
        W = np.load(a.init)
        model.load_state_dict({k: torch.from_numpy(W[k]) for k in W.files})
    length = a.seq + (a.kind != "diffusion")  # AR windows carry the shifted target
    # Validation: evenly spaced windows of the held-out split, the same every time.
    n_val = a.eval_batches * a.batch
    val_starts = torch.linspace(0, len(valid) - length - 1, n_val).long()
    val_batches = windows(valid, val_starts, length).split(a.batch)

    decay = [p for p in model.parameters() if p.dim() == 2]
    other = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": other, "weight_decay": 0.0}],
                            lr=a.lr, betas=(0.9, 0.95))
    gen = torch.Generator().manual_seed(a.seed)
    warmup = max(1, a.steps // 20)
    history = {"kind": a.kind, "args": vars(a), "params": model.n_params(), "train": [], "valid": []}
    print(f"{a.kind}: {model.n_params()} parameters, {len(train)} training tokens", flush=True)
    t0 = time.time()
    for step in range(a.steps):
        if step % a.eval_every == 0:
            vl = evaluate(model, a.kind, val_batches, a.seed + 1)
            history["valid"].append([step, vl, time.time() - t0])
            print(f"step {step} valid {vl:.4f} ({time.time() - t0:.0f}s)", flush=True)
        for g in opt.param_groups:
            g["lr"] = lr_at(step, a.steps, a.lr, warmup)
        batch = windows(train, torch.randint(0, len(train) - length, (a.batch,), generator=gen), length)
        loss = diffusion_loss(model, batch, gen) if a.kind == "diffusion" else ar_loss(model, batch)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        history["train"].append([step, float(loss)])
        if step % 10 == 0:
            print(f"step {step} loss {float(loss):.4f} ({time.time() - t0:.0f}s)", flush=True)
    history["train_seconds"] = time.time() - t0
    ru = resource.getrusage(resource.RUSAGE_SELF)
    history["train_cpu_seconds"] = ru.ru_utime + ru.ru_stime
    vl = evaluate(model, a.kind, val_batches, a.seed + 1)
    history["valid"].append([a.steps, vl, history["train_seconds"]])
    history["final_valid_loss"] = vl
    print(f"final valid {vl:.4f}, {history['train_seconds']:.0f}s", flush=True)

    os.makedirs(a.out, exist_ok=True)
    np.savez(os.path.join(a.out, "weights.npz"),
             **{k: v.detach().numpy().astype(np.float32) for k, v in model.state_dict().items()})
    with open(os.path.join(a.out, "config.json"), "w") as f:
        f.write(cfg.to_json())
    np.savez(os.path.join(a.out, "reference.npz"), **reference_logits(model, a.kind, valid))
    with open(os.path.join(a.corpus, "prompts.json"), encoding="utf-8") as f:
        prompts = json.load(f)
    t1 = time.time()
    history["samples"] = samples(model, a.kind, prompts, Detokenizer(a.tokenizer), a.seed + 2)
    history["sample_seconds"] = time.time() - t1
    with open(os.path.join(a.out, "history.json"), "w", encoding="utf-8") as f:
        json.dump(history, f, indent=1, ensure_ascii=False)
    for s in history["samples"]:
        print(f"--- {s['prompt']!r}\n{s['prompt']}{s['completion']}")


if __name__ == "__main__":
    main()
