"""Reader of the DMSK files written by `decc-grammar masks` (format in
compiler/tools/decc-grammar/Masks.h)."""

import struct
from dataclasses import dataclass
from typing import List

import numpy as np

ACCEPTED = 1  # flag bit: the matcher accepted the step's token
COMPLETE = 2  # flag bit: the input before the step's mask is complete


class FormatError(Exception):
    pass


@dataclass
class MaskFile:
    vocab: int          # bits per mask
    eos: List[int]      # the ids decc treats as EOS
    tokens: np.ndarray  # int32 [steps]: token after each mask, -1 after the last
    flags: np.ndarray   # uint32 [steps]
    masks: np.ndarray   # uint32 [steps, words]

    def ids(self) -> List[int]:
        """The token stream (every token that has a record)."""
        return [int(t) for t in self.tokens if t >= 0]

    def allowed(self, step: int, token: int) -> bool:
        return bool((int(self.masks[step, token >> 5]) >> (token & 31)) & 1)


def read(path: str) -> MaskFile:
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24 or data[:4] != b"DMSK":
        raise FormatError(f"{path}: not a DMSK file")
    version, vocab, words, steps, neos = struct.unpack_from("<5I", data, 4)
    if version != 1:
        raise FormatError(f"{path}: DMSK version {version} (this reader knows 1)")
    if words != (vocab + 31) // 32:
        raise FormatError(f"{path}: {words} words per mask for {vocab} tokens")
    pos = 24
    eos = list(struct.unpack_from(f"<{neos}i", data, pos))
    pos += 4 * neos
    record = 8 + 4 * words
    if len(data) != pos + steps * record:
        raise FormatError(f"{path}: {len(data)} bytes, expected {pos + steps * record}")
    rec = np.frombuffer(data, dtype="<u4", offset=pos).reshape(steps, 2 + words)
    return MaskFile(vocab=vocab, eos=eos, tokens=rec[:, 0].astype(np.int32),
                    flags=rec[:, 1].copy(), masks=rec[:, 2:])
