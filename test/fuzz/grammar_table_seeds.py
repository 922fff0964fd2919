"""Writes the seed corpus of grammar_table_fuzzer: serialised tables (the
current format, as `decc` embeds them and decgram_grammar_serialize writes
them) of small grammars, shipped examples among them, so that the fuzzer
starts from tables the loader accepts and mutates real rule automata.

    DECGRAM_LIBRARY=build-NAME/lib/libdecgram.so \
        python3 test/fuzz/grammar_table_seeds.py test/fuzz/corpus/grammar_table_fuzzer

Run it again whenever the table format changes (the loader refuses other
versions, so old seeds only exercise the header check). The fuzzer's
vocabulary is a few ASCII tokens and "é": the seeds read those bytes.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
sys.path.insert(0, os.path.join(ROOT, "runtime", "python"))

import decgram  # noqa: E402


def example(name):
    with open(os.path.join(ROOT, "grammars", "examples", name), encoding="utf-8") as f:
        return f.read()


# name -> (kind, source). Small on purpose: the fuzzer mutates every byte.
SEEDS = {
    # Left recursion and ambiguity.
    "recursive": (decgram.GBNF, 'root ::= expr\nexpr ::= expr "+" expr | [ab] | "{" expr "}"\n'),
    # A sequence of classes, negated and multi-byte (UTF-8 range splitting).
    "seq_class": (decgram.GBNF, 'root ::= [a-c]+ [^"\\\\]* "\\"" [\\u00e0-\\u00ff]{2}\n'),
    "utf8_negated": (decgram.GBNF, 'root ::= "{\\"" [^"\\u00e9]* "\\"}" | "\\u00e9"+ "ab"\n'),
    "arithmetic_gbnf": (decgram.GBNF, example("arithmetic.gbnf")),
    # Lexeme rules (format 2's per-rule flag): greedy NUMBER, %ignore.
    "arithmetic_ebnf": (decgram.EBNF, example("arithmetic.ebnf")),
    # Keywords against names: ties between lexemes started at one position.
    "keywords_ebnf": (decgram.EBNF, 'start: ("ab" | NAME) "{" NAME* "}"\nNAME: /[a-b]+/\n%ignore " "\n'),
    "date_regex": (decgram.REGEX, example("date.regex").strip()),
}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: grammar_table_seeds.py OUT_DIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    vocab = decgram.Vocab([b"a", b"b"])
    compiler = decgram.Compiler(vocab)
    for name, (kind, source) in SEEDS.items():
        table = compiler.compile(kind, source).serialize()
        with open(os.path.join(out, name), "wb") as f:
            f.write(table)
        print(f"{name}: {len(table)} bytes")


if __name__ == "__main__":
    main()
