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

RUNS = (("ar", "decc-ar (6 layers, causal)"), ("draft", "decc-draft (2 layers, causal)"),
        ("diffusion", "decc-diffusion (6 layers, masked diffusion bound)"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=100)
    for (kind, label), color in zip(RUNS, ("tab:blue", "tab:orange", "tab:green")):
        path = os.path.join(a.runs, kind, "history.json")
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            h = json.load(f)
        tokens = h["args"]["batch"] * h["args"]["seq"]
        tr = h["train"]
        ax.plot([s * tokens / 1e3 for s, _ in tr], [l for _, l in tr], color=color, alpha=0.25, lw=0.8)
        ax.plot([s * tokens / 1e3 for s, *_ in h["valid"]], [v for _, v, *_ in h["valid"]], color=color,
                marker="o", ms=3, label=f"{label}: valid {h['final_valid_loss']:.2f}")
    ax.set_xlabel("training tokens (thousands)")
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
