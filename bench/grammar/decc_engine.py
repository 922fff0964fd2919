"""decc's matcher through libdecgram's Python binding (runtime/python/decgram.py),
behind the same interface as the peers of engines.py: one process, one
incremental matcher per sequence, masks in decc's own layout.

The grammar is compiled as `decc-grammar` compiles it (kind from the file
extension, default options: flexible JSON whitespace, open objects, the JSON
Schema draft from `$schema` unless `json_draft` names one), and the
vocabulary is decc's own reading of the tokenizer.json, so the masks are the
ones `decc-grammar masks` writes for the same token ids.
"""

import os
import sys
from typing import List, Optional

import numpy as np

import engines

_BINDING = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "runtime", "python")


def _decgram(library: Optional[str]):
    """The binding, loading `library` (a libdecgram.so path) when given;
    otherwise the binding's own search (newest build*/lib of this checkout)."""
    if library:
        if not os.path.isfile(library):
            raise engines.EngineError(f"{library}: no such library")
        os.environ["DECGRAM_LIBRARY"] = library
    if _BINDING not in sys.path:
        sys.path.insert(0, _BINDING)
    import decgram
    try:
        decgram.lib()
    except OSError as e:
        raise engines.EngineError(f"cannot load libdecgram: {e}") from None
    return decgram


# JSON Schema Test Suite folder names -> libdecgram's drafts.
SUITE_DRAFTS = {"draft2020-12": "JSON_DRAFT_2020_12", "draft7": "JSON_DRAFT_7"}


class Decc(engines.Engine):
    name = "decc"

    def __init__(self, tokenizer_path: str, library: Optional[str] = None):
        self._dg = _decgram(library)
        try:
            self.vocab = self._dg.Vocab.from_tokenizer_file(tokenizer_path)
        except self._dg.DecgramError as e:
            raise engines.EngineError(f"{tokenizer_path}: {e}") from None
        self.compiler = self._dg.Compiler(self.vocab)
        self.matcher = None
        self.json_draft = self._dg.JSON_DRAFT_AUTO
        self._eos = self.vocab.eos_ids

    def library_path(self) -> str:
        return self._dg.lib().path

    def set_suite_draft(self, folder: str) -> None:
        """JSON Schemas compile under the draft of a suite folder
        ("draft2020-12", "draft7"), whatever their `$schema` says."""
        if folder not in SUITE_DRAFTS:
            raise engines.EngineError(f"no JSON Schema draft for the suite folder {folder} "
                                      f"(known: {', '.join(SUITE_DRAFTS)})")
        self.json_draft = getattr(self._dg, SUITE_DRAFTS[folder])

    def compile(self, grammar_path: str) -> float:
        kind = {"gbnf": self._dg.GBNF, "json_schema": self._dg.JSON_SCHEMA}[engines.grammar_kind(grammar_path)]
        try:
            grammar = self.compiler.compile(kind, engines.read_text(grammar_path), json_draft=self.json_draft)
        except self._dg.DecgramError as e:
            raise engines.EngineError(f"{grammar_path}: decc: {e.message}") from None
        self.grammar = grammar
        self.matcher = grammar.matcher()
        return 0.0

    def words(self) -> int:
        return self.vocab.mask_words

    def fill_mask(self, out: np.ndarray) -> None:
        # The binding checks the buffer's length; a wider one (the peer's
        # width) is filled on its first words, the rest left to the caller.
        self.matcher.fill_mask(out[: self.words()])

    def consume(self, token: int) -> bool:
        return self.matcher.accept_token(token)

    def is_complete(self) -> bool:
        return self.matcher.is_complete()

    def forced_bytes(self) -> bytes:
        return self.matcher.forced_bytes()

    def reset(self) -> None:
        self.matcher.reset()

    def eos_ids(self) -> List[int]:
        return list(self._eos)
