"""The peer engines behind one interface, so that mask-diff and the benchmark
drive llguidance, XGrammar and llama.cpp (llamacpp_peer.py) the same way: compile a grammar file for a
tokenizer, then per step fill a mask (uint32 words, token t = bit t%32 of word
t/32, as decc) and consume the next token.

Grammar kinds follow the file extension, as in decc-grammar: .gbnf (GBNF),
.json (JSON Schema). Each engine compiles the source with its own front end:
the JSON Schema is NOT translated by decc first, so semantic choices of the
translators show up as differences (docs/grammar-peers.md).

Imports are lazy: the test venv has llguidance only, .venv-bench all three.
"""

import ctypes
import os
import time
from typing import Dict, List, Optional

import numpy as np

import vocab

# tvm-ffi (under XGrammar) otherwise JIT-compiles a torch extension at import
# (about 25 s on two cores) that only its GPU tensor allocator uses.
os.environ.setdefault("TVM_FFI_DISABLE_TORCH_C_DLPACK", "1")


class EngineError(Exception):
    """The engine cannot compile or run this grammar."""


def grammar_kind(path: str) -> str:
    ext = os.path.splitext(path)[1]
    if ext == ".gbnf":
        return "gbnf"
    if ext == ".json":
        return "json_schema"
    raise EngineError(f"{path}: unsupported grammar kind '{ext}' (.gbnf, .json)")


def read_text(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()


class Engine:
    name = ""

    def compile(self, grammar_path: str) -> float:
        """Compiles the grammar and resets the matcher; returns microseconds."""
        raise NotImplementedError

    def fill_mask(self, out: np.ndarray) -> None:
        raise NotImplementedError

    def consume(self, token: int) -> bool:
        raise NotImplementedError

    def reset(self) -> None:
        raise NotImplementedError

    def eos_ids(self) -> List[int]:
        raise NotImplementedError

    def words(self) -> int:
        """uint32 words of this engine's own mask."""
        raise NotImplementedError

    def forced_bytes(self) -> bytes:
        """The bytes every continuation starts with (jump-forward)."""
        raise NotImplementedError


# llguidance's JSON options closest to decc's spelling model
# (docs/json-schema.md): flexible whitespace, every JSON escape llguidance
# knows (it refuses "/"), \\uXXXX for any code point. What still differs is
# listed in docs/grammar-peers.md.
LLG_JSON_OPTIONS = {
    "whitespace_flexible": True,
    "json_allowed_escapes": '"\\bfnrtu',
    "json_allow_general_unicode_escapes": True,
}


class Llguidance(Engine):
    """llguidance's LLMatcher on an LLTokenizer read from the same
    tokenizer.json (its Rust `tokenizers` crate, not decc's tokenizer)."""

    name = "llguidance"
    _tokenizers: Dict[str, object] = {}

    def __init__(self, tokenizer_path: str):
        import llguidance
        self._llg = llguidance
        tok = self._tokenizers.get(tokenizer_path)
        if tok is None:
            tok = llguidance.LLTokenizer(tokenizer_path)
            self._tokenizers[tokenizer_path] = tok
        self.tok = tok
        self.matcher = None

    def version(self) -> str:
        return self._llg.__version__

    def grammar_text(self, grammar_path: str) -> str:
        src = read_text(grammar_path)
        if grammar_kind(grammar_path) == "gbnf":
            try:
                return self._llg.grammar_from("gbnf", src)
            except ValueError as e:
                raise EngineError(f"{grammar_path}: {e}") from None
        return self._llg.LLMatcher.grammar_from_json_schema(src, overrides=LLG_JSON_OPTIONS)

    def compile(self, grammar_path: str) -> float:
        t0 = time.perf_counter()
        grammar = self.grammar_text(grammar_path)
        matcher = self._llg.LLMatcher(self.tok, grammar, log_level=0)
        us = (time.perf_counter() - t0) * 1e6
        if matcher.is_error():
            raise EngineError(f"{grammar_path}: llguidance: {matcher.get_error()}")
        self.matcher = matcher
        return us

    def words(self) -> int:
        return (self.tok.vocab_size + 31) // 32

    def fill_mask(self, out: np.ndarray) -> None:
        words = self.words()
        self.matcher.unsafe_compute_mask_ptr(out.ctypes.data, words * 4)

    def consume(self, token: int) -> bool:
        return self.matcher.consume_token(token)

    def forced_bytes(self) -> bytes:
        return self.matcher.compute_ff_bytes()

    def reset(self) -> None:
        self.matcher.reset()

    def eos_ids(self) -> List[int]:
        return list(self.tok.eos_tokens)

    def is_special(self, token: int) -> bool:
        return self.tok.is_special_token(token)


class Xgrammar(Engine):
    """XGrammar's GrammarMatcher. Its TokenizerInfo is built from the raw
    vocabulary (raw_vocabulary), not from a Hugging Face hub download;
    special tokens are given empty bytes, which XGrammar treats as special."""

    name = "xgrammar"
    _infos: Dict[tuple, object] = {}

    def __init__(self, tokenizer_path: str, eos: List[int]):
        import xgrammar
        import torch
        self._xgr = xgrammar
        self._torch = torch
        key = (tokenizer_path, tuple(eos))
        info = self._infos.get(key)
        if info is None:
            tokens, special = vocab.raw_vocabulary(tokenizer_path)
            for s in special:
                tokens[s] = b""
            info = xgrammar.TokenizerInfo(tokens, xgrammar.VocabType.RAW,
                                          vocab_size=len(tokens), stop_token_ids=list(eos))
            self._infos[key] = info
        self.info = info
        self.eos = list(eos)
        # One compiler thread and no cache: compile time is measured per grammar.
        self.compiler = xgrammar.GrammarCompiler(info, max_threads=1, cache_enabled=False)
        self.matcher = None
        self.bitmask = xgrammar.allocate_token_bitmask(1, info.vocab_size)

    def version(self) -> str:
        import importlib.metadata
        return importlib.metadata.version("xgrammar")

    def compile(self, grammar_path: str) -> float:
        src = read_text(grammar_path)
        t0 = time.perf_counter()
        try:
            if grammar_kind(grammar_path) == "gbnf":
                compiled = self.compiler.compile_grammar(gbnf_for_xgrammar(src))
            else:
                compiled = self.compiler.compile_json_schema(src, any_whitespace=True, strict_mode=False)
            matcher = self._xgr.GrammarMatcher(compiled)
        except RuntimeError as e:
            raise EngineError(f"{grammar_path}: xgrammar: {str(e).splitlines()[-1]}") from None
        us = (time.perf_counter() - t0) * 1e6
        self.matcher = matcher
        return us

    def words(self) -> int:
        return self.bitmask.shape[1]

    def fill_mask(self, out: np.ndarray) -> None:
        self.matcher.fill_next_token_bitmask(self.bitmask)
        # A raw copy: torch.Tensor.numpy() needs the NumPy that Debian's torch
        # was built with, and .venv-bench may hold another.
        ctypes.memmove(out.ctypes.data, self.bitmask.data_ptr(), self.words() * 4)

    def consume(self, token: int) -> bool:
        return self.matcher.accept_token(token)

    def forced_bytes(self) -> bytes:
        return self.matcher.find_jump_forward_string().encode("utf-8")

    def reset(self) -> None:
        self.matcher.reset()

    def eos_ids(self) -> List[int]:
        return self.eos


def gbnf_for_xgrammar(src: str) -> str:
    """XGrammar's EBNF parser refuses an empty alternative (`ws ::= | " "`),
    which GBNF allows, and has no `.`: spell them `""` and a class of every
    code point. Scans literals, classes and comments so that nothing inside
    them is touched."""
    out = []
    last = ""  # the previous significant token: "::=", "|", "(" or other
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c in "\"[":
            close = '"' if c == '"' else "]"
            j = i + 1
            while j < n and src[j] != close:
                j += 2 if src[j] == "\\" else 1
            out.append(src[i:j + 1])
            i, last = j + 1, "other"
            continue
        if c == "#":
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(src[i:j])
            i = j
            continue
        if c.isspace():
            out.append(c)
            i += 1
            continue
        if src.startswith("::=", i):
            out.append("::=")
            i, last = i + 3, "::="
            continue
        if c in "|)" and last in ("::=", "|", "("):
            out.append('"" ')
        if c == ".":
            # GBNF's any-code-point; XGrammar's EBNF has no '.'.
            out.append("[\\u0000-\\U0010FFFF]")
            i, last = i + 1, "other"
            continue
        out.append(c)
        last = c if c in "|(" else "other"
        i += 1
    return "".join(out)


def make(name: str, tokenizer_path: str, eos: Optional[List[int]] = None) -> Engine:
    if name == "llguidance":
        return Llguidance(tokenizer_path)
    if name == "xgrammar":
        return Xgrammar(tokenizer_path, eos or [])
    if name == "llamacpp":
        import llamacpp_peer
        return llamacpp_peer.LlamaCpp(tokenizer_path)
    raise EngineError(f"unknown engine '{name}' (llguidance, xgrammar, llamacpp)")
