#!/usr/bin/env python3
"""Mask-diff: decc's mask against a peer engine's before every token of a
stream (docs/grammar-peers.md).

  maskdiff.py --decc-grammar BIN --engine llguidance|xgrammar|llamacpp
              --grammar G --tokenizer T.json --input DOC [--json OUT] [--examples N]
              [--peer-grammar G2] [--oracle ENGINE]

`decc-grammar masks` tokenizes DOC with decc's tokenizer and writes decc's
masks; the peer replays exactly those token ids. Every (step, token) where
the two masks differ is put in a category of categories.py, each documented
with the side it comes from; the exit status is 1 when a difference fits no
category (or the peer rejects a token of the stream that no category
explains), 0 otherwise, 2 when a tool fails.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import OrderedDict
from typing import Dict, List, Optional, Tuple

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import categories  # noqa: E402
import dmsk  # noqa: E402
import engines  # noqa: E402


def decc_masks(binary: str, grammar: str, tokenizer: str, doc: str, out: str) -> dmsk.MaskFile:
    r = subprocess.run([binary, "masks", "--grammar", grammar, "--tokenizer", tokenizer,
                        "--input", doc, "--out", out], capture_output=True, text=True)
    if r.returncode != 0:
        raise engines.EngineError(f"decc-grammar masks exited {r.returncode}: {r.stderr.strip()}")
    return dmsk.read(out)


def set_bits(words: np.ndarray) -> np.ndarray:
    return np.nonzero(np.unpackbits(words.view(np.uint8), bitorder="little"))[0]


def classify_mask(ours: np.ndarray, peer: np.ndarray, engine: engines.Engine, vocab: categories.VocabInfo,
                  grammar_kind: str, source: str, prefix: bytes, decc_eos: List[int],
                  oracle: Optional[engines.Engine] = None) -> List[Tuple[str, categories.Difference]]:
    """Classifies every token where decc's mask `ours` and the peer's `peer`
    (same width) differ, in the state after `prefix`. The peer's forced bytes
    and the oracle's mask are read only when something differs."""
    differing = set_bits(ours ^ peer)
    if not len(differing):
        return []
    forced = engine.forced_bytes()
    third = None
    if oracle is not None:
        third = np.zeros_like(peer)
        oracle.fill_mask(third)
    out = []
    for t in differing:
        t = int(t)
        ctx = categories.Difference(
            engine=engine.name, grammar_kind=grammar_kind, token=t,
            token_bytes=vocab.tokens[t] if t < len(vocab.tokens) else b"",
            decc_allows=bool((int(ours[t >> 5]) >> (t & 31)) & 1), prefix=prefix,
            forced=forced, vocab=vocab, decc_eos=decc_eos, peer_eos=engine.eos_ids(), source=source,
            oracle_allows=None if third is None else bool((int(third[t >> 5]) >> (t & 31)) & 1))
        out.append((categories.classify(ctx), ctx))
    return out


class Tally:
    """Differences per category, with the first `examples` of each, over one
    stream or many (sampled_diff.py)."""

    def __init__(self, examples: int):
        self.examples = examples
        self.counts: Dict[str, int] = OrderedDict()
        self.samples: Dict[str, List[Dict]] = OrderedDict()
        self.steps_with_diff = 0

    def add(self, classified: List[Tuple[str, categories.Difference]], step: int, **where) -> None:
        """Records one mask's differences; `where` (e.g. the seed) goes into
        the examples."""
        if classified:
            self.steps_with_diff += 1
        for cat, ctx in classified:
            self.counts[cat] = self.counts.get(cat, 0) + 1
            bucket = self.samples.setdefault(cat, [])
            if len(bucket) < self.examples:
                bucket.append({**where, "step": step, "token": ctx.token, "bytes": repr(ctx.token_bytes),
                               "allowed_by": "decc" if ctx.decc_allows else ctx.engine,
                               "after": repr(ctx.prefix[-40:])})

    def unexplained(self) -> Dict[str, int]:
        return {c: n for c, n in self.counts.items() if c not in categories.CATEGORIES}


def diff(masks: dmsk.MaskFile, engine: engines.Engine, vocab: categories.VocabInfo,
         grammar_path: str, examples: int, oracle: Optional[engines.Engine] = None) -> Dict:
    """Replays the stream into `engine` and classifies every difference. An
    `oracle` (a third engine, compiled and fed in lockstep) tells for each
    difference whether it sides with decc, for the categories that need it."""
    width = max(engine.words(), masks.masks.shape[1])
    if oracle is not None:
        width = max(width, oracle.words())
    peer = np.zeros(width, np.uint32)
    ours = np.zeros(width, np.uint32)
    tally = Tally(examples)
    prefix = b""
    rejected_at = None
    grammar_kind = engines.grammar_kind(grammar_path)
    source = engines.read_text(grammar_path)
    for step, token in enumerate(masks.tokens):
        peer[:] = 0
        engine.fill_mask(peer)
        ours[:] = 0
        ours[: masks.masks.shape[1]] = masks.masks[step]
        tally.add(classify_mask(ours, peer, engine, vocab, grammar_kind, source, prefix, masks.eos, oracle), step)
        if token < 0:
            break
        if not engine.consume(int(token)):
            rejected_at = step
            break
        if oracle is not None and not oracle.consume(int(token)):
            oracle = None  # the oracle no longer follows the stream
        prefix += vocab.tokens[int(token)]
    return {"engine": engine.name, "steps": len(masks.tokens), "steps_with_diff": tally.steps_with_diff,
            "peer_rejected_step": rejected_at, "categories": tally.counts, "examples": tally.samples,
            "unexplained": tally.unexplained()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--decc-grammar", required=True)
    ap.add_argument("--engine", required=True, choices=["llguidance", "xgrammar", "llamacpp"])
    ap.add_argument("--grammar", required=True)
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--input", required=True)
    ap.add_argument("--peer-grammar", help="compile this file for the peer instead of --grammar "
                    "(to check that the diff fails on a real difference)")
    ap.add_argument("--oracle", choices=["llguidance", "xgrammar"],
                    help="a third engine that tells which side a difference is on (greedy-lexeme)")
    ap.add_argument("--json", help="write the report here")
    ap.add_argument("--examples", type=int, default=3, help="examples kept per category")
    a = ap.parse_args()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            masks = decc_masks(a.decc_grammar, a.grammar, a.tokenizer, a.input,
                               os.path.join(tmp, "masks.bin"))
        vocab = categories.VocabInfo.load(a.tokenizer)
        engine = engines.make(a.engine, a.tokenizer, masks.eos)
        peer_grammar = a.peer_grammar or a.grammar
        engine.compile(peer_grammar)
        oracle = None
        if a.oracle:
            oracle = engines.make(a.oracle, a.tokenizer, masks.eos)
            oracle.compile(a.grammar)
        report = diff(masks, engine, vocab, peer_grammar, a.examples, oracle)
    except (engines.EngineError, dmsk.FormatError, OSError) as e:
        print(f"maskdiff: error: {e}", file=sys.stderr)
        return 2
    report.update({"grammar": a.grammar, "tokenizer": a.tokenizer, "input": a.input})
    if a.json:
        with open(a.json, "w") as f:
            json.dump(report, f, indent=2)
    print(summary(report))
    return 1 if failed(report) else 0


def failed(report: Dict) -> bool:
    return bool(report["unexplained"]) or (
        report["peer_rejected_step"] is not None and not report["categories"])


def summary(report: Dict) -> str:
    name = os.path.basename(report["grammar"])
    doc = os.path.basename(report["input"])
    lines = [f"{name} {doc} vs {report['engine']}: {report['steps']} masks, "
             f"{report['steps_with_diff']} differ"]
    if report["peer_rejected_step"] is not None:
        lines.append(f"  {report['engine']} rejects the token of step {report['peer_rejected_step']}")
    for cat, n in report["categories"].items():
        tag = "explained" if cat in categories.CATEGORIES else "UNEXPLAINED"
        lines.append(f"  {cat}: {n} ({tag})")
        for ex in report["examples"].get(cat, []):
            lines.append(f"    step {ex['step']} token {ex['token']} {ex['bytes']} "
                         f"allowed by {ex['allowed_by']} after {ex['after']}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
