"""The Python binding (runtime/python/decgram.py) over libdecgram: vocabularies
and their EOS ids, compile errors as exceptions, JSON Schema drafts, matcher
operations, masks into numpy rows, the
batched fill on a pool, tables, the cache, and (when the tokenizer is present)
a Llama-3 document checked against masks. Run by ctest with DECGRAM_LIBRARY
set; `python3 -m unittest decgram_test` by hand."""

import os
import sys
import threading
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "runtime", "python"))
import decgram  # noqa: E402

TOKENS = [bytes([b]) for b in range(256)] + [b"ab", b"abc", b'{"', b'":', b"true", b"12", b"<tool>",
                                            b"</s>"]
SPECIAL, EOS = 262, 263
PADDED = 300
GRAMMAR = 'root ::= "{\\"k\\": " ("true" | [0-9]+) "}"\n'


def token(text):
    return TOKENS.index(text)


def allowed(row, t):
    return bool((int(row[t // 32]) >> (t % 32)) & 1)


def brute_force(m, words):
    row = np.zeros(words, dtype=np.uint32)
    c = m.clone()
    for t in range(len(TOKENS)):
        if c.accept_token(t):
            row[t // 32] |= np.uint32(1 << (t % 32))
            c.rollback(1)
    return row.view(np.int32)


class Binding(unittest.TestCase):
    def setUp(self):
        self.vocab = decgram.Vocab(TOKENS, special=[SPECIAL, EOS], eos_ids=[EOS], vocab_padded=PADDED)
        self.compiler = decgram.Compiler(self.vocab)
        self.grammar = self.compiler.compile(decgram.GBNF, GRAMMAR)
        self.words = self.vocab.mask_words

    def test_vocab(self):
        self.assertEqual(self.vocab.size, len(TOKENS))
        self.assertEqual(self.vocab.padded_size, PADDED)
        self.assertEqual(self.words, (PADDED + 31) // 32)
        with self.assertRaises(decgram.DecgramError) as e:
            decgram.Vocab(TOKENS, eos_ids=[len(TOKENS)])
        self.assertEqual(e.exception.status, "DECGRAM_ERR_OUT_OF_RANGE")
        self.assertIn("EOS id 264 outside the 264 tokens", e.exception.message)
        with self.assertRaises(decgram.DecgramError) as e:
            decgram.Vocab.from_tokenizer_file("/nonexistent/tokenizer.json")
        self.assertEqual(e.exception.status, "DECGRAM_ERR_IO")

    def test_eos_ids(self):
        self.assertEqual(decgram.lib().api_minor(), 1)
        self.assertEqual(self.vocab.eos_ids, [EOS])
        self.assertEqual(decgram.Vocab(TOKENS, eos_ids=[EOS, 3]).eos_ids, [EOS, 3])
        self.assertEqual(decgram.Vocab(TOKENS).eos_ids, [])

    def test_json_draft(self):
        tuple_schema = '{"items": [{"type": "integer"}], "additionalItems": false}'
        with self.assertRaises(decgram.DecgramError) as e:
            self.compiler.compile(decgram.JSON_SCHEMA, tuple_schema)
        self.assertEqual(e.exception.status, "DECGRAM_ERR_GRAMMAR")
        self.assertIn("'items' must be a schema in draft 2020-12", e.exception.message)
        m = self.compiler.compile(decgram.JSON_SCHEMA, tuple_schema, json_draft=decgram.JSON_DRAFT_7).matcher()
        self.assertTrue(m.accept_bytes(b"[1]"))
        self.assertTrue(m.is_complete())
        self.assertFalse(m.accept_bytes(b","))
        with self.assertRaises(decgram.DecgramError) as e:
            self.compiler.compile(decgram.JSON_SCHEMA, tuple_schema, json_draft=4)
        self.assertEqual(e.exception.status, "DECGRAM_ERR_INVALID_ARGUMENT")
        self.assertIn("unknown json_draft 4", e.exception.message)

    def test_compile_errors(self):
        with self.assertRaises(decgram.DecgramError) as e:
            self.compiler.compile(decgram.GBNF, "root ::= (")
        self.assertEqual(e.exception.status, "DECGRAM_ERR_GRAMMAR")
        self.assertIn("<gbnf>:1:", e.exception.message)
        with self.assertRaises(decgram.DecgramError) as e:
            self.compiler.compile(99, "a+")
        self.assertEqual(e.exception.status, "DECGRAM_ERR_INVALID_ARGUMENT")

    def test_regex(self):
        self.assertTrue(decgram.kind_supported(decgram.REGEX))
        m = self.compiler.compile(decgram.REGEX, "(yes|no)!").matcher()
        self.assertEqual(m.forced_bytes(), b"")
        self.assertTrue(m.accept_bytes(b"no"))
        self.assertEqual(m.forced_bytes(), b"!")
        self.assertTrue(m.accept_token(token(b"!")))
        self.assertTrue(m.accept_token(EOS))

    def test_ebnf(self):
        self.assertTrue(decgram.kind_supported(decgram.EBNF))
        m = self.compiler.compile(decgram.EBNF, 'start: "ab" INT\nINT: /[0-9]+/\n').matcher()
        self.assertTrue(m.accept_token(token(b"ab")))
        self.assertTrue(m.accept_token(token(b"12")))
        self.assertTrue(m.is_complete())

    def test_matcher(self):
        m = self.grammar.matcher()
        self.assertEqual(m.forced_bytes(), b'{"k": ')
        self.assertFalse(m.accept_token(token(b"x")))
        self.assertEqual(m.accept_tokens([token(b'{"'), token(b"k"), token(b'":'), token(b" "),
                                          token(b"x")]), 4)
        self.assertEqual(m.num_accepted, 4)
        self.assertEqual(m.validate_tokens([token(b"12"), token(b"}"), EOS, token(b"1")]), 3)
        self.assertEqual(m.num_accepted, 4)
        c = m.clone()
        self.assertTrue(m.accept_bytes(b"true}"))
        self.assertTrue(m.is_complete())
        self.assertTrue(m.accept_token(EOS))
        self.assertTrue(m.is_terminated())
        m.rollback(1)
        self.assertFalse(m.is_terminated())
        self.assertEqual(c.num_accepted, 4, "the clone did not move")
        with self.assertRaises(decgram.DecgramError) as e:
            m.rollback(99)
        self.assertEqual(e.exception.status, "DECGRAM_ERR_OUT_OF_RANGE")
        with self.assertRaises(decgram.DecgramError):
            m.accept_token(PADDED)
        m.reset()
        self.assertEqual(m.num_accepted, 0)
        m.close()
        with self.assertRaises(ValueError):
            m.accept_token(1)

    def test_fill_mask_into_numpy(self):
        m = self.grammar.matcher()
        bitmask = np.full((3, self.words), 7, dtype=np.int32)
        for t in [token(b'{"'), token(b"k"), token(b'":'), token(b" "), token(b"12"), token(b"}")]:
            m.fill_mask(bitmask, 1)
            np.testing.assert_array_equal(bitmask[1], brute_force(m, self.words))
            self.assertTrue(allowed(bitmask[1], t))
            self.assertTrue(m.accept_token(t))
        m.fill_mask(bitmask, 1)
        self.assertEqual([t for t in range(PADDED) if allowed(bitmask[1], t)], [EOS])
        self.assertTrue((bitmask[0] == 7).all() and (bitmask[2] == 7).all())
        with self.assertRaises(IndexError):
            m.fill_mask(bitmask, 3)
        with self.assertRaises(ValueError):
            m.fill_mask(np.zeros((1, self.words), dtype=np.int64))
        flat = bytearray(4 * self.words)
        m.fill_mask(flat)
        self.assertEqual(bytes(flat), bitmask[1].tobytes())

    def test_fill_masks_on_a_pool(self):
        schema = self.compiler.compile(decgram.JSON_SCHEMA, '{"enum": ["ab", "abc", 12, true]}')
        ms = [self.grammar.matcher(), schema.matcher(), None, self.grammar.matcher()]
        ms[3].accept_bytes(b'{"k": 1')
        ms[1].accept_token(token(b'"'))
        pool = decgram.Pool(2)
        self.assertEqual(pool.threads, 2)
        bitmask = np.zeros((6, self.words), dtype=np.int32)
        rows = [5, 0, 2, 3]
        decgram.fill_masks(ms, bitmask, rows=rows, pool=pool)
        for m, r in zip(ms, rows):
            want = np.full(self.words, -1, dtype=np.int32)
            if m is not None:
                m.fill_mask(want)
            np.testing.assert_array_equal(bitmask[r], want)
        self.assertTrue((bitmask[1] == 0).all() and (bitmask[4] == 0).all())
        with self.assertRaises(decgram.DecgramError) as e:
            decgram.fill_masks([ms[0], ms[0]], bitmask, pool=pool)
        self.assertIn("appears twice", e.exception.message)
        with self.assertRaises(IndexError):
            decgram.fill_masks(ms, bitmask, rows=[0, 1, 2, 6])

    def test_threads_share_a_pool(self):
        pool = decgram.Pool(2)
        batches = [[self.grammar.matcher() for _ in range(8)] for _ in range(2)]
        for i, ms in enumerate(batches):
            for m in ms:
                m.accept_bytes(b'{"k": ' if i else b'{"')
        want = []
        for ms in batches:
            rows = np.zeros((8, self.words), dtype=np.int32)
            for r, m in enumerate(ms):
                m.fill_mask(rows, r)
            want.append(rows)
        errors = []

        def run(i):
            try:
                for _ in range(50):
                    out = np.zeros((8, self.words), dtype=np.int32)
                    decgram.fill_masks(batches[i], out, pool=pool)
                    np.testing.assert_array_equal(out, want[i])
            except Exception as exc:  # reported on the main thread
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])

    def test_tables_and_cache(self):
        table = self.grammar.serialize()
        self.assertEqual(table[:4], b"DGRM")
        loaded = self.compiler.load_table(table)
        a, b = self.grammar.matcher(), loaded.matcher()
        ra, rb = np.zeros(self.words, dtype=np.int32), np.zeros(self.words, dtype=np.int32)
        a.fill_mask(ra)
        b.fill_mask(rb)
        np.testing.assert_array_equal(ra, rb)
        with self.assertRaises(decgram.DecgramError) as e:
            self.compiler.load_table(table[:10])
        self.assertEqual(e.exception.status, "DECGRAM_ERR_TABLE")
        self.compiler.compile(decgram.GBNF, GRAMMAR)
        stats = self.compiler.cache_stats()
        self.assertEqual(stats["hits"], 1)
        self.assertEqual(stats["entries"], 2)


TOKENIZER = os.path.join(os.environ.get("DECC_TOKENIZERS_DIR", "/work/shared/data/tokenizers"),
                         "llama3", "tokenizer.json")


@unittest.skipUnless(os.path.exists(TOKENIZER), f"tokenizer {TOKENIZER} not found "
                     "(set DECC_TOKENIZERS_DIR)")
class Llama3(unittest.TestCase):
    def test_document_under_a_schema(self):
        import tokenizers
        hf = tokenizers.Tokenizer.from_file(TOKENIZER)
        vocab = decgram.Vocab.from_tokenizer_file(TOKENIZER, vocab_padded=128320)
        self.assertEqual(vocab.size, 128256)
        compiler = decgram.Compiler(vocab)
        schema = '{"type": "object", "properties": {"city": {"type": "string"}, ' \
                 '"rank": {"type": "integer"}}, "required": ["city", "rank"], ' \
                 '"additionalProperties": false}'
        g = compiler.compile(decgram.JSON_SCHEMA, schema, json_whitespace=decgram.JSON_WS_COMPACT)
        m = g.matcher()
        ids = hf.encode('{"city":"Zürich","rank":3}', add_special_tokens=False).ids
        self.assertEqual(vocab.eos_ids, [128001])
        eos = vocab.eos_ids[0]
        bitmask = np.zeros((1, vocab.mask_words), dtype=np.int32)
        for t in ids + [eos]:
            m.fill_mask(bitmask, 0)
            self.assertTrue(allowed(bitmask[0], t), t)
            self.assertFalse(bitmask[0][128256 // 32:].any(), "padded ids")
            self.assertTrue(m.accept_token(t))
        self.assertTrue(m.is_terminated())


if __name__ == "__main__":
    unittest.main()
