#!/usr/bin/env python3
"""Mask-diff of the JSON Schema Test Suite's valid instances against a peer
(docs/grammar-peers.md, "JSON Schema Test Suite").

  suite_diff.py --tokenizer T.json --suite DIR/tests --baseline test/data/json-schema-suite-baseline.json
                [--draft draft2020-12 --draft draft7] [--optional | --optional-only] [--only NAME]
                [--engine llguidance]
                [--decgram-lib libdecgram.so] [--json OUT] [--examples N]

For every test group of the draft whose valid instances decc's baseline marks
"pass" (decc compiles the schema and accepts the instance: SuiteTest.cpp),
each such instance is written compact and pretty-printed (indent 2),
tokenized with the Hugging Face tokenizer of the same tokenizer.json (no
special tokens) and replayed into decc (libdecgram) and the peer in lockstep
(lockstep.py), EOS last: every mask difference is classified as in
maskdiff.py. The peer may refuse a schema (counted, not a failure) or stop on
a token of a valid instance: that is a failure unless the token is one of the
step's explained differences (a peer choice or bug that rejects the
instance). Failures: an unexplained difference, decc refusing a token or the
EOS of an instance its baseline accepts, decc failing to compile such a
schema. Exit 0 / 1 (failures) / 2 (tools).

--optional adds the files under optional/ (baseline ids such as
"optional/format/date.json#0.6"); --optional-only runs those alone (CI runs
the two parts as two tests, docs/grammar-peers.md, "JSON Schema Test Suite").
"""

import argparse
import json
import os
import sys
import tempfile
from collections import Counter, OrderedDict
from typing import Dict, List

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import categories  # noqa: E402
import decc_engine  # noqa: E402
import engines  # noqa: E402
import lockstep  # noqa: E402
import maskdiff  # noqa: E402


def spellings(data) -> Dict[str, str]:
    return {"compact": json.dumps(data, ensure_ascii=False, separators=(",", ":")),
            "pretty": json.dumps(data, ensure_ascii=False, indent=2)}


def replay(lock: lockstep.Lockstep, ids: List[int], where: Dict) -> Dict:
    """One instance's tokens, then EOS. Returns how it ended: "accepted" (both
    took EOS), "peer-stopped" with the explained category of the refused
    token, or a failure."""
    lock.reset()
    eos = lock.eos[0]
    for step, token in enumerate(ids + [eos]):
        classified, inconsistent = lock.step(step, **where)
        if inconsistent:
            return {"end": "failure", "why": inconsistent, "step": step}
        if not lockstep.bit(lock.ours, token):
            return {"end": "failure", "why": "decc-refuses-token", "step": step, "token": token}
        if not lockstep.bit(lock.theirs, token):
            cat = lockstep.explained_token(classified, token)
            if cat is None:
                return {"end": "failure", "why": f"{lock.peer.name}-refuses-token", "step": step, "token": token}
            return {"end": "peer-stopped", "category": cat, "step": step}
        rejected = lock.advance(token)
        if rejected:
            return {"end": "failure", "why": f"{rejected}-allowed-token", "step": step, "token": token}
    return {"end": "accepted"}


def with_draft(schema, draft: str):
    """The draft-7 files rarely name their draft. decc is told it as
    SuiteTest.cpp tells it (an option: Decc.set_suite_draft); the peer, which
    has no such option, reads it from `$schema`."""
    if draft == "draft7" and isinstance(schema, dict) and "$schema" not in schema:
        return {"$schema": "http://json-schema.org/draft-07/schema#", **schema}
    return schema


def suite_files(folder: str, optional: bool, required: bool = True) -> List[str]:
    """The draft's files as the baseline names them: top-level ones (with
    `required`), then (with `optional`) those under optional/, e.g.
    "optional/format/date.json"."""
    names = [n for n in os.listdir(folder) if n.endswith(".json")] if required else []
    if optional:
        for root, _, files in os.walk(os.path.join(folder, "optional")):
            names += [os.path.relpath(os.path.join(root, n), folder).replace(os.sep, "/")
                      for n in files if n.endswith(".json")]
    return sorted(names)


def run_file(lock: lockstep.Lockstep, tokenizer, folder: str, name: str, draft: str, baseline: Dict[str, str],
             tmp: str, examples: int) -> Dict:
    """Every group of one suite file with at least one valid instance decc
    passes; the tally covers the whole file."""
    path = os.path.join(folder, name)
    with open(path, encoding="utf-8") as f:
        groups = json.load(f)
    lock.tally = maskdiff.Tally(examples)
    out = {"file": f"{draft}/{name}", "groups": 0, "peer_refused_groups": [], "instances": 0, "masks": 0,
           "ends": Counter(), "peer_stopped": Counter(), "failures": []}
    for g, group in enumerate(groups):
        tests = [(t, test) for t, test in enumerate(group["tests"])
                 if test["valid"] and baseline.get(f"{name}#{g}.{t}") == "pass"]
        if not tests:
            continue
        stem = os.path.splitext(name)[0].replace("/", "_")
        schema_path = os.path.join(tmp, f"{stem}-{g}.json")
        peer_path = os.path.join(tmp, f"{stem}-{g}.peer.json")
        for path, schema in ((schema_path, group["schema"]), (peer_path, with_draft(group["schema"], draft))):
            with open(path, "w", encoding="utf-8") as f:
                f.write(json.dumps(schema, ensure_ascii=False, separators=(",", ":")))
        try:
            lock.decc.compile(schema_path)
        except engines.EngineError as e:
            out["failures"].append({"id": f"{name}#{g}", "why": f"decc does not compile it: {e}"})
            continue
        try:
            lock.compile(schema_path, peer_path)
        except (engines.EngineError, ValueError) as e:  # llguidance's options refuse a boolean schema
            out["peer_refused_groups"].append({"id": f"{name}#{g}", "error": str(e).splitlines()[0][:200]})
            continue
        out["groups"] += 1
        for t, test in tests:
            for spelling, text in spellings(test["data"]).items():
                ids = tokenizer.encode(text, add_special_tokens=False).ids
                where = {"id": f"{name}#{g}.{t}", "spelling": spelling}
                r = replay(lock, ids, where)
                out["instances"] += 1
                out["masks"] += r.get("step", len(ids)) + 1
                out["ends"][r["end"]] += 1
                if r["end"] == "peer-stopped":
                    out["peer_stopped"][r["category"]] += 1
                elif r["end"] == "failure":
                    out["failures"].append({**where, **r, "text": text[:80]})
    out.update(lockstep.tally_report(lock.tally))
    return out


def failed(report: Dict) -> bool:
    return bool(report["unexplained"]) or bool(report["failures"])


def summary(r: Dict) -> str:
    line = (f"{r['file']}: {r['groups']} groups, {r['instances']} instances, {r['masks']} masks, "
            f"{r['steps_with_diff']} differ")
    if r["peer_refused_groups"]:
        line += f"; peer refuses {len(r['peer_refused_groups'])} groups"
    if r["peer_stopped"]:
        line += "; peer stops: " + ", ".join(f"{c} {n}" for c, n in r["peer_stopped"].items())
    lines = [line]
    for f in r["failures"]:
        lines.append(f"  FAILURE {f.get('id')} {f.get('spelling', '')}: {f['why']} at step {f.get('step')} "
                     f"in {f.get('text', '')!r}")
    for cat, n in r["categories"].items():
        tag = "explained" if cat in categories.CATEGORIES else "UNEXPLAINED"
        lines.append(f"  {cat}: {n} ({tag})")
        for ex in r["examples"].get(cat, []):
            lines.append(f"    {ex['id']} {ex['spelling']} step {ex['step']} token {ex['token']} {ex['bytes']} "
                         f"allowed by {ex['allowed_by']} after {ex['after']}")
    return "\n".join(lines)


def total_line(draft: str, reports: List[Dict]) -> str:
    total: Dict[str, int] = OrderedDict()
    stopped: Counter = Counter()
    for r in reports:
        stopped.update(r["peer_stopped"])
        for c, n in r["categories"].items():
            total[c] = total.get(c, 0) + n
    return (f"total {draft}: {len(reports)} files, {sum(r['groups'] for r in reports)} groups "
            f"(peer refuses {sum(len(r['peer_refused_groups']) for r in reports)} more), "
            f"{sum(r['instances'] for r in reports)} instances, {sum(r['masks'] for r in reports)} masks, "
            f"{sum(r['steps_with_diff'] for r in reports)} differ; "
            + (", ".join(f"{c} {n}" for c, n in total.items()) or "no differences")
            + ("; peer stops: " + ", ".join(f"{c} {n}" for c, n in stopped.items()) if stopped else ""))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--engine", default="llguidance", choices=["llguidance", "xgrammar"])
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--suite", required=True, help="the suite's tests/ folder")
    ap.add_argument("--baseline", required=True, help="decc's committed suite baseline")
    ap.add_argument("--draft", action="append", help="draft2020-12 (default), draft7; repeatable")
    parts = ap.add_mutually_exclusive_group()
    parts.add_argument("--optional", action="store_true", help="also the files under optional/")
    parts.add_argument("--optional-only", action="store_true", help="the files under optional/ alone")
    ap.add_argument("--only", action="append",
                    help="suite file name (repeatable), e.g. minimum.json, optional/format/date.json")
    ap.add_argument("--decgram-lib")
    ap.add_argument("--json", help="write the reports here")
    ap.add_argument("--examples", type=int, default=2)
    a = ap.parse_args()
    drafts = a.draft or ["draft2020-12"]
    reports: Dict[str, List[Dict]] = OrderedDict()
    try:
        import tokenizers
        with open(a.baseline, encoding="utf-8") as f:
            baselines = json.load(f)
        tokenizer = tokenizers.Tokenizer.from_file(a.tokenizer)
        decc = decc_engine.Decc(a.tokenizer, a.decgram_lib)
        vocab = categories.VocabInfo.load(a.tokenizer)
        peer = engines.make(a.engine, a.tokenizer, decc.eos_ids())
        lock = lockstep.Lockstep(decc, peer, vocab, maskdiff.Tally(a.examples))
        for draft in drafts:
            if draft not in baselines:
                raise OSError(f"{a.baseline}: no baseline for {draft}")
            folder = os.path.join(a.suite, draft)
            optional = a.optional or a.optional_only or any("/" in n for n in a.only or [])
            files = [n for n in suite_files(folder, optional, required=not a.optional_only)
                     if not a.only or n in a.only]
            if a.only and len(files) != len(set(a.only)):
                raise OSError(f"{folder}: no file {sorted(set(a.only) - set(files))}")
            reports[draft] = []
            decc.set_suite_draft(draft)
            with tempfile.TemporaryDirectory() as tmp:
                for name in files:
                    r = run_file(lock, tokenizer, folder, name, draft, baselines[draft], tmp, a.examples)
                    if r["instances"] or r["failures"] or r["peer_refused_groups"]:
                        print(summary(r), flush=True)
                        reports[draft].append(r)
            print(total_line(draft, reports[draft]), flush=True)
    except (engines.EngineError, OSError, ValueError) as e:
        print(f"suite_diff: error: {e}", file=sys.stderr)
        return 2
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"tokenizer": a.tokenizer, "engine": a.engine, "library": decc.library_path(),
                       "reports": reports}, f, indent=2, default=dict)
    return 1 if any(failed(r) for rs in reports.values() for r in rs) else 0


if __name__ == "__main__":
    sys.exit(main())
