#!/usr/bin/env python3
"""Side-by-side grammar benchmark: decc, llguidance, XGrammar and llama.cpp's
grammar sampler on the same token ids (docs/grammar-peers.md has the commands
and the figures).

For each grammar x tokenizer x document:
  decc        `decc-grammar bench --json` (C++, fillMask timed in-process)
  ids         `decc-grammar masks`: decc's tokenization of the document, which
              every engine then consumes, and decc's masks for the mask-diff
  peers       compile time, then per step fill_mask timed around the Python
              call (1-2 us of binding overhead included), then the token
  mask-diff   decc against each peer on that stream (categories.py); for
              llguidance on GBNF, XGrammar is the oracle of greedy-lexeme
  llama.cpp   one llama_sampler_apply over all V candidates per mask (tens of
              ms): only the first --llamacpp-max-steps masks of a stream, in
              --llamacpp-passes passes, are timed and compared

Memory: decc's own figure (normal form + trie + matcher); for a peer the
growth of the process's resident set over compile + the first pass, a rough
upper bound that includes the allocator's slack.

  .venv-bench/bin/python bench/grammar/run.py --decc-grammar build/bin/decc-grammar \
      [--tokenizers DIR] [--passes 3] [--only SUBSTRING] [--out bench/grammar/results.json]
      [--llamacpp-max-steps 64] [--llamacpp-passes 1] [--peers llguidance,xgrammar,llamacpp]
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from typing import Callable, Dict, List, Optional

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import categories  # noqa: E402
import dmsk  # noqa: E402
import engines  # noqa: E402
import maskdiff  # noqa: E402

TOKENIZERS = ["llama3", "qwen3", "gemma3"]
PEERS = ["llguidance", "xgrammar", "llamacpp"]
LABEL = {"decc": "decc", "llguidance": "llguidance", "xgrammar": "XGrammar", "llamacpp": "llama.cpp"}


def workloads(tokenizer_dir: str) -> List[Dict]:
    """(name, grammar, document, tokenizers) of the benchmark."""
    out = [
        {"name": "json", "grammar": os.path.join(ROOT, "grammars/json.gbnf"),
         "input": os.path.join(HERE, "docs/records.json"), "tokenizers": TOKENIZERS},
        {"name": "arithmetic", "grammar": os.path.join(ROOT, "grammars/examples/arithmetic.gbnf"),
         "input": os.path.join(HERE, "docs/arith.txt"), "tokenizers": TOKENIZERS},
        {"name": "c-like", "grammar": os.path.join(ROOT, "grammars/examples/c.gbnf"),
         "input": os.path.join(HERE, "docs/small.c"), "tokenizers": ["llama3"]},
    ]
    schemas = os.path.join(HERE, "schemas")
    for f in sorted(os.listdir(schemas)):
        if f.endswith(".schema.json"):
            stem = f[: -len(".schema.json")]
            out.append({"name": "schema:" + stem, "grammar": os.path.join(schemas, f),
                        "input": os.path.join(schemas, stem + ".doc.json"), "tokenizers": TOKENIZERS})
    for w in out:
        w["tokenizer_paths"] = {t: os.path.join(tokenizer_dir, t, "tokenizer.json") for t in w["tokenizers"]}
    return out


def stats(v: List[float]) -> Dict[str, float]:
    s = sorted(v)
    pct = lambda p: s[min(len(s) - 1, int(p * len(s)))]  # noqa: E731 (decc-grammar's definition)
    return {"avg": sum(s) / len(s), "p50": pct(0.5), "p99": pct(0.99), "max": s[-1]}


def rss_bytes() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def run_decc(binary: str, grammar: str, tokenizer: str, doc: str, passes: int, tmp: str) -> Dict:
    out = os.path.join(tmp, "decc.json")
    r = subprocess.run([binary, "bench", "--grammar", grammar, "--tokenizer", tokenizer, "--input", doc,
                        "--json", out, "--passes", str(passes)], capture_output=True, text=True)
    if r.returncode != 0:
        return {"error": r.stderr.strip().splitlines()[0] if r.stderr.strip() else f"exit {r.returncode}"}
    rec = json.load(open(out))[0]
    return {"compile_us": rec["compile_us"], "memory_bytes": rec["memory_bytes"], "tokens": rec["tokens"],
            "mask_us": {k: rec["mask_us_" + k] for k in ("avg", "p50", "p99", "max")},
            "first_pass_mask_us": {k: rec["first_pass_mask_us_" + k] for k in ("avg", "p50", "p99", "max")}}


def time_masks(engine, grammar: str, ids: List[int], passes: int, steps: int,
               fill: Callable[[np.ndarray], float]) -> Dict:
    """Compiles, then over `passes` passes of the stream's first `steps`
    masks calls fill(mask), which fills the mask and returns the µs it
    timed, and consumes the stream's token."""
    rss0 = rss_bytes()
    compile_us = engine.compile(grammar)
    mask = np.zeros(engine.words(), np.uint32)
    times: List[float] = []
    first: List[float] = []
    for p in range(passes):
        if p:
            engine.reset()
        for i in range(steps):
            dt = fill(mask)
            times.append(dt)
            if p == 0:
                first.append(dt)
            if i < len(ids) and not engine.consume(ids[i]):
                return {"compile_us": compile_us, "error": f"rejects token {i} (id {ids[i]}) of the stream"}
        if p == 0:
            rss1 = rss_bytes()
    return {"compile_us": compile_us, "mask_us": stats(times), "first_pass_mask_us": stats(first),
            "rss_growth_bytes": max(0, rss1 - rss0), "steps_per_pass": steps, "passes": passes}


def run_peer(engine: engines.Engine, grammar: str, ids: List[int], passes: int) -> Dict:
    def fill(mask: np.ndarray) -> float:
        t0 = time.perf_counter()
        engine.fill_mask(mask)
        return (time.perf_counter() - t0) * 1e6
    return time_masks(engine, grammar, ids, passes, len(ids) + 1, fill)


def run_llamacpp(engine, grammar: str, ids: List[int], passes: int, max_steps: int) -> Dict:
    """run_peer for llama.cpp, timing only llama_sampler_apply: resetting the
    V logits and reading the mask back from them are the benchmark's
    Python/NumPy work, not the sampler's."""
    def fill(mask: np.ndarray) -> float:
        engine.prepare()
        t0 = time.perf_counter()
        engine.apply()
        dt = (time.perf_counter() - t0) * 1e6
        engine.read_mask(mask)
        return dt
    return time_masks(engine, grammar, ids, passes, min(len(ids) + 1, max_steps), fill)


def first_steps(masks: dmsk.MaskFile, n: Optional[int]) -> dmsk.MaskFile:
    """The stream's first n masks, for a diff limited like the timing."""
    if n is None or n >= len(masks.tokens):
        return masks
    return dmsk.MaskFile(vocab=masks.vocab, eos=masks.eos, tokens=masks.tokens[:n], flags=masks.flags[:n],
                         masks=masks.masks[:n])


def oracle(peer: str, tokenizer: str, eos: List[int], grammar: str):
    """XGrammar as the third opinion on llguidance's GBNF differences
    (categories.py: greedy-lexeme); None where it cannot run."""
    if peer != "llguidance" or engines.grammar_kind(grammar) != "gbnf":
        return None
    try:
        e = engines.make("xgrammar", tokenizer, eos)
        e.compile(grammar)
        return e
    except (engines.EngineError, ImportError):
        return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--decc-grammar", required=True)
    ap.add_argument("--tokenizers", default=os.environ.get(
        "DECC_TOKENIZERS_DIR", os.path.join(os.path.dirname(ROOT), "shared/data/tokenizers")))
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--peers", default=",".join(PEERS), help="the peers to run (comma-separated)")
    ap.add_argument("--llamacpp-max-steps", type=int, default=64,
                    help="llama.cpp: time and compare only the first N masks of each stream")
    ap.add_argument("--llamacpp-passes", type=int, default=1,
                    help="llama.cpp: passes over those masks (it caches nothing: every pass costs the same)")
    ap.add_argument("--only", help="run the workloads whose name contains one of these (comma-separated)")
    ap.add_argument("--merge", action="store_true",
                    help="replace only the engines run now (decc and --peers) of the records run now in --out, "
                         "keep the others")
    ap.add_argument("--keep-decc", action="store_true",
                    help="with --merge, keep decc's figures from --out and time only the peers (decc still "
                         "writes the masks they replay): adds a peer's column without re-timing decc")
    ap.add_argument("--out", default=os.path.join(HERE, "results.json"))
    ap.add_argument("--report", metavar="RESULTS",
                    help="only print the summary tables of an earlier run's results.json")
    a = ap.parse_args()
    if a.report:
        with open(a.report) as f:
            print(summary_tables(json.load(f)))
        return 0

    peers = [p for p in a.peers.split(",") if p]
    unknown = [p for p in peers if p not in PEERS]
    if unknown:
        ap.error(f"unknown peer(s) {', '.join(unknown)} (known: {', '.join(PEERS)})")
    results = []
    vocabs: Dict[str, categories.VocabInfo] = {}
    load0 = os.getloadavg()
    for w in workloads(a.tokenizers):
        if a.only and not any(o in w["name"] for o in a.only.split(",")):
            continue
        for tname, tpath in w["tokenizer_paths"].items():
            rec = {"workload": w["name"], "tokenizer": tname,
                   "grammar": os.path.relpath(w["grammar"], ROOT), "input": os.path.relpath(w["input"], ROOT)}
            with tempfile.TemporaryDirectory() as tmp:
                if not a.keep_decc:
                    rec["decc"] = run_decc(a.decc_grammar, w["grammar"], tpath, w["input"], a.passes, tmp)
                try:
                    masks = maskdiff.decc_masks(a.decc_grammar, w["grammar"], tpath, w["input"],
                                                os.path.join(tmp, "masks.bin"))
                except engines.EngineError as e:
                    rec["error"] = str(e)
                    results.append(rec)
                    print(f"{w['name']} {tname}: {e}", file=sys.stderr)
                    continue
            ids = masks.ids()
            rec["tokens"] = len(ids)
            if tpath not in vocabs:
                vocabs[tpath] = categories.VocabInfo.load(tpath)
            vocab = vocabs[tpath]
            for peer in peers:
                limit = a.llamacpp_max_steps if peer == "llamacpp" else None
                try:
                    eng = engines.make(peer, tpath, masks.eos)
                    if peer == "llamacpp":
                        rec[peer] = run_llamacpp(eng, w["grammar"], ids, a.llamacpp_passes, limit)
                    else:
                        rec[peer] = run_peer(eng, w["grammar"], ids, a.passes)
                    diff_engine = engines.make(peer, tpath, masks.eos)
                    diff_engine.compile(w["grammar"])
                    d = maskdiff.diff(first_steps(masks, limit), diff_engine, vocab, w["grammar"], examples=2,
                                      oracle=oracle(peer, tpath, masks.eos, w["grammar"]))
                    rec[peer]["maskdiff"] = {k: d[k] for k in ("steps", "steps_with_diff", "peer_rejected_step",
                                                               "categories", "unexplained", "examples")}
                except (engines.EngineError, ImportError) as e:
                    rec[peer] = {"error": str(e)}
            results.append(rec)
            print(line(rec), file=sys.stderr)
    meta = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "machine": f"{platform.machine()} {os.cpu_count()} cpus", "loadavg_start": load0,
            "loadavg_end": os.getloadavg(), "passes": a.passes, "python": platform.python_version(),
            "peers": peers, "decc_timed": not a.keep_decc, "llamacpp_max_steps": a.llamacpp_max_steps,
            "llamacpp_passes": a.llamacpp_passes,
            "versions": versions()}
    if a.keep_decc and not a.merge:
        ap.error("--keep-decc needs --merge")
    if a.merge and os.path.exists(a.out):
        with open(a.out) as f:
            old = json.load(f)
        fresh = {(r["workload"], r["tokenizer"]): r for r in results}
        merged = []
        for r in old["results"]:
            new = fresh.pop((r["workload"], r["tokenizer"]), None)
            merged.append(r if new is None else {**r, **new})
        meta = {"runs": old["meta"].get("runs", [old["meta"]]) + [meta]}
        results = merged + list(fresh.values())
        order = {w["name"]: i for i, w in enumerate(workloads(a.tokenizers))}
        results.sort(key=lambda r: (order.get(r["workload"], 1 << 30), TOKENIZERS.index(r["tokenizer"])))
    with open(a.out, "w") as f:
        json.dump({"meta": meta, "results": results}, f, indent=1)
    print(table(results))
    print()
    print(summary_tables({"meta": meta, "results": results}))
    return 0


def versions() -> Dict[str, str]:
    import importlib.metadata
    out = {}
    for p in ("llguidance", "xgrammar", "torch", "llama_cpp_python", "gguf"):
        try:
            out[p] = importlib.metadata.version(p)
        except importlib.metadata.PackageNotFoundError:
            out[p] = "absent"
    return out


def fmt(x: float) -> str:
    return f"{x:,.0f}" if x >= 100 else f"{x:.1f}"


def engine_cell(rec: Dict, e: str) -> str:
    """The engine's name, with the masks it ran where it did not run them
    all (llama.cpp's --llamacpp-max-steps)."""
    r = rec.get(e, {})
    steps = r.get("steps_per_pass")
    if steps is not None and steps < rec.get("tokens", 0) + 1:
        return f"{e} (first {steps} masks)"
    return e


def line(rec: Dict) -> str:
    parts = [f"{rec['workload']} {rec['tokenizer']}"]
    for e in ["decc"] + PEERS:
        r = rec.get(e, {})
        if "mask_us" in r:
            parts.append(f"{e} {fmt(r['mask_us']['avg'])}/{fmt(r['mask_us']['p50'])}/{fmt(r['mask_us']['p99'])} us")
        elif "error" in r:
            parts.append(f"{e} error")
    return "  ".join(parts)


def table(results: List[Dict]) -> str:
    rows = ["| workload | tok | tokens | engine | compile µs | mask µs avg | p50 | p99 | max | memory | "
            "avg ratio vs decc | mask-diff |", "|" + "---|" * 12]
    for rec in results:
        decc = rec.get("decc", {})
        for e in ["decc"] + PEERS:
            r = rec.get(e, {})
            if "error" in r or "mask_us" not in r:
                rows.append(f"| {rec['workload']} | {rec['tokenizer']} | {rec.get('tokens', '')} | {e} | "
                            f"error: {r.get('error', rec.get('error', ''))[:80]} |||||||")
                continue
            m = r["mask_us"]
            mem = r.get("memory_bytes", r.get("rss_growth_bytes", 0)) / 1e6
            ratio = (f"{m['avg'] / decc['mask_us']['avg']:.2f}x" if e != "decc" and "mask_us" in decc else "")
            md = r.get("maskdiff")
            diff = ""
            if md:
                un = sum(md["unexplained"].values())
                diff = f"{md['steps_with_diff']} steps; " + (f"**{un} unexplained**" if un else "explained")
            rows.append(f"| {rec['workload']} | {rec['tokenizer']} | {rec.get('tokens', '')} | {engine_cell(rec, e)} | "
                        f"{fmt(r['compile_us'])} | {fmt(m['avg'])} | {fmt(m['p50'])} | {fmt(m['p99'])} | "
                        f"{fmt(m['max'])} | {mem:.1f} MB | {ratio} | {diff} |")
    return "\n".join(rows)


def geomean(v: List[float]) -> float:
    return float(np.exp(np.mean(np.log(np.maximum(v, 1e-3))))) if v else float("nan")


def summary_tables(run: Dict) -> str:
    """The tables of docs/grammar-peers.md: the non-schema workloads row by
    row, the 22 schemas per tokenizer (geometric means over schemas), the
    schemas one by one with Llama-3, and the mask-diff categories."""
    results = run["results"]
    out = []
    hdr = ("| workload | tokenizer | tokens | engine | compile µs | mask µs avg | p50 | p99 | max | memory MB | "
           "avg vs decc |\n|" + "---|" * 11)

    def row(rec, e):
        r = rec.get(e, {})
        if "mask_us" not in r:
            return (f"| {rec['workload']} | {rec['tokenizer']} | {rec.get('tokens', '')} | {e} | "
                    f"{r.get('error', rec.get('error', 'n/a'))[:70]} | | | | | | |")
        m, d = r["mask_us"], rec.get("decc", {}).get("mask_us")
        mem = r.get("memory_bytes", r.get("rss_growth_bytes", 0)) / 1e6
        ratio = f"{m['avg'] / d['avg']:.2f}" if d and e != "decc" else ""
        return (f"| {rec['workload']} | {rec['tokenizer']} | {rec.get('tokens', '')} | {engine_cell(rec, e)} | "
                f"{fmt(r['compile_us'])} | "
                f"{fmt(m['avg'])} | {fmt(m['p50'])} | {fmt(m['p99'])} | {fmt(m['max'])} | {mem:.1f} | {ratio} |")

    out.append(hdr)
    for rec in results:
        if not rec["workload"].startswith("schema:"):
            out += [row(rec, e) for e in ["decc"] + PEERS]
    out.append("")
    out.append("| 22 schemas | engine | schemas run | compile µs geomean | max | mask µs avg geomean | p50 geomean | "
               "p99 geomean | worst max | avg vs decc geomean |\n|" + "---|" * 10)
    for tok in TOKENIZERS:
        recs = [r for r in results if r["workload"].startswith("schema:") and r["tokenizer"] == tok]
        for e in ["decc"] + PEERS:
            ok = [r for r in recs if "mask_us" in r.get(e, {}) and "mask_us" in r.get("decc", {})]
            if not ok:
                continue
            g = lambda f: geomean([f(r) for r in ok])  # noqa: E731
            ratio = "" if e == "decc" else f"{g(lambda r: r[e]['mask_us']['avg'] / r['decc']['mask_us']['avg']):.2f}"
            limited = [r for r in ok if engine_cell(r, e) != e]
            name = e + (f" (first {max(r[e]['steps_per_pass'] for r in limited)} masks of the {len(limited)} "
                        f"longer documents)" if limited else "")
            out.append(f"| {tok} | {name} | {len(ok)}/{len(recs)} | {fmt(g(lambda r: r[e]['compile_us']))} | "
                       f"{fmt(max(r[e]['compile_us'] for r in ok))} | {fmt(g(lambda r: r[e]['mask_us']['avg']))} | "
                       f"{fmt(g(lambda r: r[e]['mask_us']['p50']))} | {fmt(g(lambda r: r[e]['mask_us']['p99']))} | "
                       f"{fmt(max(r[e]['mask_us']['max'] for r in ok))} | {ratio} |")
    out.append("")
    out.append("Llama-3, schema by schema (mask µs avg / p99; compile µs):\n")
    out.append("| schema | tokens | decc | llguidance | XGrammar | llama.cpp | "
               "compile decc / llguidance / XGrammar / llama.cpp |\n|" + "---|" * 7)
    for rec in results:
        if rec["workload"].startswith("schema:") and rec["tokenizer"] == "llama3":
            cell = lambda e: (f"{fmt(rec[e]['mask_us']['avg'])} / {fmt(rec[e]['mask_us']['p99'])}"  # noqa: E731
                              if "mask_us" in rec.get(e, {}) else "error")
            comp = " / ".join(fmt(rec[e]["compile_us"]) if "compile_us" in rec.get(e, {}) else "-"
                              for e in ["decc"] + PEERS)
            out.append(f"| {rec['workload'][7:]} | {rec.get('tokens', '')} | {cell('decc')} | {cell('llguidance')} | "
                       f"{cell('xgrammar')} | {cell('llamacpp')} | {comp} |")
    out.append("")
    out.append("Mask-diff over all runs (differing (step, token) pairs per category; runs = streams where it occurs):\n")
    out.append("| engine | category | pairs | runs |\n|---|---|---|---|")
    for e in PEERS:
        agg: Dict[str, List[int]] = {}
        for rec in results:
            md = rec.get(e, {}).get("maskdiff")
            for c, n in (md or {}).get("categories", {}).items():
                a = agg.setdefault(c, [0, 0])
                a[0] += n
                a[1] += 1
        for c, (n, k) in sorted(agg.items()):
            out.append(f"| {e} | {c} | {n:,} | {k} |")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
