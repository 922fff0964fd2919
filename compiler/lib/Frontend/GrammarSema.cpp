//===- GrammarSema.cpp ----------------------------------------------------===//

#include "GrammarSema.h"

#include "Suggest.h"

#include <algorithm>
#include <map>

namespace decc::fe {

std::set<std::string> checkGrammars(const std::vector<ParsedGrammar> &grammars,
                                    ast::Module &module, DiagnosticEngine &diags) {
  std::set<std::string> declared;
  std::map<std::string, ast::SourceLoc> first;
  for (const ParsedGrammar &g : grammars) {
    declared.insert(g.name);
    auto [it, inserted] = first.emplace(g.name, g.loc);
    if (!inserted) {
      diags.error(g.loc, "duplicate grammar '" + g.name + "'");
      diags.note(it->second, "previous definition is here");
      continue;
    }
    ast::GrammarKind kind;
    if (g.kindName == "gbnf") {
      kind = ast::GrammarKind::Gbnf;
    } else if (g.kindName == "json_schema") {
      kind = ast::GrammarKind::JsonSchema;
    } else if (g.kindName == "regex") {
      kind = ast::GrammarKind::Regex;
    } else if (g.kindName == "ebnf") {
      kind = ast::GrammarKind::Ebnf;
    } else {
      diags.error(g.kindLoc, "unknown grammar kind '" + g.kindName + "'" +
                                 didYouMean(g.kindName, {"gbnf", "json_schema", "regex", "ebnf"}) +
                                 " (expected gbnf, json_schema, regex or ebnf)");
      continue;
    }
    if (g.path.empty()) {
      diags.error(g.pathLoc, kind == ast::GrammarKind::Regex
                                 ? "grammar '" + g.name + "' needs a pattern or a .regex file"
                                 : "grammar '" + g.name + "' needs a file path");
      continue;
    }
    ast::GrammarDecl decl;
    decl.name = g.name;
    decl.loc = g.loc;
    decl.kind = kind;
    decl.path = g.path;
    decl.pathLoc = g.pathLoc;
    module.grammars.push_back(std::move(decl));
  }
  return declared;
}

void checkConstrain(const std::vector<ParsedConstrain> &constrains,
                    const std::set<std::string> &declared, ast::Module &module,
                    ast::Strategy &strategy, DiagnosticEngine &diags) {
  if (constrains.empty())
    return;
  for (size_t i = 1; i < constrains.size(); ++i) {
    diags.error(constrains[i].loc, "strategy '" + strategy.name +
                                       "' is already constrained (at most one 'constrain' "
                                       "per strategy)");
    diags.note(constrains[0].loc, "previous 'constrain' is here");
  }
  const ParsedConstrain &c = constrains[0];
  auto it = std::find_if(module.grammars.begin(), module.grammars.end(),
                         [&](const ast::GrammarDecl &g) { return g.name == c.name; });
  if (it == module.grammars.end()) {
    // A declaration with an error was already reported.
    if (!declared.count(c.name))
      diags.error(c.nameLoc,
                  "unknown grammar '" + c.name + "'" +
                      didYouMean(c.name, std::vector<std::string>(declared.begin(),
                                                                  declared.end())));
    return;
  }
  it->used = true;
  strategy.constraint = c.name;
  strategy.constraintLoc = c.loc;
}

void checkGrammarStrategyNames(const ast::Module &module, DiagnosticEngine &diags) {
  for (const ast::GrammarDecl &g : module.grammars) {
    auto it = std::find_if(module.strategies.begin(), module.strategies.end(),
                           [&](const ast::Strategy &s) { return s.name == g.name; });
    if (it == module.strategies.end())
      continue;
    diags.error(g.loc, "grammar '" + g.name + "' has the same name as a strategy");
    diags.note(it->loc, "strategy '" + it->name + "' is defined here");
  }
}

void warnUnusedGrammars(const ast::Module &module, DiagnosticEngine &diags) {
  for (const ast::GrammarDecl &g : module.grammars)
    if (!g.used)
      diags.warning(g.loc, "grammar '" + g.name + "' is declared but never used");
}

} // namespace decc::fe
