//===- AST.h - Typed abstract syntax tree of a .dec program -----*- C++ -*-===//
//
// The front end (ANTLR parse tree -> AST -> Sema) produces these nodes; MLIRGen
// is the only consumer that turns them into the `dec` dialect. Nothing here
// knows about ANTLR or MLIR.
//
// Invariants after Sema::check() succeeded (MLIRGen relies on them):
//  - every Expr has a resolved `type`; f32 operands that were written as i32
//    are wrapped in an explicit Cast node;
//  - every LogitsOp has its `kind` set and its arguments in canonical order
//    (see LogitsOpKind);
//  - every ParamRef points at a Param of the enclosing strategy;
//  - constant arguments are within their operator's domain;
//  - every Strategy::constraint names a GrammarDecl of the module.
// MLIRGen also needs every GrammarDecl's `source`, which loadGrammarFiles
// (decc/Frontend/GrammarFiles.h) fills in after Sema.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_AST_AST_H
#define DECC_AST_AST_H

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace decc::ast {

/// 1-based line and column in the source file the module was parsed from.
struct SourceLoc {
  uint32_t line = 0;
  uint32_t col = 0;
};

enum class ScalarType { F32, I32 };
const char *scalarTypeName(ScalarType t);

/// Per-step quantities an expression may read. They are evaluated at the point
/// of the pipeline where the expression is used (e.g. `entropy` inside the
/// third operator is the entropy of the distribution produced by the first
/// two).
enum class Feature {
  Entropy,    ///< f32, nats, of softmax(current logits)
  MaxProb,    ///< f32, largest probability of softmax(current logits)
  Step,       ///< i32, index of the token being chosen (0 for the first)
  Vocab,      ///< i32, vocabulary size of the row
  HistoryLen, ///< i32, number of tokens in the history (prompt + generated)
};
const char *featureName(Feature f);

enum class UnaryOp { Neg };
enum class BinaryOp { Add, Sub, Mul, Div };
/// Built-in functions callable in expressions.
enum class Builtin { Log, Exp, Sqrt, Abs, Min, Max, Clamp };

struct Param;

struct Expr {
  enum class Kind { Number, ParamRef, Feature, Unary, Binary, Call, Cast };
  Kind kind;
  SourceLoc loc;
  ScalarType type = ScalarType::F32; ///< set by Sema

  // Number
  double number = 0;       ///< value (integers are exact)
  bool isIntLiteral = false;
  // ParamRef
  std::string name;        ///< identifier as written (ParamRef / Feature / Call)
  const Param *param = nullptr; ///< resolved by Sema
  // Feature
  Feature feature = Feature::Entropy;
  // Unary / Binary / Call / Cast
  UnaryOp unaryOp = UnaryOp::Neg;
  BinaryOp binaryOp = BinaryOp::Add;
  Builtin builtin = Builtin::Log; ///< resolved by Sema for Call
  std::vector<std::unique_ptr<Expr>> operands;

  explicit Expr(Kind k, SourceLoc l) : kind(k), loc(l) {}
};
using ExprPtr = std::unique_ptr<Expr>;

/// Strategy parameter: `name: type = default [in [lo, hi]]`.
struct Param {
  std::string name;
  SourceLoc loc;
  ScalarType type = ScalarType::F32;
  double defaultValue = 0;
  /// Inclusive bounds. Written bounds, intersected by Sema with the domain of
  /// every operator argument the parameter is passed to directly.
  double minValue = -__builtin_huge_val();
  double maxValue = __builtin_huge_val();
  bool used = false; ///< set by Sema
};

/// Logits-pipeline operators. Canonical argument order after Sema:
///   RepetitionPenalty  args[0] penalty f32 (> 0); `window` = last N tokens (0 = all)
///   PresencePenalty    args[0] f32;                `window` as above
///   FrequencyPenalty   args[0] f32;                `window` as above
///   LogitBias          no args; `biases` = constant (token, bias) pairs
///   Temperature        args[0] f32 (>= 0; 0 means argmax)
///   TopK               args[0] i32 (>= 0; 0 disables)
///   TopP               args[0] f32 in [0, 1] (1 disables)
///   MinP               args[0] f32 in [0, 1] (0 disables)
///   TypicalP           args[0] f32 in [0, 1] (1 disables)
enum class LogitsOpKind {
  RepetitionPenalty,
  PresencePenalty,
  FrequencyPenalty,
  LogitBias,
  Temperature,
  TopK,
  TopP,
  MinP,
  TypicalP,
};
const char *logitsOpName(LogitsOpKind k);

struct LogitBiasEntry {
  int64_t token = 0;
  double bias = 0; ///< may be -inf (ban)
  SourceLoc loc;
};

/// An argument as written: positional (`name` empty) or keyword (`window = 64`).
struct Arg {
  std::string name;
  SourceLoc loc;
  ExprPtr value;
};

struct LogitsOp {
  std::string name;  ///< as written
  SourceLoc loc;
  std::vector<Arg> rawArgs;               ///< as parsed
  std::vector<LogitBiasEntry> biases;     ///< logit_bias({tok: bias, ...})
  // Set by Sema:
  LogitsOpKind kind = LogitsOpKind::Temperature;
  std::vector<ExprPtr> args;              ///< canonical order (moved from rawArgs)
  int64_t window = 0;
};

enum class Selection { None, Greedy, Sample };

struct StopSpec {
  bool eos = false;
  SourceLoc loc;
  /// max_tokens: either a constant or a parameter reference (i32).
  std::optional<int64_t> maxTokens;
  std::string maxTokensParamName;
  const Param *maxTokensParam = nullptr; ///< resolved by Sema
  SourceLoc maxTokensLoc;
  std::vector<int64_t> tokens;           ///< stop token ids
  SourceLoc tokensLoc;
};

/// Languages a `grammar` declaration may be written in.
enum class GrammarKind { Gbnf, JsonSchema, Regex, Ebnf };
const char *grammarKindName(GrammarKind k);

/// `grammar Name = kind "path"`. Sema checks the name and kind; the grammar
/// file itself is read by loadGrammarFiles (decc/Frontend/GrammarFiles.h),
/// which fills `resolvedPath` and `source`.
struct GrammarDecl {
  std::string name;
  SourceLoc loc;
  GrammarKind kind = GrammarKind::Gbnf;
  std::string path;     ///< as written (escapes resolved), relative to the .dec file
  SourceLoc pathLoc;
  std::string resolvedPath;
  std::string source;   ///< the grammar's text in `kind`'s language (a regex: the pattern)
  bool used = false;    ///< set by Sema
};

struct Strategy {
  std::string name;
  SourceLoc loc;
  std::vector<std::unique_ptr<Param>> params;
  std::vector<LogitsOp> logits;
  Selection selection = Selection::None;
  SourceLoc selectionLoc;
  StopSpec stop;
  /// Name of a GrammarDecl of the module (`constrain Name`); empty if none.
  std::string constraint;
  SourceLoc constraintLoc;
};

struct Module {
  std::string fileName;
  std::vector<GrammarDecl> grammars;
  std::vector<Strategy> strategies;
};

/// Deterministic, human-readable dump used by `decc --emit=ast` and its tests.
std::string dump(const Module &m);

} // namespace decc::ast

#endif // DECC_AST_AST_H
