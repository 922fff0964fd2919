"""Tokenizes the corpus splits into flat token streams for train.py.

    .venv/bin/python tools/train/encode.py --corpus build-train/corpus \
        --tokenizer examples/models/decc-tokenizer.json

Writes train.u16 / valid.u16 next to the .jsonl files: little-endian uint16
ids, each document as <|bos|> text <|eos|>, documents concatenated. The
training script runs under Debian's Python (PyTorch) which lacks `tokenizers`,
so tokenization happens here, once. Also writes prompts.json: the sample
prompts of the model cards, tokenized (with the leading <|bos|>).
"""

import argparse
import json
import os

import numpy as np
from tokenizers import Tokenizer

PROMPTS = ["", '{"name": "', '[{"role": "user", "content": "',
           '{"name": "get_weather", "arguments": {', '{\n  "order_id": "',
           "def ", "import os\n\n", "class "]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--tokenizer", required=True)
    a = ap.parse_args()
    tok = Tokenizer.from_file(a.tokenizer)
    eos = tok.token_to_id("<|eos|>")
    assert tok.get_vocab_size() <= 65536
    for split in ("train", "valid"):
        with open(os.path.join(a.corpus, f"{split}.jsonl"), encoding="utf-8") as f:
            texts = [json.loads(line)["text"] for line in f]
        ids = []
        for e in tok.encode_batch(texts, add_special_tokens=True):
            ids.extend(e.ids)
            ids.append(eos)
        out = os.path.join(a.corpus, f"{split}.u16")
        np.asarray(ids, dtype="<u2").tofile(out)
        print(f"{out}: {len(texts)} documents, {len(ids)} tokens")
    prompts = [{"text": p, "ids": tok.encode(p, add_special_tokens=True).ids} for p in PROMPTS]
    with open(os.path.join(a.corpus, "prompts.json"), "w", encoding="utf-8") as f:
        json.dump(prompts, f, indent=1)


if __name__ == "__main__":
    main()
