"""Hugging Face encodings of a few hundred strings with the project tokenizer.

    .venv/bin/python tools/train/tokenizer_golden.py --tokenizer examples/models/decc-tokenizer.json \
        --corpus build-train/corpus --out test/unit/ModelsShipped/data/tokenizer-golden.json

test/unit/ModelsShipped checks that the C++ tokenizer (decrt_tokenizer) gives
the same ids. Strings: slices of held-out corpus documents (JSON and Python) at
random offsets, so they start mid-word and mid-escape, plus hand-picked cases
the corpus lacks (non-ASCII, emoji, invalid-looking escapes, special tokens
inside text, whitespace runs, long digit strings).
"""

import argparse
import json
import os
import random

from tokenizers import Tokenizer

EDGE = ["", " ", "\n", "\t\t", "   \n\n  x", "Grüße aus Köln", "naïve café — “quotes”", "日本語のテキスト",
        "emoji 😀👍🏽 done", "{\"a\":\"\\u00e9\\n\"}", "12345678901234567890", "3.14159e-10",
        "<|bos|>{\"x\": 1}<|eos|>", "text<|mask|><|mask|>more", "<|pad|>", "<|bos", "|eos|>",
        "def f(x):\n    return x  # comment\n", "    \n    ", "a\r\nb", "\u00a0nbsp", "tab\tsep\tvalues",
        "ALLCAPS and MixedCase and snake_case_name", "'single' \"double\" `back`", "x" * 300,
        "😀" * 20, "\u200bzero width", "مرحبا بالعالم", "Ωmega ∑ ∫ √", "don't won't I'm they're"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    tok = Tokenizer.from_file(a.tokenizer)
    r = random.Random(a.seed)
    with open(os.path.join(a.corpus, "valid.jsonl"), encoding="utf-8") as f:
        docs = [json.loads(line)["text"] for line in f]
    texts = list(EDGE)
    while len(texts) < a.count:
        d = r.choice(docs)
        i = r.randrange(len(d))
        texts.append(d[i:i + r.randint(1, 400)])
    cases = []
    for i, t in enumerate(texts):
        add_special = i % 3 == 0
        cases.append({"text": t, "add_special": add_special,
                      "ids": tok.encode(t, add_special_tokens=add_special).ids})
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump({"tokenizer": os.path.basename(a.tokenizer), "cases": cases}, f, ensure_ascii=False, indent=0)
    print(f"{a.out}: {len(cases)} strings, {sum(len(c['ids']) for c in cases)} tokens")


if __name__ == "__main__":
    main()
