//===- GrammarFilesTest.cpp - Reading and compiling grammar files ---------===//
//
// The cases lit cannot set up portably: absolute paths, the size limit, and
// what loadGrammarFiles leaves in the AST for MLIRGen.
//
//===----------------------------------------------------------------------===//

#include "decc/Frontend/Frontend.h"
#include "decc/Frontend/GrammarFiles.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

namespace fs = std::filesystem;

class GrammarFiles : public ::testing::Test {
protected:
  void SetUp() override {
    dir = fs::temp_directory_path() /
          ("decc-grammar-files-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
           "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir / "sub");
  }
  void TearDown() override { fs::remove_all(dir); }

  void write(const fs::path &p, const std::string &text) { std::ofstream(p) << text; }

  /// Front end plus grammar loading of `source` as DIR/main.dec.
  bool load(const std::string &source, const decc::GrammarFileLimits &limits = {}) {
    std::string file = (dir / "main.dec").string();
    decc::DiagnosticEngine diags(file, source, out);
    module = decc::parseAndCheck(file, source, diags);
    if (!module)
      return false;
    return decc::loadGrammarFiles(*module, diags, limits) && diags.errorCount() == 0;
  }

  fs::path dir;
  std::ostringstream out;
  std::unique_ptr<decc::ast::Module> module;
};

const char *kAnswer = "root ::= \"yes\" | \"no\"\n";

TEST_F(GrammarFiles, RelativePathIsResolvedAgainstTheDecFile) {
  write(dir / "sub" / "answer.gbnf", kAnswer);
  ASSERT_TRUE(load("grammar A = gbnf \"sub/answer.gbnf\"\nstrategy s { constrain A greedy }"))
      << out.str();
  ASSERT_EQ(module->grammars.size(), 1u);
  EXPECT_EQ(module->grammars[0].resolvedPath, (dir / "sub" / "answer.gbnf").string());
  EXPECT_EQ(module->grammars[0].source, kAnswer);
  EXPECT_EQ(module->strategies[0].constraint, "A");
}

TEST_F(GrammarFiles, AbsolutePathIsUsedAsIs) {
  write(dir / "sub" / "answer.gbnf", kAnswer);
  std::string path = (dir / "sub" / "answer.gbnf").string();
  ASSERT_TRUE(load("grammar A = gbnf \"" + path + "\"\nstrategy s { constrain A greedy }"))
      << out.str();
  EXPECT_EQ(module->grammars[0].resolvedPath, path);
}

// Every kind is stored as the text it was written in (dec.grammar carries
// it with its kind), not as a GBNF translation.
TEST_F(GrammarFiles, JsonSchemaIsStoredAsTheSchema) {
  const std::string schema = "{\"type\": \"boolean\"}";
  write(dir / "flag.json", schema);
  ASSERT_TRUE(load("grammar F = json_schema \"flag.json\"\nstrategy s { constrain F sample }"))
      << out.str();
  EXPECT_EQ(module->grammars[0].source, schema);
}

TEST_F(GrammarFiles, EbnfAndRegexFilesAreStoredAsWritten) {
  const std::string ebnf = "start: \"a\"+\n", regex = "[0-9]+\n";
  write(dir / "a.ebnf", ebnf);
  write(dir / "n.regex", regex);
  ASSERT_TRUE(load("grammar A = ebnf \"a.ebnf\"\ngrammar N = regex \"n.regex\"\n"
                   "strategy s { constrain A greedy }\nstrategy t { constrain N greedy }"))
      << out.str();
  EXPECT_EQ(module->grammars[0].source, ebnf);
  EXPECT_EQ(module->grammars[1].source, regex);
}

TEST_F(GrammarFiles, InlineRegexIsStoredAsThePattern) {
  // The .dec string's escape is resolved: the pattern sees `\d`.
  ASSERT_TRUE(load("grammar D = regex \"\\\\d{2}\"\nstrategy s { constrain D greedy }"))
      << out.str();
  EXPECT_EQ(module->grammars[0].source, "\\d{2}");
  EXPECT_TRUE(module->grammars[0].resolvedPath.empty());
}

TEST_F(GrammarFiles, OversizedFileIsRefused) {
  write(dir / "big.gbnf", kAnswer);
  decc::GrammarFileLimits limits;
  limits.maxFileBytes = 8;
  EXPECT_FALSE(load("grammar A = gbnf \"big.gbnf\"\nstrategy s { constrain A greedy }", limits));
  EXPECT_NE(out.str().find("main.dec:1:18: error: grammar file '" +
                           (dir / "big.gbnf").string() +
                           "' is too large (the limit is 8 bytes)"),
            std::string::npos)
      << out.str();
}

TEST_F(GrammarFiles, EveryBrokenGrammarIsReported) {
  write(dir / "a.gbnf", "root ::= undefined\n");
  write(dir / "b.json", "{\"type\": \"number\", \"multipleOf\": 3}");
  EXPECT_FALSE(load("grammar A = gbnf \"a.gbnf\"\ngrammar B = json_schema \"b.json\"\n"
                    "strategy s { constrain A greedy }\nstrategy t { constrain B greedy }"));
  std::string text = out.str();
  EXPECT_NE(text.find("a.gbnf:1:10: error:"), std::string::npos) << text;
  EXPECT_NE(text.find("note: in grammar 'A' declared here"), std::string::npos) << text;
  EXPECT_NE(text.find("b.json: error:"), std::string::npos) << text;
  EXPECT_NE(text.find("note: in the JSON Schema of grammar 'B' declared here"),
            std::string::npos)
      << text;
}

} // namespace
