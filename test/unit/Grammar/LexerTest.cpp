// EBNF with the greedy contextual lexer (`%lexer contextual`, the default):
// terminals are lexemes that end only where no lexeme started at the same
// position reads the next byte. Languages against `%lexer dynamic_complete`
// (every split), masks against brute force (small and Llama-3 vocabularies,
// cold and cached), forced bytes, rollback, and the serialised flag.
#include "TestUtil.h"

#include "decc/Grammar/Ebnf.h"

#include <gtest/gtest.h>

using namespace decc;
using namespace decc::grammar;
using namespace decc::grammar::test;

namespace {

std::string ebnfErrors(const std::string &src) {
  std::vector<Diagnostic> diags;
  std::optional<Grammar> ir = parseEbnf(src, diags);
  if (ir)
    compile(*ir, diags);
  std::string all;
  for (const Diagnostic &d : diags)
    all += std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col) + ": " + d.message + "\n";
  return all;
}

/// `yes` and `no` under the greedy lexer; `dynamic` (accepted with
/// `%lexer dynamic_complete` only) shows what greediness takes away.
void expectLexing(const std::string &src, const std::vector<std::string> &yes,
                  const std::vector<std::string> &no, const std::vector<std::string> &dynamic) {
  auto greedy = compileEbnfOk(src);
  auto all = compileEbnfOk("%lexer dynamic_complete\n" + src);
  for (const std::string &s : yes) {
    EXPECT_TRUE(accepts(greedy, s)) << "greedy should accept \"" << s << "\" in\n" << src;
    EXPECT_TRUE(accepts(all, s)) << "dynamic_complete should accept \"" << s << "\" in\n" << src;
  }
  for (const std::string &s : no) {
    EXPECT_FALSE(accepts(greedy, s)) << "greedy should reject \"" << s << "\" in\n" << src;
    EXPECT_FALSE(accepts(all, s)) << "dynamic_complete should reject \"" << s << "\" in\n" << src;
  }
  for (const std::string &s : dynamic) {
    EXPECT_FALSE(accepts(greedy, s)) << "greedy should reject \"" << s << "\" in\n" << src;
    EXPECT_TRUE(accepts(all, s)) << "dynamic_complete should accept \"" << s << "\" in\n" << src;
  }
}

std::vector<uint32_t> maskOf(Matcher &m, const Vocabulary &v) {
  std::vector<uint32_t> mask((v.size() + 31) / 32, 0);
  m.fillMask(mask.data(), v.size());
  return mask;
}

std::string diffIds(const std::vector<uint32_t> &got, const std::vector<uint32_t> &want,
                    const Vocabulary &v) {
  std::string out;
  for (size_t id = 0; id < v.size(); ++id) {
    bool a = (got[id >> 5] >> (id & 31)) & 1, b = (want[id >> 5] >> (id & 31)) & 1;
    if (a != b)
      out += std::string(a ? " +" : " -") + "'" + std::string(v.bytes(static_cast<int32_t>(id))) + "'";
  }
  return out;
}

const char *kDecl = "start: type NAME \"(\" \")\"\n"
                    "type: \"int\" | NAME\n"
                    "NAME: /[a-z]+/\n"
                    "%ignore \" \"\n";

} // namespace

TEST(Lexer, LongestMatchAcrossTerminals) {
  // `intmain` is one NAME where the parser takes both "int" and NAME.
  expectLexing(kDecl, {"int main()", "foo main()", "int main ( )", " int  main() "},
               {"int main(", "intmain"}, {"intmain()"});
  // Contextual: where the parser takes only "int", `intmain` is "int" then
  // a NAME (llguidance agrees; Lark's standard lexer would not).
  expectLexing("start: \"int\" NAME \"(\" \")\"\nNAME: /[a-z]+/\n%ignore \" \"\n",
               {"intmain()", "int main()"}, {"int()"}, {});
  expectLexing("start: NAME NAME\nNAME: /[a-z]+/\n", {}, {"a", ""}, {"ab", "abc"});
  expectLexing("start: NAME NAME\nNAME: /[a-z]+/\n%ignore \" \"\n", {"ab c", " a  bc "},
               {"a"}, {"abc"});
}

TEST(Lexer, KeywordsAndIdentifiers) {
  // Equal extents keep every terminal: `if` is the keyword and a NAME.
  const char *g = "start: stmt+\n"
                  "stmt: \"if\" NAME \";\" | NAME \"=\" NAME \";\"\n"
                  "NAME: /[a-z]+/\n"
                  "%ignore \" \"\n";
  expectLexing(g, {"if x;", "ifx = y;", "if = x;", "if x; a = b;"}, {"if;"}, {"ifx;", "iff;"});
}

TEST(Lexer, IgnoredWhitespaceBetweenLexemes) {
  const char *g = "start: NAME (\",\" NAME)*\n"
                  "NAME: /[a-z]+/\n"
                  "WS: /[ \\t]+/\n"
                  "%ignore WS\n";
  expectLexing(g, {"a,b", " a ,\tb ", "ab  ,  cd"}, {"a b", "a,,b", "a,"}, {});
  // Whitespace never splits a lexeme.
  expectLexing("start: NAME\nNAME: /[a-z]+/\n%ignore \" \"\n", {" abc "}, {"a bc"}, {});
}

TEST(Lexer, TerminalThatIsAPrefixOfAnother) {
  expectLexing("start: x+\nx: \"=\" | \"==\"\n%ignore \" \"\n", {"=", "==", "===", "= =="}, {""},
               {});
  // `==` is one lexeme where both are candidates, so the two-"=" reading dies.
  expectLexing("start: \"=\" \"=\" | \"==\" \"x\"\n%ignore \" \"\n", {"==x", "= =", "== x"},
               {"=x"}, {"=="});
}

TEST(Lexer, NumbersIntDotIntVersusFloat) {
  const char *g = "start: INT \".\" INT | FLOAT\n"
                  "INT: /[0-9]+/\n"
                  "FLOAT: /[0-9]+\\.[0-9]+/\n";
  expectLexing(g, {"1.5", "12.25"}, {"1.", "1"}, {});
  // FLOAT takes `1.` and the second dot cannot follow: a lexer's classic
  // surprise, which only the union of all splits avoids.
  expectLexing("start: INT \"..\" INT | FLOAT\nINT: /[0-9]+/\nFLOAT: /[0-9]+\\.[0-9]*/\n",
               {"1.", "1.5"}, {"1.."}, {"1..2"});
}

TEST(Lexer, LongerCandidateWinsEvenIfItDiesLater) {
  // One byte of lookahead, no backtracking: after `aa`, B (/a+b/) reads `b`,
  // so A (/a+/) does not end there; `aac` has no lexing.
  expectLexing("start: (A | B) \"c\"?\nA: /a+/\nB: /a+b/\n", {"aa", "aab", "aabc", "aac"}, {"ab c"},
               {});
  expectLexing("start: A \"bc\" | B \"c\"\nA: /a+/\nB: /a+b/\n", {"aabc"}, {"aab"}, {});
  expectLexing("start: A \"bd\" | B \"c\"\nA: /a+/\nB: /a+b/\n", {"aabc"}, {}, {"aabd"});
}

TEST(Lexer, EmptyLexemeIsLeftOut) {
  // A terminal matching "" may be absent; when present it is greedy.
  expectLexing("start: A \"b\"\nA: /a*/\n", {"b", "aab"}, {"a"}, {});
}

TEST(Lexer, DirectiveErrors) {
  EXPECT_EQ(ebnfErrors("start: \"a\"\n%lexer basic\n"),
            "2:8: unknown lexer 'basic' (known: contextual, the default: each terminal a greedy "
            "lexeme among those the parser accepts; dynamic_complete: every split into "
            "terminals)\n");
  EXPECT_EQ(ebnfErrors("%lexer contextual\nstart: \"a\"\n%lexer dynamic_complete\n"),
            "3:1: %lexer is given twice (first at line 1)\n");
}

TEST(Lexer, CompileRefusesRecursiveLexeme) {
  Grammar g;
  uint32_t root = g.ruleId("root");
  uint32_t lex = g.ruleId("L");
  uint32_t rec = g.ruleId("r");
  g.root = root;
  g.rules[root].defined = true;
  g.rules[root].body = Expr::ref(lex);
  g.rules[lex].defined = true;
  g.rules[lex].lexeme = true;
  g.rules[lex].body = Expr::ref(rec);
  g.rules[rec].defined = true;
  g.rules[rec].body = Expr::alt({Expr::literal("x"), Expr::seq({Expr::literal("("), Expr::ref(rec),
                                                                Expr::literal(")")})});
  std::vector<Diagnostic> diags;
  EXPECT_FALSE(compile(g, diags));
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].message, "lexeme 'L' refers to rule 'r', which is recursive (a lexeme must be "
                              "regular)");
}

TEST(Lexer, NonLexemeGrammarsHaveNoLexemes) {
  EXPECT_FALSE(compileOk("root ::= [a-z]+ \" \" [a-z]+")->hasLexemes);
  EXPECT_TRUE(compileEbnfOk("start: NAME\nNAME: /[a-z]+/\n")->hasLexemes);
  EXPECT_FALSE(compileEbnfOk("%lexer dynamic_complete\nstart: NAME\nNAME: /[a-z]+/\n")->hasLexemes);
}

TEST(Lexer, ForcedBytesRollbackAndClones) {
  auto g = compileEbnfOk("start: \"foo\" \"(\" NAME \")\"\nNAME: /[a-z]+/\n");
  auto v = smallVocab({"f", "o", "(", ")", "a", "foo", "oo(", "ab", "b)", "a)"});
  Matcher m(g, v);
  EXPECT_EQ(m.forcedBytes(), "foo(");
  ASSERT_TRUE(m.acceptBytes("foo("));
  ASSERT_TRUE(m.acceptBytes("ab"));
  EXPECT_FALSE(m.isComplete());
  Matcher c(m);
  ASSERT_TRUE(c.acceptBytes(")"));
  EXPECT_TRUE(c.isComplete());
  EXPECT_FALSE(m.isComplete());
  ASSERT_TRUE(m.acceptBytes("a"));
  ASSERT_TRUE(m.rollback(1));
  ASSERT_TRUE(m.acceptBytes(")"));
  EXPECT_TRUE(m.isComplete());
  ASSERT_TRUE(m.rollback(3));
  EXPECT_EQ(m.forcedBytes(), "foo(");
  int32_t ids[] = {5, 2, 7, 8};
  EXPECT_EQ(Matcher(g, v).validateTokens(ids, 4), 4u);
}

TEST(Lexer, SmallVocabularyMasksMatchBruteForce) {
  auto g = compileEbnfOk(kDecl);
  auto v = smallVocab({"i", "n", "t", "int", "intm", " ", "m", "ma", "main", "(", ")", "()",
                       "in", " main", "ain(", "x", "t m"});
  // Twice: the second pass is served by the mask cache.
  Matcher keepCache(g, v);
  for (int pass = 0; pass < 2; ++pass)
    for (const char *doc : {"int main()", "intx main()", "x  int()"}) {
      Matcher m(g, v);
      for (const char *p = doc;; ++p) {
        Matcher probe(m);
        std::vector<uint32_t> want = bruteForceByRollback(probe, *v);
        std::vector<uint32_t> got = maskOf(m, *v);
        ASSERT_EQ(got, want) << doc << " at " << (p - doc) << " pass " << pass
                             << diffIds(got, want, *v);
        if (!*p)
          break;
        ASSERT_TRUE(m.acceptBytes(std::string_view(p, 1))) << doc << " at " << (p - doc);
      }
    }
}

TEST(Lexer, MaskCacheSeparatesContexts) {
  // Each pair of prefixes leaves sets alike except in their older sets:
  // what follows a lexeme that a token ends depends on who started it. The
  // first prefix fills the cache, the second must not be misled by it.
  const struct {
    const char *grammar;
    const char *first, *second;
  } cases[] = {
      // The lexeme ends at the token's first byte.
      {"start: \"a\" NAME \"!\" | \"b\" NAME \"?\"\nNAME: /[a-z]+/\n", "bx", "ax"},
      {"start: \"a\" NAME \"!\" | \"b\" NAME \"?\"\nNAME: /[a-z]+/\n", "ax", "bx"},
      // It ends inside the token, after bytes that continue it.
      {"start: \"a\" (NAME \"!\" | \"int\" \"?\") | \"b\" (NAME \"!\" | \"int\" \"#\")\n"
       "NAME: /[a-z]+/\n",
       "bin", "ain"},
      {"start: \"a\" (NAME \"!\" | \"int\" \"?\") | \"b\" (NAME \"!\" | \"int\" \"#\")\n"
       "NAME: /[a-z]+/\n",
       "ain", "bin"},
      // Ending the lexeme completes a rule started in the same set, whose
      // completion reads the set before: the key must hold both reads (the
      // rules are recursive so that compile does not inline them).
      {"start: \"a\" w \"!\" | \"b\" w \"?\"\nw: NAME | \"(\" w \")\"\nNAME: /[a-z]+/\n", "bx", "ax"},
      {"start: \"a\" w \"!\" | \"b\" w \"?\"\nw: NAME | \"(\" w \")\"\nNAME: /[a-z]+/\n", "ax", "bx"},
      // ... over a nullable rule that ends the completed one.
      {"start: x \"!\" | y \"?\"\nx: \"a\" NAME opt | \"(\" x \")\"\ny: \"b\" NAME opt | \"(\" y \")\"\nopt: (\"z\" opt)?\n"
       "NAME: /[a-y]+/\n",
       "bx", "ax"},
      // Equal keys: the read that differs comes after a byte that the key
      // does not cover (')' completes `s` started before the lexeme's own
      // origin).
      {"start: \"a\" s \"!\" | \"b\" s \"?\"\ns: \"(\" s \")\" | NAME\nNAME: /[a-z]+/\n", "b(x",
       "a(x"},
      {"start: \"a\" s \"!\" | \"b\" s \"?\"\ns: \"(\" s \")\" | NAME\nNAME: /[a-z]+/\n", "a(x",
       "b(x"},
      // Two lexemes pending from different origins: which one a byte ends
      // depends on who started them.
      {"start: \"a\" NAME \" \"? NAME \"!\" | \"b\" NAME \" \"? NUM \"?\"\nNAME: /[a-z]+/\n"
       "NUM: /[a-z0-9]+/\n",
       "bx x", "ax x"},
  };
  auto v = smallVocab({"!", "?", "#", "t", "t?", "t!", "t#", "tx?", "x", "x!", "x?", ")", "x)",
                       ")!", ")?", "z", "z!", "z?", "xz?", "x1", "1?", "1!"});
  for (const auto &c : cases) {
    auto g = compileEbnfOk(c.grammar);
    // The mask cache lives as long as some matcher of (g, v) does.
    Matcher keepCache(g, v);
    for (const char *prefix : {c.first, c.second}) {
      Matcher m(g, v);
      ASSERT_TRUE(m.acceptBytes(prefix)) << prefix;
      Matcher probe(m);
      std::vector<uint32_t> want = bruteForceByRollback(probe, *v);
      std::vector<uint32_t> got = maskOf(m, *v);
      EXPECT_EQ(got, want) << c.grammar << "after " << prefix << diffIds(got, want, *v);
    }
  }
}

TEST(Lexer, RealTokenizerMasksMatchBruteForce) {
  const Tokenizer *tok = realTokenizer("llama3");
  if (!tok)
    GTEST_SKIP() << "tokenizer llama3 not found (set DECC_TOKENIZERS_DIR)";
  auto v = realVocab("llama3");
  const std::string dir = DECC_GRAMMARS_DIR;
  struct Case {
    std::string grammar;
    const char *doc;
  } cases[] = {
      {readFile(dir + "/examples/c.ebnf"),
       "int main() {\n  int x = 42; // answer\n  if (x >= 10) { x += 1; } else { x = x * 2; }\n"
       "  return x;\n}\n"},
      {readFile(dir + "/examples/arithmetic.ebnf"), "12 + 3.5 * (4 - -2) / 7"},
      {kDecl, "int  main ( )"},
  };
  for (const Case &c : cases) {
    auto g = compileEbnfOk(c.grammar);
    ASSERT_TRUE(g);
    ASSERT_TRUE(g->hasLexemes);
    std::vector<int32_t> ids = tok->encode(c.doc, false, false);
    // Cold (a new grammar object has an empty mask cache) against brute
    // force, then cached against cold.
    std::vector<std::vector<uint32_t>> cold;
    Matcher keepCache(g, v);
    for (int pass = 0; pass < 2; ++pass) {
      Matcher m(g, v);
      for (size_t i = 0;; ++i) {
        std::vector<uint32_t> got = maskOf(m, *v);
        if (pass == 0)
          cold.push_back(bruteForceByRollback(m, *v));
        const std::vector<uint32_t> &want = cold[i];
        ASSERT_EQ(got, want) << c.doc << " before token " << i << " pass " << pass
                             << diffIds(got, want, *v);
        if (i == ids.size())
          break;
        ASSERT_TRUE(m.acceptToken(ids[i])) << c.doc << " token " << i;
      }
      EXPECT_TRUE(m.isComplete()) << c.doc;
    }
  }
}

TEST(Lexer, SerializedFlagRoundTrips) {
  auto g = compileEbnfOk(kDecl);
  std::vector<uint8_t> t = serialize(*g);
  std::string err;
  auto back = deserialize(t.data(), t.size(), &err);
  ASSERT_TRUE(back) << err;
  EXPECT_TRUE(back->hasLexemes);
  EXPECT_EQ(g->dump(), back->dump());
  EXPECT_NE(std::string::npos, back->dump().find(" lexeme"));
  EXPECT_EQ(t, serialize(*back));
  EXPECT_TRUE(accepts(back, "int main()"));
  EXPECT_FALSE(accepts(back, "intmain()"));
  // rules[0]: magic, version, count, root, then start u32 and nullable u8.
  std::vector<uint8_t> bad = t;
  bad[16 + 5] = 2;
  EXPECT_FALSE(deserialize(bad.data(), bad.size(), &err));
  EXPECT_NE(std::string::npos, err.find("rules[0].lexeme' is not 0 or 1")) << err;
  // A lexeme with a rule edge: mark the root (which refers to rules) one.
  bad = t;
  size_t at = 16;
  for (uint32_t r = 0; r < g->root; ++r)
    at += 10 + g->rules[r].name.size();
  bad[at + 5] = 1;
  EXPECT_FALSE(deserialize(bad.data(), bad.size(), &err));
  EXPECT_NE(std::string::npos, err.find("is a rule edge in lexeme")) << err;
}
