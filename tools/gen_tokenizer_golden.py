#!/usr/bin/env python3
"""Generate golden vectors for decc's tokenizer tests from Hugging Face `tokenizers`.

For each tokenizer (llama3, qwen3, gemma3, llama2) this writes
test/data/tokenizer-golden/<name>.json with only strings and ids (never the
tokenizer itself):
synthetic.json holds the same for the hand-made tokenizers of the fuzzer seed
corpus (test/fuzz/corpus/tokenizer_json_fuzzer), which cover options the four
real files do not use.
Per tokenizer:
  cases:         text -> ids (with/without post-processor specials, and with
                 special tokens not parsed) and the decodes of those ids
  decode_cases:  id sequences (random, partial UTF-8, byte tokens, specials)
                 -> HF decode with and without skip_special_tokens

Usage: .venv/bin/python tools/gen_tokenizer_golden.py [--tokenizers DIR] [--out DIR]
DIR defaults to $DECC_TOKENIZERS_DIR or ../shared/data/tokenizers.
"""
import argparse
import json
import os
import random
import sys

import tokenizers
from tokenizers import Tokenizer

NAMES = ["llama3", "qwen3", "gemma3", "llama2"]
SEED = 20240611

FIXED = [
    "", " ", "  ", "\t", "\n", "\r\n", " \n ", "a", "Hello", " Hello", "Hello world",
    "Hello, world! How are you?", "  leading spaces", "trailing spaces   ",
    "multiple   spaces   between", "tabs\tand\t\ttabs", "line1\nline2\n\nline4",
    "windows\r\nline\r\nendings\r\n", "mixed \t\n \r\n\t whitespace  \n",
    "\n\n\n\n", "   \n\n   ", "x \n\n y", "trailing newline\n",
    "don't can't won't it's I'm you're we've they'll he'd",
    "DON'T CAN'T IT'S I'M YOU'RE WE'VE THEY'LL HE'D",
    "'s 't 're 've 'm 'll 'd", "x's", "'S'T'RE", "'ſ 'ſt", "rock'n'roll", "''quoted''",
    "0", "7", "42", "123", "1234", "12345", "1234567890", "3.14159265358979",
    "1,000,000", "-273.15", "+1 (555) 123-4567", "2024-06-11T12:34:56Z", "0x1F600",
    "99999999999999999999999999999999", "v1.2.3-rc4", "١٢٣٤٥", "१२३४", "Ⅻ ½ ²",
    "The quick brown fox jumps over the lazy dog.",
    "Pack my box with five dozen liquor jugs!",
    "日本語のテキストです。東京は日本の首都です。", "中文测试：你好，世界！", "한국어 텍스트입니다",
    "مرحبا بالعالم، كيف حالك؟", "שלום עולם", "नमस्ते दुनिया, आप कैसे हैं?",
    "Привет, мир! Как дела?", "Γειά σου Κόσμε", "สวัสดีชาวโลก ภาษาไทย",
    "Tiếng Việt có dấu", "ქართული ენა", "Հայերեն", "አማርኛ", "தமிழ் மொழி",
    "😀😃😄😁", "👨‍👩‍👧‍👦 family", "👍🏽 thumbs", "🏳️‍🌈 flag", "🇺🇸🇯🇵", "❤️‍🔥",
    "e\u0301 combining acute", "n\u0303 a\u0308 o\u0302\u0323", "Å vs A\u030a", "ﬁ ligature",
    "\u00a0nbsp\u00a0", "\u2003em space\u2003", "zero\u200bwidth", "\u3000ideographic",
    "\u0085next line", "\u2028line sep\u2029para", "\ufeffBOM", "soft\u00adhyphen",
    "def foo(x):\n    return x * 2\n",
    "for (int i = 0; i < n; ++i) {\n\tsum += a[i];\n}",
    "#include <stdio.h>\nint main() { printf(\"hi\\n\"); }",
    "SELECT * FROM users WHERE id = 42;", "<div class=\"x\">Hi &amp; bye</div>",
    "fn main() { let v: Vec<u8> = vec![1, 2, 3]; }", "$ ls -la | grep '.cpp' > out.txt",
    "x = {'a': 1, \"b\": [1, 2.5, None]}", "a+=b; c-=d; e*=f; g/=h; i%=j;",
    "{\"name\": \"decc\", \"version\": 1, \"tags\": [\"a\", \"b\"], \"nested\": {\"k\": null}}",
    "[1,2,3,{\"x\":true,\"y\":false}]", "{\n  \"key\": \"value\",\n  \"n\": -1.5e10\n}",
    "https://example.com/path?query=1&x=y#frag", "user@example.com",
    "a" * 300, "ab" * 150, "x" * 1000, "supercalifragilisticexpialidocious" * 3,
    "Pneumonoultramicroscopicsilicovolcanoconiosis", " " * 40, "\n" * 40, "\t" * 20,
    "-" * 80, "=" * 33, "." * 17, "!!!???", "...", "…", "—", "«guillemets»", "„quotes“",
    "<|eot_id|>", "Hello<|eot_id|>", "<|begin_of_text|>Hi<|end_of_text|>",
    " <|eot_id|> spaced ", "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
    "<think>\nreasoning\n</think>\nanswer", "<tool_call>{\"a\":1}</tool_call>",
    "<bos>text<eos>", "<start_of_turn>user\nhello<end_of_turn>\n<start_of_turn>model\n",
    "<s>hello</s>", "<s> hello </s>", "<unk>", "<pad><mask>", "<|endoftext|>",
    "<|not_a_token|>", "<<|eot_id|>>", "<|eot_id|><|eot_id|>", "<0x41>", "▁already▁meta",
    "▁▁", "\x00null\x01ctrl\x7f", "\x1b[31mred\x1b[0m", "a\u0000b",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 math", "𠜎𠜱𠝹 rare CJK", "\U0010ffff\U000e0001", "\ue000 private use",
    "İstanbul ß ẞ ǅ", "Ωmega Kelvin\u212a", "I'd've", "can't've",
    "   indented\n      more\n   back", "a\n\nb\n\n\nc", "\r\r\r", "\r \n", " \r\n ",
]

POOLS = [
    "the", "of", "and", "token", "decoding", "grammar", " ", "  ", "\n", "\t", "\r\n", ",", ".",
    "!", "?", "'s", "'ll", "123", "4567", "3.14", "日本", "中文", "語", "ا", "مرحبا", "नमस्ते",
    "ไทย", "Привет", "😀", "👨‍👩‍👧", "🏽", "e\u0301", "\u0301", "{", "}", "[", "]", "\"", ":",
    "==", "->", "::", "/*", "*/", "<|eot_id|>", "<|im_end|>", "<think>", "<bos>", "<s>", "</s>",
    "<end_of_turn>", "\u00a0", "\u3000", "ß", "Ω", "ﬁ", "_", "__init__", "camelCase",
    "snake_case", "ALLCAPS", "x" * 20, "٣", "①",
]


def random_strings(rng, count):
    out = []
    for _ in range(count):
        parts = [rng.choice(POOLS) for _ in range(rng.randint(1, 12))]
        out.append("".join(parts))
    # Random code points from assorted blocks.
    blocks = [(0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF), (0x590, 0x6FF),
              (0x900, 0x97F), (0xE00, 0xE7F), (0x3040, 0x30FF), (0x4E00, 0x9FFF),
              (0xAC00, 0xD7A3), (0x1F300, 0x1FAFF), (0x2000, 0x206F)]
    for _ in range(count // 2):
        s = []
        for _ in range(rng.randint(1, 30)):
            lo, hi = rng.choice(blocks)
            s.append(chr(rng.randint(lo, hi)))
        out.append("".join(s))
    return out


def decode_cases(tok, rng, texts):
    """Id sequences exercising decode: random ids, cut multi-byte chars, specials."""
    vocab = tok.get_vocab_size(with_added_tokens=True)
    specials = [i for i in range(vocab) if tok.id_to_token(i) is not None and
                tok.id_to_token(i).startswith("<") and tok.id_to_token(i).endswith(">")][:50]
    seqs = []
    for _ in range(60):
        seqs.append([rng.randrange(vocab) for _ in range(rng.randint(1, 12))])
    for t in texts:
        ids = tok.encode(t, add_special_tokens=False).ids
        if len(ids) >= 2:
            cut = rng.randint(1, len(ids) - 1)
            seqs.append(ids[:cut])                 # may end inside a character
            seqs.append(ids[cut:])                 # may start inside a character
            seqs.append(ids[:cut] + [rng.choice(specials)] + ids[cut:])
    byte_ids = [tok.token_to_id("<0x%02X>" % b) for b in range(256)]
    if all(i is not None for i in byte_ids):
        for _ in range(40):
            seqs.append([rng.choice(byte_ids) for _ in range(rng.randint(1, 6))] +
                        [rng.randrange(vocab)] + [rng.choice(byte_ids)])
        seqs.append([byte_ids[0xE4], byte_ids[0xB8]])
        seqs.append([byte_ids[0xE4], byte_ids[0xB8], byte_ids[0xAD]])
    return [{"ids": s,
             "text": tok.decode(s, skip_special_tokens=False),
             "text_skip": tok.decode(s, skip_special_tokens=True)} for s in seqs]


SYNTHETIC_TEXTS = [
    "", " ", "a", "ab", " ab a", "ab a b", "abab", "xab ab_ ab.", "a  b   a", "\n\nab\n",
    "<s>a</s>  b", "</s>   a", "x <l>a", "  <l>  ab  ", "b a b a", "é A é", "ÿ", "'s 'S 12 123 1234",
    "<|eot|>ab<|eot|>", "<think>a</think>", "▁a ▁▁b", "a\u0301b e\u0301",
]


def synthetic(corpus_dir, out_dir):
    """Goldens for the hand-made seed tokenizers of the fuzzer corpus.

    They cover options the four real files do not use (GPT-2 ByteLevel regex,
    Metaspace, lstrip/rstrip/single_word, normalized added tokens)."""
    docs = []
    for name in sorted(os.listdir(corpus_dir)):
        try:
            tok = Tokenizer.from_file(os.path.join(corpus_dir, name))
        except Exception:
            continue  # the malformed seeds
        cases = []
        for t in SYNTHETIC_TEXTS:
            enc = tok.encode(t, add_special_tokens=True)
            ids = tok.encode(t, add_special_tokens=False).ids
            cases.append({"text": t, "ids": ids, "ids_special": enc.ids,
                          "decode": tok.decode(ids, skip_special_tokens=False),
                          "decode_skip": tok.decode(enc.ids, skip_special_tokens=True)})
        docs.append({"file": name, "cases": cases})
    out = os.path.join(out_dir, "synthetic.json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"generator": "tools/gen_tokenizer_golden.py",
                   "tokenizers_version": tokenizers.__version__, "tokenizers": docs},
                  f, ensure_ascii=False, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"{out}: {len(docs)} hand-made tokenizers")


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    default_dir = os.environ.get("DECC_TOKENIZERS_DIR",
                                 os.path.join(root, "..", "shared", "data", "tokenizers"))
    ap = argparse.ArgumentParser()
    ap.add_argument("--tokenizers", default=default_dir)
    ap.add_argument("--out", default=os.path.join(root, "test", "data", "tokenizer-golden"))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    synthetic(os.path.join(root, "test", "fuzz", "corpus", "tokenizer_json_fuzzer"), args.out)
    for name in NAMES:
        path = os.path.join(args.tokenizers, name, "tokenizer.json")
        if not os.path.exists(path):
            print(f"skip {name}: {path} not found", file=sys.stderr)
            continue
        rng = random.Random(SEED)
        texts = FIXED + random_strings(rng, 120)
        tok = Tokenizer.from_file(path)
        raw = Tokenizer.from_file(path)
        raw.encode_special_tokens = True
        cases = []
        for t in texts:
            plain = tok.encode(t, add_special_tokens=False).ids
            cases.append({
                "text": t,
                "ids": plain,
                "ids_special": tok.encode(t, add_special_tokens=True).ids,
                "ids_unparsed": raw.encode(t, add_special_tokens=False).ids,
                "decode": tok.decode(plain, skip_special_tokens=False),
                "decode_skip": tok.decode(plain, skip_special_tokens=True),
            })
        doc = {
            "tokenizer": name,
            "generator": "tools/gen_tokenizer_golden.py",
            "tokenizers_version": tokenizers.__version__,
            "vocab_size_with_added": tok.get_vocab_size(with_added_tokens=True),
            "cases": cases,
            "decode_cases": decode_cases(tok, rng, texts[:150]),
        }
        out = os.path.join(args.out, f"{name}.json")
        with open(out, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, indent=None, separators=(",", ":"))
            f.write("\n")
        print(f"{out}: {len(cases)} cases, {len(doc['decode_cases'])} decode cases")


if __name__ == "__main__":
    main()
