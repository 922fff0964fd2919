//===- RegexClasses.h - Code-point sets of the regex front end -*- C++ -*-===//
//
// Class escapes, case folding and set algebra over sorted code-point ranges,
// for classes that combine escapes (`[\d\s_]`, `[^\W]`) into one IR class.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_LIB_GRAMMAR_REGEXCLASSES_H
#define DECC_LIB_GRAMMAR_REGEXCLASSES_H

#include "decc/grammar.h"

#include <vector>

namespace decc {
namespace grammar {
namespace regex {

using Ranges = std::vector<CodepointRange>;

/// Sorted, with overlapping and adjacent ranges merged.
Ranges normalize(Ranges r);
/// The code points of U+0000..U+10FFFF not in `r` (which must be normalised).
Ranges complement(const Ranges &r);
/// `r` plus the other case of every ASCII letter in it, normalised.
Ranges foldAsciiCase(Ranges r);

Ranges digits();          ///< \d
Ranges wordChars();       ///< \w
Ranges whitespace();      ///< \s: ECMAScript's WhiteSpace and LineTerminator
Ranges lineTerminators(); ///< what `.` excludes

} // namespace regex
} // namespace grammar
} // namespace decc

#endif
