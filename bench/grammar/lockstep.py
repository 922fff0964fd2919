"""decc (libdecgram) and a peer engine in lockstep on one grammar: at each
step both masks are read and every difference is classified
(maskdiff.classify_mask) into a Tally; then both consume the same token.
Used by sampled_diff.py (tokens drawn from the masks) and suite_diff.py
(tokens of the JSON Schema Test Suite's valid instances)."""

from typing import Dict, List, Optional, Tuple

import numpy as np

import categories
import decc_engine
import engines
import maskdiff


def bit(mask: np.ndarray, t: int) -> bool:
    return bool((int(mask[t >> 5]) >> (t & 31)) & 1)


class Lockstep:
    """`oracle`, a third engine fed the same tokens, tells for each
    difference whether it sides with decc (categories that need it:
    greedy-lexeme). It stops following a sequence at the first token it
    rejects (counted in oracle_lost); differences after that are classified
    without it."""

    def __init__(self, decc: decc_engine.Decc, peer: engines.Engine, vocab: categories.VocabInfo,
                 tally: maskdiff.Tally, oracle: Optional[engines.Engine] = None):
        self.decc, self.peer, self.vocab, self.tally = decc, peer, vocab, tally
        self.oracle = oracle
        self.oracle_live = False
        self.oracle_lost = 0
        self.width = max(decc.words(), peer.words(), oracle.words() if oracle else 0)
        self.ours = np.zeros(self.width, np.uint32)
        self.theirs = np.zeros(self.width, np.uint32)
        self.eos = decc.eos_ids()
        self.kind, self.source, self.prefix = "", "", b""

    def compile(self, grammar: str, peer_grammar: Optional[str] = None) -> None:
        """decc compiles `grammar`, the peer `peer_grammar` (default the same
        file); categories read the peer's grammar source."""
        peer_grammar = peer_grammar or grammar
        self.decc.compile(grammar)
        self.peer.compile(peer_grammar)
        if self.oracle:
            self.oracle.compile(grammar)
        self.kind = engines.grammar_kind(peer_grammar)
        self.source = engines.read_text(peer_grammar)

    def reset(self) -> None:
        self.decc.reset()
        self.peer.reset()
        if self.oracle:
            self.oracle.reset()
            self.oracle_live = True
        self.prefix = b""

    def step(self, step: int, **where) -> Tuple[List[Tuple[str, categories.Difference]], Optional[str]]:
        """Reads both masks (self.ours, self.theirs) and tallies their
        differences; returns them and, when decc's EOS bit contradicts its
        is_complete(), that inconsistency."""
        self.ours[:] = 0
        self.decc.fill_mask(self.ours)
        self.theirs[:] = 0
        self.peer.fill_mask(self.theirs)
        classified = maskdiff.classify_mask(self.ours, self.theirs, self.peer, self.vocab, self.kind, self.source,
                                            self.prefix, self.eos, self.oracle if self.oracle_live else None)
        self.tally.add(classified, step, **where)
        if any(bit(self.ours, t) for t in self.eos) != self.decc.is_complete():
            return classified, "decc-eos-bit-vs-is-complete"
        return classified, None

    def peer_end(self) -> Optional[int]:
        """The end-of-document id the peer allows now, if any: its EOS ids
        may be others than decc's (eos-id), and the end is the same event."""
        return next((t for t in self.peer.eos_ids() if t < len(self.theirs) * 32 and bit(self.theirs, t)), None)

    def advance(self, token: int) -> Optional[str]:
        """Both engines consume `token` (the peer its own EOS for one of
        decc's, when it does not allow decc's); returns which one rejected
        it, if one did."""
        if not self.decc.consume(token):
            return "decc-rejects"
        peer_token = token
        if token in self.eos and not bit(self.theirs, token):
            peer_token = self.peer_end() if self.peer_end() is not None else token
        if not self.peer.consume(peer_token):
            return f"{self.peer.name}-rejects"
        if self.oracle_live and not self.oracle.consume(token):
            self.oracle_live = False
            self.oracle_lost += 1
        if token not in self.eos:
            self.prefix += self.vocab.tokens[token]
        return None


def explained_token(classified: List[Tuple[str, categories.Difference]], token: int) -> Optional[str]:
    """The explained category of `token` among a step's differences, if any."""
    for cat, d in classified:
        if d.token == token and cat in categories.CATEGORIES:
            return cat
    return None


def tally_report(tally: maskdiff.Tally) -> Dict:
    return {"steps_with_diff": tally.steps_with_diff, "categories": tally.counts, "examples": tally.samples,
            "unexplained": tally.unexplained()}
