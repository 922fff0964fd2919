"""Plots of a grammar benchmark run (bench/grammar/run.py's results.json):
per-mask time of each engine on every workload, mean and p99, log scale.

    python3 bench/grammar/plot.py [--results bench/grammar/results.json] \
        [--tokenizer llama3] [--out docs/img/grammar-masks-llama3.png]

Needs matplotlib (Debian's python3-matplotlib; bench/setup-peers.sh installs
it and .venv-bench sees the system packages)."""

import argparse
import json
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ENGINES = [("decc", "#1f77b4"), ("llguidance", "#ff7f0e"), ("xgrammar", "#2ca02c"), ("llamacpp", "#d62728")]


def short(workload: str) -> str:
    return workload.split(":", 1)[1] if workload.startswith("schema:") else workload


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--results", default=os.path.join(HERE, "results.json"))
    ap.add_argument("--tokenizer", default="llama3")
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    out = a.out or os.path.join(ROOT, "docs", "img", f"grammar-masks-{a.tokenizer}.png")
    with open(a.results) as f:
        data = json.load(f)
    recs = [r for r in data["results"] if r["tokenizer"] == a.tokenizer and "mask_us" in r.get("decc", {})]
    if not recs:
        raise SystemExit(f"{a.results}: no records for tokenizer {a.tokenizer}")
    names = [short(r["workload"]) for r in recs]
    fig, axes = plt.subplots(2, 1, figsize=(max(10, 0.55 * len(recs)), 8), sharex=True)
    width = 0.8 / len(ENGINES)
    for ax, stat, title in ((axes[0], "avg", "mean"), (axes[1], "p99", "p99")):
        for k, (engine, color) in enumerate(ENGINES):
            xs, ys = [], []
            for i, r in enumerate(recs):
                m = r.get(engine, {}).get("mask_us")
                if m:
                    xs.append(i + (k - (len(ENGINES) - 1) / 2) * width)
                    ys.append(max(m[stat], 0.1))
            if xs:
                ax.bar(xs, ys, width, label=engine, color=color)
        ax.set_yscale("log")
        ax.set_ylabel(f"{title} µs per mask")
        ax.axhline(150 if stat == "p99" else 10, color="grey", linestyle="--", linewidth=0.8)
        ax.grid(axis="y", which="major", linewidth=0.3)
    axes[0].legend(ncol=len(ENGINES), loc="upper left", fontsize=8)
    axes[1].set_xticks(range(len(recs)))
    axes[1].set_xticklabels(names, rotation=60, ha="right", fontsize=8)
    meta = data.get("meta", {})
    runs = meta.get("runs") or [meta]
    date = ", ".join(sorted({r.get("date", "")[:10] for r in runs if r.get("date")}))
    fig.suptitle(f"Token-mask time per workload, {a.tokenizer} (bench/grammar/results.json, {date}); "
                 "dashed: issue 4's targets (p50 10 µs, p99 150 µs); llamacpp: first masks only", fontsize=9)
    fig.tight_layout()
    os.makedirs(os.path.dirname(out), exist_ok=True)
    fig.savefig(out, dpi=90)
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
