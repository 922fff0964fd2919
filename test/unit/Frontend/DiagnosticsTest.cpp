//===- DiagnosticsTest.cpp - Output format and counting -------------------===//

#include "TestUtil.h"

#include "decc/Frontend/Diagnostics.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace decc;

namespace {

TEST(FrontendDiagnostics, ClangFormatWithCaret) {
  std::ostringstream os;
  DiagnosticEngine d("f.dec", "line one\n  top_p(1.5)\n", os);
  d.error({2, 9}, "bad value");
  EXPECT_EQ(os.str(), "f.dec:2:9: error: bad value\n  top_p(1.5)\n        ^\n");
  EXPECT_EQ(d.errorCount(), 1u);
}

TEST(FrontendDiagnostics, CaretKeepsTabsAndCountsCodePoints) {
  std::ostringstream os;
  DiagnosticEngine d("f.dec", "\t\xC3\xA9x y\r\n", os);
  d.warning({1, 5}, "here");
  EXPECT_EQ(os.str(), "f.dec:1:5: warning: here\n\t\xC3\xA9x y\n\t   ^\n");
  EXPECT_EQ(d.warningCount(), 1u);
  EXPECT_EQ(d.errorCount(), 0u);
}

TEST(FrontendDiagnostics, NoteAndLocationlessMessage) {
  std::ostringstream os;
  DiagnosticEngine d("f.dec", "a\n", os);
  d.note({1, 1}, "see here");
  d.error({}, "whole file");
  EXPECT_EQ(os.str(), "f.dec:1:1: note: see here\na\n^\nf.dec: error: whole file\n");
}

TEST(FrontendDiagnostics, WarningsAsErrors) {
  std::ostringstream os;
  DiagnosticEngine d("f.dec", "x\n", os);
  d.setWarningsAsErrors(true);
  d.warning({1, 1}, "unused");
  EXPECT_EQ(d.errorCount(), 1u);
  EXPECT_EQ(test::firstLine(os.str()), "f.dec:1:1: error: unused");
}

TEST(FrontendDiagnostics, MaxErrorsStopsReportingButKeepsCounting) {
  std::ostringstream os;
  DiagnosticEngine d("f.dec", "x\n", os);
  d.setMaxErrors(2);
  for (int i = 0; i < 5; ++i) {
    d.error({1, 1}, "e" + std::to_string(i));
    d.note({1, 1}, "n" + std::to_string(i));
  }
  std::string out = os.str();
  EXPECT_NE(out.find("e1"), std::string::npos);
  EXPECT_EQ(out.find("e2"), std::string::npos);
  EXPECT_EQ(out.find("n2"), std::string::npos);
  EXPECT_NE(out.find("f.dec: error: too many errors emitted, stopping now\n"), std::string::npos);
  EXPECT_EQ(d.errorCount(), 5u);
}

TEST(FrontendDiagnostics, UnusedParameterWarningStillCompiles) {
  auto c = test::compile("strategy s(unused: f32 = 1) { sample }");
  EXPECT_NE(c.module, nullptr) << c.diagnostics;
  EXPECT_EQ(c.warnings, 1u);
  EXPECT_EQ(test::firstLine(c.diagnostics), "t.dec:1:12: warning: parameter 'unused' is never used");
}

TEST(FrontendDiagnostics, GreedyMakesSamplingFiltersPointless) {
  auto c = test::compile("strategy g {\n  logits { repetition_penalty(1.2) top_k(5) }\n  greedy\n}");
  EXPECT_NE(c.module, nullptr) << c.diagnostics;
  EXPECT_EQ(c.warnings, 1u);
  EXPECT_EQ(test::firstLine(c.diagnostics),
            "t.dec:2:36: warning: top_k has no effect before greedy selection");
}

TEST(FrontendDiagnostics, TruncatingIntegerDivisionWarns) {
  auto c = test::compile(test::inLogits("temperature(1 / 2)"));
  EXPECT_NE(c.module, nullptr) << c.diagnostics;
  EXPECT_EQ(test::firstLine(c.diagnostics),
            "t.dec:3:19: warning: integer division 1 / 2 truncates to 0; write 1.0 / 2 for real "
            "division");
}

TEST(FrontendDiagnostics, SeveralErrorsInOneRunWithNotes) {
  auto c = test::compile("strategy s(x: f32 = 1, x: f32 = 2) {\n  logits { top_p(2) top_k(-1) }\n"
                         "  sample\n}\n");
  EXPECT_EQ(c.module, nullptr);
  EXPECT_EQ(c.errors, 3u) << c.diagnostics;
  EXPECT_NE(c.diagnostics.find("t.dec:1:12: note: previous definition is here"),
            std::string::npos);
}

TEST(FrontendDiagnostics, WarningsAsErrorsRejectsModule) {
  std::ostringstream os;
  std::string src = "strategy s(unused: f32 = 1) { sample }";
  DiagnosticEngine d("t.dec", src, os);
  d.setWarningsAsErrors(true);
  EXPECT_EQ(parseAndCheck("t.dec", src, d), nullptr);
  EXPECT_EQ(d.errorCount(), 1u);
}

} // namespace

namespace {

TEST(FrontendDiagnostics, LongLinesAreWindowedAroundTheColumn) {
  std::ostringstream os;
  std::string line = std::string(1000, 'a') + "X" + std::string(1000, 'b');
  DiagnosticEngine d("f.dec", line + "\n", os);
  d.error({1, 1001}, "here");
  d.error({1, 1001}, "again");
  std::string expected = "f.dec:1:1001: error: here\n" + std::string(119, 'a') + "X" +
                         std::string(120, 'b') + "\n" + std::string(119, ' ') + "^\n";
  EXPECT_EQ(os.str().substr(0, expected.size()), expected);
  EXPECT_EQ(os.str().size(), 2 * expected.size() + 1); // "again" is one byte longer
}

} // namespace
