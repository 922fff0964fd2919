"""Builds the default models' corpus: synthetic JSON plus Python source.

    python3 tools/train/corpus.py --out build-train/corpus [--seed 1234]

Writes train.jsonl and valid.jsonl ({"text": ...} per line, one document each)
and manifest.json (composition, sizes, SHA-256 of both splits). The result is a
function of the seed and of the Python sources under --code-root, which is
/usr/lib/python3.11 on every Debian 12 machine (package libpython3.11-stdlib),
so a fresh machine regenerates it without downloads. Only files of the Debian
packages libpython3.11-minimal and libpython3.11-stdlib are used (read from
dpkg's file lists): other packages (python3-tk, python3-distutils,
python3.11-venv, idle) add modules there too, and the corpus must not depend on
what else happens to be installed. Standard library only.
"""

import argparse
import hashlib
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus_json  # noqa: E402

# Generated tables and test suites teach nothing about ordinary code and would
# dominate the sample by size.
SKIP_DIRS = {"test", "tests", "idle_test", "encodings", "pydoc_data", "site-packages",
             "dist-packages", "__pycache__", "lib2to3"}


DPKG_LISTS = ("/var/lib/dpkg/info/libpython3.11-minimal:amd64.list",
              "/var/lib/dpkg/info/libpython3.11-stdlib:amd64.list")


def python_files(root, dpkg_lists):
    owned = set()
    for path in dpkg_lists:
        with open(path, encoding="utf-8") as f:
            owned.update(line.rstrip("\n") for line in f)
    found = []
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if x not in SKIP_DIRS and not x.startswith("config-"))
        found += [p for p in (os.path.join(d, f) for f in sorted(files) if f.endswith(".py")) if p in owned]
    return sorted(found)


def code_chunks(path, r):
    """Consecutive runs of 30..120 lines, so documents start at line boundaries."""
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines(keepends=True)
    i = 0
    while i < len(lines):
        n = r.randint(30, 120)
        text = "".join(lines[i:i + n]).strip("\n")
        if len(text) > 200:
            yield text
        i += n


def build(seed, code_root, dpkg_lists, json_bytes, code_bytes, valid_fraction):
    r = random.Random(seed)
    missing = [p for p in dpkg_lists if not os.path.exists(p)]
    if missing:
        sys.exit(f"corpus.py: error: {missing[0]} not found (a Debian 12 machine with "
                 "libpython3.11-stdlib is needed, or pass --dpkg-list for another file list)")
    files = python_files(code_root, dpkg_lists)
    if not files:
        sys.exit(f"corpus.py: error: no Python sources under {code_root} listed in {', '.join(dpkg_lists)}")
    r.shuffle(files)
    # Held-out code comes from whole files the training split never sees.
    n_valid_files = max(1, int(len(files) * valid_fraction))
    splits = {"train": [], "valid": []}
    sizes = {(s, k): 0 for s in splits for k in ("json", "code")}

    def add(split, kind, text):
        splits[split].append((kind, text))
        sizes[(split, kind)] += len(text.encode("utf-8"))

    for split, budget in (("valid", code_bytes * valid_fraction), ("train", code_bytes)):
        pool = files[:n_valid_files] if split == "valid" else files[n_valid_files:]
        for path in pool:
            if sizes[(split, "code")] >= budget:
                break
            for chunk in code_chunks(path, r):
                add(split, "code", chunk)

    for split, budget in (("valid", json_bytes * valid_fraction), ("train", json_bytes)):
        while sizes[(split, "json")] < budget:
            add(split, "json", corpus_json.document(r))

    for docs in splits.values():
        r.shuffle(docs)
    return splits, sizes, len(files), n_valid_files


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--code-root", default="/usr/lib/python3.11")
    ap.add_argument("--dpkg-list", action="append",
                    help="file lists naming the allowed sources (default: dpkg's lists of "
                         "libpython3.11-minimal and libpython3.11-stdlib)")
    ap.add_argument("--json-mb", type=float, default=6.0)
    ap.add_argument("--code-mb", type=float, default=4.0)
    ap.add_argument("--valid-fraction", type=float, default=0.02)
    a = ap.parse_args()

    dpkg_lists = a.dpkg_list or list(DPKG_LISTS)
    splits, sizes, n_files, n_valid_files = build(
        a.seed, a.code_root, dpkg_lists, int(a.json_mb * 1e6), int(a.code_mb * 1e6), a.valid_fraction)
    os.makedirs(a.out, exist_ok=True)
    manifest = {"seed": a.seed, "code_root": a.code_root, "python_files": n_files,
                "valid_python_files": n_valid_files, "splits": {}}
    for split, docs in splits.items():
        path = os.path.join(a.out, f"{split}.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for _, text in docs:
                f.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
        with open(path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        manifest["splits"][split] = {
            "documents": len(docs),
            "json_documents": sum(k == "json" for k, _ in docs),
            "code_documents": sum(k == "code" for k, _ in docs),
            "json_bytes": sizes[(split, "json")], "code_bytes": sizes[(split, "code")],
            "sha256": digest}
    with open(os.path.join(a.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    print(json.dumps(manifest, indent=2))


if __name__ == "__main__":
    main()
