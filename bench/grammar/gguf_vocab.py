#!/usr/bin/env python3
"""A vocabulary-only GGUF from a Hugging Face tokenizer.json, for llama.cpp's
grammar sampler (llama_sampler_init_grammar needs a llama_vocab, which only a
GGUF model provides).

The keys follow llama.cpp's convert_hf_to_gguf.py --vocab-only:
  - byte-level BPE (Llama-3, Qwen3): tokenizer.ggml.model "gpt2", the
    pre-tokenizer named by its regex ("llama-bpe", "qwen2"), the token strings
    as in tokenizer.json (GPT-2 byte map), the merges;
  - SentencePiece-style BPE with byte fallback (Gemma3): model "llama", the
    pieces with "▁", <0xXX> pieces typed BYTE, and scores. tokenizer.json has
    no SentencePiece scores; score = -id (the merge order of a SentencePiece
    BPE model) only matters to llama.cpp's own tokenizer, which the benchmark
    never runs: decc tokenizes, llama.cpp only turns ids into bytes;
  - token types as get_vocab_base does: an added token is CONTROL when marked
    special or when it looks special (<|...|>, <unusedN>, <mask>, <pad>),
    USER_DEFINED otherwise ("▁" written as a space); ids no token has are
    "[PAD<id>]" UNUSED;
  - bos/eos/unk/pad ids from tokenizer_config.json.
The vocabulary has exactly the ids of tokenizer.json (max id + 1), as decc's,
so that an id means the same token in every engine.

  gguf_vocab.py TOKENIZER.json OUT.gguf       write the file
  gguf_vocab.py --check TOKENIZER.json        write (cached) and compare every
                                              id's bytes in llama.cpp with vocab.py
"""

import argparse
import hashlib
import json
import os
import re
import sys
from typing import Dict, List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CACHE = os.path.join(ROOT, ".cache", "gguf-vocab")

# Pre-tokenizer names of llama.cpp (llama-vocab.cpp) by the split regex of
# tokenizer.json. convert_hf_to_gguf.py finds them by hashing a tokenization
# (it needs transformers); the regex is what that hash stands for.
PRE_BY_REGEX = {
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+":
        "llama-bpe",
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+":
        "qwen2",
}

# Bumped when the written keys change, so that cached files are rebuilt.
FORMAT = 1


class VocabError(Exception):
    """The tokenizer cannot be written as a llama.cpp vocabulary."""


def looks_special(text: str) -> bool:
    """convert_hf_to_gguf.py's does_token_look_special."""
    return (text in ("<pad>", "<mask>", "<2mass>", "[@BOS@]")
            or (text.startswith("<|") and text.endswith("|>"))
            or (text.startswith("<｜") and text.endswith("｜>"))
            or (text.startswith("<unused") and text.endswith(">")))


def _split_regex(pre) -> Optional[str]:
    if not isinstance(pre, dict):
        return None
    if pre.get("type") == "Split":
        return pre.get("pattern", {}).get("Regex")
    for p in pre.get("pretokenizers", []):
        r = _split_regex(p)
        if r:
            return r
    return None


def _token_content(tok) -> Optional[str]:
    if isinstance(tok, dict):
        return tok.get("content")
    return tok


def _read(tokenizer_path: str) -> Tuple[dict, dict]:
    with open(tokenizer_path, encoding="utf-8") as f:
        tj = json.load(f)
    cfg_path = os.path.join(os.path.dirname(tokenizer_path), "tokenizer_config.json")
    cfg = {}
    if os.path.exists(cfg_path):
        with open(cfg_path, encoding="utf-8") as f:
            cfg = json.load(f)
    return tj, cfg


def build(tokenizer_path: str) -> Dict:
    """The vocabulary's keys, as plain Python values."""
    import gguf
    tj, cfg = _read(tokenizer_path)
    model = tj.get("model", {})
    if model.get("type") != "BPE":
        raise VocabError(f"{tokenizer_path}: model type {model.get('type')!r} (only BPE is written)")
    vocab: Dict[str, int] = model["vocab"]
    added = tj.get("added_tokens", [])
    size = max([*vocab.values(), *(a["id"] for a in added)]) + 1
    byte_level = "ByteLevel" in json.dumps(tj.get("decoder"))
    if byte_level:
        kind, pre = "gpt2", PRE_BY_REGEX.get(_split_regex(tj.get("pre_tokenizer")))
        if pre is None:
            raise VocabError(f"{tokenizer_path}: unknown byte-level pre-tokenizer (known: "
                             f"{', '.join(PRE_BY_REGEX.values())})")
    elif model.get("byte_fallback"):
        kind, pre = "llama", None
    else:
        raise VocabError(f"{tokenizer_path}: neither byte-level nor byte-fallback BPE")

    T = gguf.TokenType
    tokens: List[Optional[str]] = [None] * size
    types = [T.UNUSED] * size
    for piece, i in vocab.items():
        tokens[i] = piece
        types[i] = T.BYTE if kind == "llama" and re.fullmatch(r"<0x[0-9A-Fa-f]{2}>", piece) else T.NORMAL
    for a in added:
        text = a["content"]
        if a.get("special") or looks_special(text):
            types[a["id"]] = T.CONTROL
        else:
            # llama.cpp takes user-defined tokens as pre-normalized text.
            if kind == "llama":
                text = text.replace("\u2581", " ")
            types[a["id"]] = T.USER_DEFINED
        tokens[a["id"]] = text
    for i, t in enumerate(tokens):
        if t is None:
            tokens[i] = f"[PAD{i}]"

    merges = []
    for m in model.get("merges", []):
        merges.append(" ".join(m) if isinstance(m, list) else m)
    ids = {t: i for i, t in enumerate(tokens)}

    def special_id(key: str) -> Optional[int]:
        text = _token_content(cfg.get(key))
        return ids.get(text) if text is not None else None

    out = {"kind": kind, "pre": pre, "tokens": tokens, "types": [int(t) for t in types], "merges": merges,
           "bos": special_id("bos_token"), "eos": special_id("eos_token"), "unk": special_id("unk_token"),
           "pad": special_id("pad_token"), "add_bos": cfg.get("add_bos_token"),
           "add_eos": cfg.get("add_eos_token")}
    if kind == "llama":
        out["scores"] = [-float(i) if types[i] == T.NORMAL else 0.0 for i in range(size)]
    return out


def write(tokenizer_path: str, out_path: str) -> None:
    import gguf
    v = build(tokenizer_path)
    tmp = out_path + ".tmp"
    w = gguf.GGUFWriter(tmp, arch="llama")
    w.add_name(os.path.basename(os.path.dirname(os.path.abspath(tokenizer_path))) + " vocabulary")
    # llama.cpp stops reading hyperparameters after the general keys when it
    # loads vocab_only; these few make the file a well-formed llama model
    # description all the same (gguf-dump, older loaders).
    w.add_vocab_size(len(v["tokens"]))
    w.add_context_length(8192)
    w.add_embedding_length(4096)
    w.add_block_count(1)
    w.add_feed_forward_length(14336)
    w.add_head_count(32)
    w.add_head_count_kv(8)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_tokenizer_model(v["kind"])
    if v["pre"]:
        w.add_tokenizer_pre(v["pre"])
    w.add_token_list(v["tokens"])
    w.add_token_types(v["types"])
    if "scores" in v:
        w.add_token_scores(v["scores"])
    if v["merges"]:
        w.add_token_merges(v["merges"])
    for key, add in (("bos", w.add_bos_token_id), ("eos", w.add_eos_token_id), ("unk", w.add_unk_token_id),
                     ("pad", w.add_pad_token_id)):
        if v[key] is not None:
            add(v[key])
    if v["add_bos"] is not None:
        w.add_add_bos_token(bool(v["add_bos"]))
    if v["add_eos"] is not None:
        w.add_add_eos_token(bool(v["add_eos"]))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.close()
    os.replace(tmp, out_path)


def cached(tokenizer_path: str) -> str:
    """The vocabulary's GGUF under .cache/gguf-vocab, written on first use,
    keyed by the tokenizer files' contents."""
    h = hashlib.sha256(f"format {FORMAT}\n".encode())
    cfg = os.path.join(os.path.dirname(tokenizer_path), "tokenizer_config.json")
    for p in (tokenizer_path, cfg):
        if os.path.exists(p):
            with open(p, "rb") as f:
                h.update(f.read())
    name = os.path.basename(os.path.dirname(os.path.abspath(tokenizer_path)))
    out = os.path.join(CACHE, f"{name}-{h.hexdigest()[:16]}.gguf")
    if not os.path.exists(out):
        os.makedirs(CACHE, exist_ok=True)
        write(tokenizer_path, out)
    return out


def check(tokenizer_path: str) -> Dict:
    """Every id's bytes in llama.cpp against vocab.py's decoding of
    tokenizer.json: llama_token_to_piece with special=False for the tokens
    llama.cpp types as text; for its CONTROL tokens (empty without special)
    the text with special=True, which is what its grammar sampler matches.
    Lists the control ids tokenizer.json does not mark special (made control
    by the converter's looks-special rule or by llama.cpp's end-of-generation
    detection) and llama.cpp's end-of-generation ids."""
    import llamacpp_peer
    import vocab as pyvocab
    tokens, special = pyvocab.raw_vocabulary(tokenizer_path)
    lv = llamacpp_peer.Vocab.load(cached(tokenizer_path))
    special = set(special)
    report = {"tokenizer": tokenizer_path, "llama_n_tokens": lv.n_tokens, "decc_n_tokens": len(tokens),
              "mismatch": [], "control": 0, "control_not_special": [], "eog": lv.eog_ids()}
    if lv.n_tokens != len(tokens):
        report["mismatch"].append({"id": -1, "why": f"{lv.n_tokens} tokens in llama.cpp, {len(tokens)} here"})
    for i in range(min(lv.n_tokens, len(tokens))):
        control = lv.is_control(i)
        got = lv.piece(i, special=control)
        if control:
            report["control"] += 1
            if i not in special:
                report["control_not_special"].append(i)
        if got != tokens[i]:
            report["mismatch"].append({"id": i, "special": control, "llama": repr(got), "vocab.py": repr(tokens[i])})
    return report


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tokenizer")
    ap.add_argument("out", nargs="?")
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    try:
        if a.check:
            r = check(a.tokenizer)
            cns = r["control_not_special"]
            print(f"{a.tokenizer}: {r['llama_n_tokens']} ids in llama.cpp, {r['decc_n_tokens']} in tokenizer.json; "
                  f"{len(r['mismatch'])} byte mismatches; {r['control']} control ids (text compared with "
                  f"special=True), {len(cns)} of them not special in tokenizer.json {cns[:8]}"
                  f"{'...' if len(cns) > 8 else ''}; end-of-generation ids {r['eog']}")
            for m in r["mismatch"][:20]:
                print("  ", m)
            return 1 if r["mismatch"] else 0
        if not a.out:
            ap.error("OUT.gguf is required without --check")
        write(a.tokenizer, a.out)
    except (VocabError, OSError, ValueError, KeyError) as e:  # ValueError: not JSON; KeyError: no model
        print(f"gguf_vocab: error: {a.tokenizer}: {type(e).__name__}: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
