"""Plots the training runs' loss curves (docs/img/models-training-loss.png).

    /usr/bin/python3 tools/train/plot.py --runs build-train --out docs/img/models-training-loss.png

Reads <runs>/{ar,diffusion,draft}/history.json. Validation loss: mean
cross-entropy per token (nats) for the autoregressive models; for the diffusion
model, the masked-diffusion bound (1/t-weighted masked cross-entropy per
token), an upper bound on its negative log-likelihood per token.
"""

import argparse
import json
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

RUNS = (("ar", "decc-ar (6 layers, causal)", "tab:blue", "-"),
        ("draft", "decc-draft (2 layers, causal)", "tab:orange", "-"),
        ("diffusion", "decc-diffusion (from decc-ar, masked diffusion bound)", "tab:green", "-"),
        # The first diffusion run, from random weights, plateaued; kept for comparison when present.
        ("diffusion-scratch", "diffusion from scratch (not shipped)", "tab:gray", "--"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=100)
    for kind, label, color, style in RUNS:
        path = os.path.join(a.runs, kind, "history.json")
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            h = json.load(f)
        tokens = h["args"]["batch"] * h["args"]["seq"]
        # A run started from another run's weights continues that run's token count.
        offset = 0
        if h["args"].get("init"):
            with open(os.path.join(os.path.dirname(h["args"]["init"]), "history.json"), encoding="utf-8") as f:
                base = json.load(f)["args"]
            offset = base["steps"] * base["batch"] * base["seq"]
        tr = [(s * tokens + offset, l) for s, l in h["train"]]
        va = [(s * tokens + offset, v) for s, v, *_ in h["valid"]]
        ax.plot([t / 1e3 for t, _ in tr], [l for _, l in tr], color=color, alpha=0.25, lw=0.8, ls=style)
        ax.plot([t / 1e3 for t, _ in va], [v for _, v in va], color=color, ls=style,
                marker="o", ms=3, label=f"{label}: valid {h['final_valid_loss']:.2f}")
    ax.set_xlabel("training tokens (thousands; the diffusion run counts decc-ar's first)")
    ax.set_ylabel("loss per token (nats)")
    ax.set_ylim(0, 9)
    ax.grid(alpha=0.3)
    ax.legend()
    ax.set_title("decc default models: validation (dots) and training (faint) loss")
    fig.tight_layout()
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    fig.savefig(a.out)
    print(a.out)


if __name__ == "__main__":
    main()
