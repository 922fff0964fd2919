#!/usr/bin/env python3
"""Mask-diff on sampled continuations (docs/grammar-peers.md, "Sampled
continuations").

  sampled_diff.py --engine llguidance --tokenizer T.json --grammar G [--grammar G2 ...]
                  [--seeds N] [--first-seed S] [--max-steps M] [--decgram-lib libdecgram.so]
                  [--peer-grammar G'] [--oracle ENGINE] [--json OUT] [--examples N]

maskdiff.py follows the tokenization of one valid document, which never
enters most branches the masks reject. Here decc's matcher (libdecgram, in
process) and the peer's run in lockstep on the same grammar and tokenizer:
at each step both masks are read, every differing token is classified with
categories.py (maskdiff.classify_mask), and the next token is drawn at random
(seeded) from the tokens BOTH allow (Policy: EOS, closing, quoting, opening,
one-byte and whitespace tokens with the --p-* probabilities, else any), and
both consume it. A sequence stops at EOS, at --max-steps, or when the two
masks share no token. --oracle runs a third engine in lockstep for the
categories that ask which side it takes (greedy-lexeme, c.gbnf).

Besides unexplained categories, it fails on an inconsistency no category can
hide: an engine rejecting a token its own mask allowed, decc's EOS bit
disagreeing with its is_complete(), or a dead end (no common token). Exit 0
when every difference is explained, 1 otherwise, 2 when an engine cannot
compile or run a grammar.
"""

import argparse
import json
import os
import random
import sys
from collections import Counter, OrderedDict
from typing import Dict, List, Optional

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import categories  # noqa: E402
import decc_engine  # noqa: E402
import engines  # noqa: E402
import lockstep  # noqa: E402
import maskdiff  # noqa: E402

class Policy:
    """How the next token is drawn from the tokens both engines allow: EOS
    with probability p_eos when both allow it; else, with the probability of
    each class in turn, a token of that class when both allow one; else any.
    The last draw leaves out whitespace-only tokens when others are allowed.
    Uniform draws alone stay in long strings, digit runs, whitespace and open
    objects (most allowed tokens continue them): the classes steer to the
    bytes that end them and to the single bytes that take the other
    branches."""

    CLASSES = (
        ("end", lambda b: any(c in b for c in b"}])")),   # close an object, array, group
        ("quote", lambda b: b'"' in b),                   # end (or start) a string or key
        ("open", lambda b: any(c in b for c in b"{[(")),  # nest
        ("short", lambda b: len(b) == 1),                 # one byte: '.', ',', ':', a digit, ...
        ("space", bytes.isspace),                         # whitespace only
    )

    def __init__(self, vocab: categories.VocabInfo, width: int, p_eos: float, p_class: Dict[str, float]):
        self.p_eos = p_eos
        self.classes = [(p_class[name], self._mask(vocab, width, pred)) for name, pred in self.CLASSES]
        # Llama-3 alone has hundreds of whitespace tokens, allowed between any
        # two JSON tokens: drawn uniformly they would fill the sequences.
        self.not_space = ~self.classes[-1][1]

    @staticmethod
    def _mask(vocab: categories.VocabInfo, width: int, pred) -> np.ndarray:
        """The mask (decc's layout) of the tokens whose bytes satisfy `pred`."""
        bits = np.zeros(width * 32, np.uint8)
        for t, b in enumerate(vocab.tokens):
            if b and pred(b):
                bits[t] = 1
        return np.packbits(bits, bitorder="little").view(np.uint32)

    def choose(self, both: np.ndarray, eos: List[int], rng: random.Random) -> Optional[int]:
        allowed_eos = [t for t in eos if lockstep.bit(both, t)]
        if allowed_eos and rng.random() < self.p_eos:
            return rng.choice(allowed_eos)
        r = rng.random()
        pool = both & self.not_space if (both & self.not_space).any() else both
        for p, subset in self.classes:
            if r < p:
                if (both & subset).any():
                    pool = both & subset
                break
            r -= p
        ids = maskdiff.set_bits(pool)
        if allowed_eos:
            ids = ids[~np.isin(ids, allowed_eos)]
        if not len(ids):
            return allowed_eos[0] if allowed_eos else None
        return int(ids[rng.randrange(len(ids))])


def run_sequence(lock: lockstep.Lockstep, policy: Policy, seed: int, max_steps: int) -> Dict:
    """One sampled sequence from the start of the grammar. Returns how it
    ended ("eos", "limit", "no-common-token" or an inconsistency), its length
    and its text."""
    lock.reset()
    rng = random.Random(seed)
    for step in range(max_steps):
        _, inconsistent = lock.step(step, seed=seed)
        if inconsistent:
            return {"end": inconsistent, "steps": step, "text": lock.prefix}
        both = lock.ours & lock.theirs
        if lock.peer_end() is not None:
            for t in lock.eos:  # the document may end in both, under other ids (eos-id)
                both[t >> 5] |= lock.ours[t >> 5] & np.uint32(1 << (t & 31))
        token = policy.choose(both, lock.eos, rng)
        if token is None:
            return {"end": "no-common-token", "steps": step + 1, "text": lock.prefix}
        rejected = lock.advance(token)
        if rejected:
            return {"end": f"{rejected}-allowed-token {token}", "steps": step + 1, "text": lock.prefix}
        if token in lock.eos:
            return {"end": "eos", "steps": step + 1, "text": lock.prefix}
    return {"end": "limit", "steps": max_steps, "text": lock.prefix}


# Ends that are not a failure: the other ones say that an engine contradicts
# its own mask, or that the two engines share no continuation (each side then
# also shows up as classified differences; a dead end is reported on its own
# so that it is never hidden by an explained category).
NORMAL_ENDS = ("eos", "limit")


def run_grammar(lock: lockstep.Lockstep, policy: Policy, grammar: str, peer_grammar: Optional[str],
                seeds: List[int], max_steps: int) -> Dict:
    lock.compile(grammar, peer_grammar)
    ends: Counter = Counter()
    failures = []
    steps = 0
    lengths = []
    for seed in seeds:
        seq = run_sequence(lock, policy, seed, max_steps)
        ends[seq["end"].split(" ")[0]] += 1
        steps += seq["steps"]
        lengths.append(len(seq["text"]))
        if seq["end"] not in NORMAL_ENDS:
            failures.append({"seed": seed, "end": seq["end"], "step": seq["steps"],
                             "after": repr(seq["text"][-60:])})
    report = {"grammar": grammar, "engine": lock.peer.name, "sequences": len(seeds), "steps": steps,
              "ends": dict(ends), "bytes_max": max(lengths, default=0), **lockstep.tally_report(lock.tally),
              "failures": failures}
    if lock.oracle:
        report.update({"oracle": lock.oracle.name, "oracle_lost": lock.oracle_lost})
    return report


def failed(report: Dict) -> bool:
    return bool(report["unexplained"]) or bool(report["failures"])


def summary(report: Dict) -> str:
    ends = ", ".join(f"{k} {v}" for k, v in sorted(report["ends"].items()))
    lines = [f"{os.path.basename(report['grammar'])} vs {report['engine']}: {report['sequences']} sequences, "
             f"{report['steps']} masks, {report['steps_with_diff']} differ ({ends})"
             + (f"; oracle {report['oracle']} lost {report['oracle_lost']} sequences" if "oracle" in report else "")]
    for f in report["failures"]:
        lines.append(f"  FAILURE seed {f['seed']} step {f['step']}: {f['end']} after {f['after']}")
    for cat, n in report["categories"].items():
        tag = "explained" if cat in categories.CATEGORIES else "UNEXPLAINED"
        lines.append(f"  {cat}: {n} ({tag})")
        for ex in report["examples"].get(cat, []):
            lines.append(f"    seed {ex['seed']} step {ex['step']} token {ex['token']} {ex['bytes']} "
                         f"allowed by {ex['allowed_by']} after {ex['after']}")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--engine", default="llguidance", choices=["llguidance", "xgrammar"])
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--grammar", required=True, action="append", help="repeatable")
    ap.add_argument("--peer-grammar", help="compile this file for the peer instead of the (single) --grammar "
                    "(to check that the diff fails on a real difference)")
    ap.add_argument("--oracle", choices=["llguidance", "xgrammar"],
                    help="a third engine, fed the same tokens, that tells which side a difference is on "
                    "(greedy-lexeme)")
    ap.add_argument("--decgram-lib", help="libdecgram.so to load (default: the binding's search, newest "
                    "build*/lib of this checkout)")
    ap.add_argument("--seeds", type=int, default=20, help="sequences per grammar")
    ap.add_argument("--first-seed", type=int, default=0)
    ap.add_argument("--max-steps", type=int, default=300, help="tokens per sequence at most")
    ap.add_argument("--p-eos", type=float, default=0.1, help="EOS when both allow it")
    ap.add_argument("--p-end", type=float, default=0.15, help="a token holding } ] )")
    ap.add_argument("--p-quote", type=float, default=0.15, help="a token holding \"")
    ap.add_argument("--p-open", type=float, default=0.05, help="a token holding { [ (")
    ap.add_argument("--p-short", type=float, default=0.2, help="a one-byte token")
    ap.add_argument("--p-space", type=float, default=0.05, help="a whitespace-only token")
    ap.add_argument("--json", help="write the reports here")
    ap.add_argument("--examples", type=int, default=3, help="examples kept per category")
    a = ap.parse_args()
    if a.peer_grammar and len(a.grammar) != 1:
        ap.error("--peer-grammar needs exactly one --grammar")
    seeds = list(range(a.first_seed, a.first_seed + a.seeds))
    p_class = {"end": a.p_end, "quote": a.p_quote, "open": a.p_open, "short": a.p_short, "space": a.p_space}
    if not all(0 <= p <= 1 for p in (a.p_eos, *p_class.values())) or sum(p_class.values()) > 1:
        ap.error("probabilities must lie in [0, 1], and those of the classes sum to at most 1")
    reports = []
    try:
        decc = decc_engine.Decc(a.tokenizer, a.decgram_lib)
        vocab = categories.VocabInfo.load(a.tokenizer)
        peer = engines.make(a.engine, a.tokenizer, decc.eos_ids())
        oracle = engines.make(a.oracle, a.tokenizer, decc.eos_ids()) if a.oracle else None
        policy = Policy(vocab, max(decc.words(), peer.words(), oracle.words() if oracle else 0), a.p_eos, p_class)
        for g in a.grammar:
            lock = lockstep.Lockstep(decc, peer, vocab, maskdiff.Tally(a.examples), oracle)
            report = run_grammar(lock, policy, g, a.peer_grammar, seeds, a.max_steps)
            print(summary(report), flush=True)
            reports.append(report)
    except (engines.EngineError, OSError) as e:
        print(f"sampled_diff: error: {e}", file=sys.stderr)
        return 2
    total: Dict[str, int] = OrderedDict()
    for r in reports:
        for c, n in r["categories"].items():
            total[c] = total.get(c, 0) + n
    print(f"total: {len(reports)} grammars, {sum(r['sequences'] for r in reports)} sequences, "
          f"{sum(r['steps'] for r in reports)} masks, {sum(r['steps_with_diff'] for r in reports)} differ; "
          + (", ".join(f"{c} {n}" for c, n in total.items()) or "no differences"))
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"tokenizer": a.tokenizer, "engine": a.engine, "oracle": a.oracle, "seeds": seeds,
                       "max_steps": a.max_steps,
                       "policy": {"p_eos": a.p_eos, **p_class},
                       "library": decc.library_path(), "reports": reports}, f, indent=2)
    return 1 if any(failed(r) for r in reports) else 0


if __name__ == "__main__":
    sys.exit(main())
