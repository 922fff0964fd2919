"""Summarises the training runs as Markdown for the model cards.

    /usr/bin/python3 tools/train/report.py --runs build-train --models examples/models > build-train/report.md

Per model: parameters, file size, steps, tokens seen, wall and CPU time, final
validation loss, samples. Also the draft model's top-1 agreement with the AR
model on the validation split (the greedy acceptance rate a speculative
decoder can expect per drafted token). Needs PyTorch (Debian's python3-torch).
"""

import argparse
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import Config, Transformer  # noqa: E402

KINDS = ("ar", "diffusion", "draft")


def load_model(run):
    with open(os.path.join(run, "config.json")) as f:
        m = Transformer(Config(**json.load(f)))
    W = np.load(os.path.join(run, "weights.npz"))
    m.load_state_dict({k: torch.from_numpy(W[k]) for k in W.files})
    return m.eval()


@torch.no_grad()
def draft_agreement(runs, corpus, n_windows=16, seq=256):
    valid = torch.from_numpy(np.fromfile(os.path.join(corpus, "valid.u16"), dtype="<u2").astype(np.int64))
    starts = torch.linspace(0, len(valid) - seq - 1, n_windows).long()
    x = torch.stack([valid[s:s + seq] for s in starts.tolist()])
    ar, draft = load_model(os.path.join(runs, "ar")), load_model(os.path.join(runs, "draft"))
    a = ar(x).argmax(-1)
    d = draft(x).argmax(-1)
    return float((a == d).float().mean()), int(a.numel())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", required=True)
    ap.add_argument("--models", required=True)
    a = ap.parse_args()
    torch.set_num_threads(1)
    hist = {}
    for k in KINDS:
        with open(os.path.join(a.runs, k, "history.json"), encoding="utf-8") as f:
            hist[k] = json.load(f)
    print("| model | parameters | file bytes | steps | tokens seen | train wall | train CPU | final valid loss |")
    print("|---|---|---|---|---|---|---|---|")
    for k in KINDS:
        h = hist[k]
        size = os.path.getsize(os.path.join(a.models, f"decc-{k}.gguf"))
        tokens = h["args"]["steps"] * h["args"]["batch"] * h["args"]["seq"]
        print(f"| decc-{k} | {h['params']:,} | {size:,} | {h['args']['steps']} | {tokens:,} | "
              f"{h['train_seconds'] / 60:.1f} min | {h['train_cpu_seconds'] / 60:.1f} min | "
              f"{h['final_valid_loss']:.3f} |")
    rate, n = draft_agreement(a.runs, os.path.join(a.runs, "corpus"))
    print(f"\nDraft/AR greedy top-1 agreement on {n} validation positions: {rate:.3f}\n")
    for k in KINDS:
        print(f"\n### decc-{k}\n")
        for s in hist[k]["samples"]:
            print(f"Prompt `{json.dumps(s['prompt'])}`:\n\n```\n{s['prompt']}{s['completion']}\n```\n")


if __name__ == "__main__":
    main()
