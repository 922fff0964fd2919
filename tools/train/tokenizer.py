"""Trains the project's byte-level BPE tokenizer on the corpus.

    .venv/bin/python tools/train/tokenizer.py --corpus build-train/corpus \
        --out examples/models/decc-tokenizer.json [--vocab 4096]

GPT-2 style: ByteLevel pre-tokenizer (GPT-2 split regex, no prefix space), so
every byte string is encodable and the GGUF metadata is the "gpt2" model of
llama.cpp. Ids 0..3 are the special tokens; the post-processor puts <|bos|>
first (the GGUF files say add_bos_token = true to match). Needs the Hugging Face
`tokenizers` package (the project venv has it).
"""

import argparse
import json
import os

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

SPECIALS = ["<|bos|>", "<|eos|>", "<|mask|>", "<|pad|>"]


def documents(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)["text"]


def train(corpus_dir, vocab_size):
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, min_frequency=2, special_tokens=SPECIALS,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                  show_progress=False)
    tok.train_from_iterator(documents(os.path.join(corpus_dir, "train.jsonl")), trainer)
    tok.post_processor = processors.TemplateProcessing(
        single="<|bos|> $A", pair="<|bos|> $A <|bos|> $B",
        special_tokens=[("<|bos|>", tok.token_to_id("<|bos|>"))])
    for i, s in enumerate(SPECIALS):
        assert tok.token_to_id(s) == i, (s, tok.token_to_id(s))
    return tok


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--vocab", type=int, default=4096)
    a = ap.parse_args()
    tok = train(a.corpus, a.vocab)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    tok.save(a.out, pretty=True)
    valid = list(documents(os.path.join(a.corpus, "valid.jsonl")))
    n_bytes = sum(len(t.encode("utf-8")) for t in valid)
    n_tok = sum(len(e.ids) for e in tok.encode_batch(valid, add_special_tokens=False))
    print(f"{a.out}: vocab {tok.get_vocab_size()}, validation split {n_bytes} bytes -> "
          f"{n_tok} tokens ({n_bytes / n_tok:.2f} bytes/token)")


if __name__ == "__main__":
    main()
