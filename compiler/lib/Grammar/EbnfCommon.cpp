//===- EbnfCommon.cpp -----------------------------------------------------===//

#include "EbnfCommon.h"

namespace decc {
namespace grammar {

std::string_view ebnfCommonModule() {
  // Lark 1.x common.lark. Lark writes ESCAPED_STRING with a lookbehind and
  // C_COMMENT with a lazy `(.|\n)*?`: both are restated as the languages
  // Lark's lexer actually matches (an escaped quote does not end a string; a
  // comment ends at the first `*/`). _STRING_INNER and _STRING_ESC_INNER
  // only make sense inside ESCAPED_STRING and are not provided.
  return R"lark(
DIGIT: "0".."9"
HEXDIGIT: "a".."f" | "A".."F" | DIGIT

INT: DIGIT+
SIGNED_INT: ["+" | "-"] INT
DECIMAL: INT "." INT? | "." INT

_EXP: ("e" | "E") SIGNED_INT
FLOAT: INT _EXP | DECIMAL _EXP?
SIGNED_FLOAT: ["+" | "-"] FLOAT

NUMBER: FLOAT | INT
SIGNED_NUMBER: ["+" | "-"] NUMBER

ESCAPED_STRING: "\"" /([^"\\\n]|\\[^\n])*/ "\""

LCASE_LETTER: "a".."z"
UCASE_LETTER: "A".."Z"
LETTER: UCASE_LETTER | LCASE_LETTER
WORD: LETTER+
CNAME: ("_" | LETTER) ("_" | LETTER | DIGIT)*

WS_INLINE: (" " | /\t/)+
WS: /[ \t\f\r\n]/+

CR: "\r"
LF: "\n"
NEWLINE: (CR? LF)+

SH_COMMENT: /#[^\n]*/
CPP_COMMENT: /\/\/[^\n]*/
C_COMMENT: /\/\*([^*]|\*+[^*\/])*\*+\//
SQL_COMMENT: /--[^\n]*/
)lark";
}

} // namespace grammar
} // namespace decc
