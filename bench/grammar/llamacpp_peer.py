"""llama.cpp's grammar sampler as a mask engine, through llama-cpp-python's
low-level API (.venv-bench).

The sampler does not produce a mask: it filters a candidate array. A mask
therefore costs one llama_sampler_apply over all V candidates (the array is
built once, its logits reset to 0 before every step); a token is allowed
when its logit is not -inf afterwards. The vocabulary is a vocabulary-only
GGUF written from the same tokenizer.json (gguf_vocab.py).
"""

import ctypes
import json
import math
import os
import re
import sys
import tempfile
import time
from typing import Dict, List

import numpy as np

import engines
import gguf_vocab

# llama.cpp's current json_schema_to_grammar (common/json-schema-to-grammar.cpp
# and examples/json_schema_to_grammar.py) spells whitespace this way;
# llama-cpp-python ships an older Python copy whose rule is one optional
# space, which rejects any pretty-printed document at its first newline.
UPSTREAM_SPACE_RULE = r'| " " | "\n"{1,2} [ \t]{0,20}'

LLAMA_TOKEN_ATTR_CONTROL = 1 << 3  # llama.h's enum llama_token_attr
_TOKEN_DATA = np.dtype([("id", "<i4"), ("logit", "<f4"), ("p", "<f4")])


class _Log:
    """Collects llama.cpp's log lines instead of printing them; the last
    error explains a failed load or grammar parse."""

    def __init__(self):
        import llama_cpp
        self.lines: List[str] = []

        def cb(level, text, _user):
            self.lines.append(text.decode("utf-8", "replace"))
            del self.lines[:-50]

        self._cb = llama_cpp.llama_log_callback(cb)  # kept alive: llama.cpp holds the pointer
        llama_cpp.llama_log_set(self._cb, ctypes.c_void_p(0))

    def take(self) -> str:
        text = "".join(self.lines).strip()
        self.lines.clear()
        errors = [ln for ln in text.splitlines() if "error" in ln.lower() or "failed" in ln.lower()
                  or "unsupported" in ln.lower()]
        return (errors or text.splitlines() or ["no message"])[0].strip()


_log = None


class _Stderr:
    """Captures file descriptor 2 for a call: llama.cpp's GBNF parser prints
    its errors (and the whole grammar) there with fprintf, not through the
    log callback."""

    def __enter__(self):
        sys.stderr.flush()
        self._file = tempfile.TemporaryFile()
        self._saved = os.dup(2)
        os.dup2(self._file.fileno(), 2)
        return self

    def __exit__(self, *exc):
        os.dup2(self._saved, 2)
        os.close(self._saved)
        self._file.seek(0)
        self.text = self._file.read().decode("utf-8", "replace")
        self._file.close()
        return False

    def first_line(self) -> str:
        lines = [ln.strip() for ln in self.text.splitlines() if ln.strip()]
        return lines[0][:160] if lines else ""


def _lib():
    global _log
    import llama_cpp
    if _log is None:
        _log = _Log()
        llama_cpp.llama_backend_init()
    return llama_cpp


class Vocab:
    """A llama_vocab of a vocabulary-only model; models are kept for the
    process's lifetime (one per GGUF)."""

    _loaded: Dict[str, "Vocab"] = {}

    def __init__(self, model, vocab, n_tokens: int):
        self.model, self.vocab, self.n_tokens = model, vocab, n_tokens

    @classmethod
    def load(cls, gguf_path: str) -> "Vocab":
        v = cls._loaded.get(gguf_path)
        if v is not None:
            return v
        ll = _lib()
        params = ll.llama_model_default_params()
        params.vocab_only = True
        model = ll.llama_model_load_from_file(gguf_path.encode(), params)
        if not model:
            raise engines.EngineError(f"{gguf_path}: llama.cpp cannot load it: {_log.take()}")
        vocab = ll.llama_model_get_vocab(model)
        v = cls(model, vocab, ll.llama_vocab_n_tokens(vocab))
        cls._loaded[gguf_path] = v
        return v

    def piece(self, token: int, special: bool) -> bytes:
        ll = _lib()
        buf = ctypes.create_string_buffer(256)
        n = ll.llama_token_to_piece(self.vocab, token, buf, len(buf), 0, special)
        if n < 0:
            buf = ctypes.create_string_buffer(-n)
            n = ll.llama_token_to_piece(self.vocab, token, buf, len(buf), 0, special)
        return buf.raw[:n]

    def is_control(self, token: int) -> bool:
        return bool(_lib().llama_vocab_get_attr(self.vocab, token) & LLAMA_TOKEN_ATTR_CONTROL)

    def eog_ids(self) -> List[int]:
        ll = _lib()
        return [t for t in range(self.n_tokens) if ll.llama_vocab_is_eog(self.vocab, t)]


def schema_to_gbnf(source: str, path: str) -> str:
    """llama-cpp-python's json_schema_to_gbnf, whitespace as llama.cpp's
    current converter (UPSTREAM_SPACE_RULE): the one substitution."""
    from llama_cpp import llama_grammar
    try:
        gbnf = llama_grammar.json_schema_to_gbnf(source)
    except Exception as e:  # the converter raises bare Exception/ValueError/KeyError on unsupported schemas
        raise engines.EngineError(f"{os.path.basename(path)}: json_schema_to_gbnf: {type(e).__name__} {e}") from None
    space = re.compile(r"^space ::= .*$", re.M)
    if len(space.findall(gbnf)) != 1:
        raise engines.EngineError(f"{os.path.basename(path)}: json_schema_to_gbnf wrote no single 'space' rule")
    return space.sub(lambda _m: "space ::= " + UPSTREAM_SPACE_RULE, gbnf)


class LlamaCpp(engines.Engine):
    name = "llamacpp"

    def __init__(self, tokenizer_path: str):
        self.ll = _lib()
        try:
            gguf_path = gguf_vocab.cached(tokenizer_path)
        except (gguf_vocab.VocabError, OSError, ValueError, KeyError) as e:
            raise engines.EngineError(f"{tokenizer_path}: no llama.cpp vocabulary: {type(e).__name__}: {e}") from None
        self.v = Vocab.load(gguf_path)
        n = self.v.n_tokens
        self._data = (self.ll.llama_token_data * n)()
        self._view = np.frombuffer(self._data, dtype=_TOKEN_DATA)
        self._view["id"] = np.arange(n, dtype=np.int32)
        self._array = self.ll.llama_token_data_array(
            data=ctypes.cast(self._data, self.ll.llama_token_data_p), size=n, selected=-1, sorted=False)
        self._array_p = ctypes.pointer(self._array)
        self._eog = None
        self.sampler = None
        self.gbnf = None
        self._mask = np.zeros(self.words(), np.uint32)
        self._fresh = False  # _mask belongs to the current state

    def compile(self, grammar_path: str) -> float:
        src = engines.read_text(grammar_path)
        t0 = time.perf_counter()
        gbnf = src if engines.grammar_kind(grammar_path) == "gbnf" else schema_to_gbnf(src, grammar_path)
        us = (time.perf_counter() - t0) * 1e6
        source = gbnf.encode()
        with _Stderr() as err:  # set up outside the timed part
            t0 = time.perf_counter()
            sampler = self.ll.llama_sampler_init_grammar(self.v.vocab, source, b"root")
            us += (time.perf_counter() - t0) * 1e6
        if not sampler:
            raise engines.EngineError(f"{os.path.basename(grammar_path)}: {err.first_line() or _log.take()}")
        self._free()
        self.sampler, self.gbnf, self._fresh = sampler, gbnf, False
        return us

    def _free(self):
        if self.sampler:
            self.ll.llama_sampler_free(self.sampler)
            self.sampler = None

    def __del__(self):
        try:
            self._free()
        except Exception:  # interpreter shutdown: the library may be gone
            pass

    def words(self) -> int:
        return (self.v.n_tokens + 31) // 32

    def apply(self) -> None:
        """The timed part of a mask: the sampler over all V candidates."""
        self.ll.llama_sampler_apply(self.sampler, self._array_p)

    def prepare(self) -> None:
        self._view["logit"] = 0.0
        self._array.size = self.v.n_tokens
        self._array.selected = -1
        self._array.sorted = False

    def read_mask(self, out: np.ndarray) -> None:
        allowed = self._view["logit"] != -math.inf
        bits = np.packbits(allowed, bitorder="little")
        words = np.zeros(self.words() * 4, np.uint8)
        words[: len(bits)] = bits
        self._mask[:] = words.view(np.uint32)
        self._fresh = True
        out[: self.words()] = self._mask

    def fill_mask(self, out: np.ndarray) -> None:
        self.prepare()
        self.apply()
        self.read_mask(out)

    def consume(self, token: int) -> bool:
        # llama.cpp aborts the process (or throws through C) on a token its
        # grammar cannot take, so a token is accepted only when the mask of
        # this state allows it.
        if not self._fresh:
            self.fill_mask(np.zeros(self.words(), np.uint32))
        if not (0 <= token < self.v.n_tokens) or not (int(self._mask[token >> 5]) >> (token & 31)) & 1:
            return False
        self.ll.llama_sampler_accept(self.sampler, token)
        self._fresh = False
        return True

    def forced_bytes(self) -> bytes:
        return b""  # llama.cpp has no jump-forward

    def reset(self) -> None:
        self.ll.llama_sampler_reset(self.sampler)
        self._fresh = False

    def eos_ids(self) -> List[int]:
        if self._eog is None:
            self._eog = self.v.eog_ids()
        return self._eog


def version() -> str:
    import importlib.metadata
    return "llama-cpp-python " + importlib.metadata.version("llama_cpp_python")


def describe(tokenizer_path: str) -> Dict:
    """The GGUF's path and llama.cpp's view of it, for results.json."""
    e = LlamaCpp(tokenizer_path)
    return {"gguf": gguf_vocab.cached(tokenizer_path), "n_tokens": e.v.n_tokens, "eog": e.eos_ids()}


if __name__ == "__main__":
    print(json.dumps(describe(sys.argv[1])))
