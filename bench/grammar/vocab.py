"""Token bytes per id read from a tokenizer.json independently of decc's
tokenizer, for XGrammar's TokenizerInfo and for the mask-diff categories."""

import json
import re
from dataclasses import dataclass
from typing import Dict, List, Set


def _byte_level_decoder() -> Dict[str, int]:
    """GPT-2's byte-to-unicode map, inverted: the characters of a byte-level
    BPE token string back to its bytes."""
    bs = (list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1))
          + list(range(ord("®"), ord("ÿ") + 1)))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {chr(c): b for b, c in zip(bs, cs)}


_BYTE_FALLBACK = re.compile(r"^<0x([0-9A-Fa-f]{2})>$")


def raw_vocabulary(tokenizer_path: str):
    """Token bytes per id from a tokenizer.json, decoded here independently of
    decc's tokenizer (byte-level BPE, or SentencePiece-style pieces with "▁" and
    <0xXX> byte fallback). Returns (tokens, special ids)."""
    with open(tokenizer_path, encoding="utf-8") as f:
        tj = json.load(f)
    model = tj["model"]
    vocab = model["vocab"]
    if isinstance(vocab, list):  # Unigram: [[piece, score], ...]
        pieces = {p: i for i, (p, _score) in enumerate(vocab)}
    else:
        pieces = vocab
    added = tj.get("added_tokens", [])
    size = max([*pieces.values(), *(a["id"] for a in added)]) + 1
    decoder = json.dumps(tj.get("decoder"))
    byte_level = "ByteLevel" in decoder
    byte_map = _byte_level_decoder()

    def piece_bytes(piece: str) -> bytes:
        if byte_level:
            if all(ch in byte_map for ch in piece):
                return bytes(byte_map[ch] for ch in piece)
            return piece.encode("utf-8")
        if model.get("byte_fallback") and _BYTE_FALLBACK.match(piece):
            return bytes([int(piece[3:5], 16)])
        return piece.replace("\u2581", " ").encode("utf-8")

    tokens: List[bytes] = [b""] * size
    for piece, i in pieces.items():
        tokens[i] = piece_bytes(piece)
    special = []
    for a in added:
        # The decoder applies to added tokens too (Gemma3's "▁▁" is two spaces).
        tokens[a["id"]] = a["content"].encode("utf-8") if a.get("special") else piece_bytes(a["content"])
        if a.get("special"):
            special.append(a["id"])
    return tokens, special


@dataclass
class VocabInfo:
    tokens: List[bytes]   # bytes per id; added tokens as their content
    special: Set[int]     # added tokens marked special
    added: Set[int]       # every added token (special or not)

    @staticmethod
    def load(tokenizer_path: str) -> "VocabInfo":
        tokens, special = raw_vocabulary(tokenizer_path)
        with open(tokenizer_path, encoding="utf-8") as f:
            added = {a["id"] for a in json.load(f).get("added_tokens", [])}
        return VocabInfo(tokens=tokens, special=set(special), added=added)
