"""Checks a DMSK file of `decc-grammar masks` against its own stream: every
accepted token is in the mask before it, EOS only where the input is
complete, the last record as Masks.h specifies. Prints one summary line."""
import os
import sys

sys.path.insert(0, os.path.join(sys.argv[2], "bench", "grammar"))
import dmsk  # noqa: E402

m = dmsk.read(sys.argv[1])
steps = len(m.tokens)
for i, t in enumerate(m.tokens):
    if t >= 0 and bool(m.flags[i] & dmsk.ACCEPTED) != m.allowed(i, int(t)):
        sys.exit(f"step {i}: token {t} accepted={m.flags[i] & 1} but mask bit {m.allowed(i, int(t))}")
    for e in m.eos:
        if m.allowed(i, e) != bool(m.flags[i] & dmsk.COMPLETE):
            sys.exit(f"step {i}: EOS bit {m.allowed(i, e)} but complete={m.flags[i] >> 1 & 1}")
last = "end" if m.tokens[-1] < 0 else f"rejected token {m.tokens[-1]}"
allowed = [int(sum(bin(w).count("1") for w in row)) for row in m.masks.tolist()]
print(f"vocab {m.vocab} eos {m.eos} steps {steps} last {last} "
      f"complete {bool(m.flags[-1] & dmsk.COMPLETE)} first-mask {allowed[0]} tokens")
