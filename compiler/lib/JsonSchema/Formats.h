//===- Formats.h - `format` values as grammars ------------------*- C++ -*-===//
//
// Each supported format is a grammar for the string content (raw ASCII,
// escaped only where JSON requires it) whose language is contained in the
// format's definition:
//   date       RFC 3339 full-date, day bounded by the month, Feb 29 only in
//              leap years
//   time       RFC 3339 full-time (offset required), seconds 00-59; a leap
//              second only as 23:59:60 under a UTC offset (Z, +00:00, -00:00)
//   date-time  date "T"|"t" time
//   email      RFC 5321 Mailbox: a dot-atom or quoted-string local part (its
//              `"` and `\` spelled as JSON escapes) "@" a DNS host name
//              (labels of 1-63 letters, digits and inner hyphens) or an
//              address literal ([IPv4], [IPv6:...]); no general literals
//   uuid       RFC 4122 8-4-4-4-12 hex digits, either case
//   uri        RFC 3986 URI, IP-literal hosts included
//   ipv4       dotted quad, octets 0-255 without leading zeros
//   ipv6       RFC 4291 text form ("::" once, dotted-quad tail), no zone
//
//===----------------------------------------------------------------------===//
#ifndef DECC_JSONSCHEMA_FORMATS_H
#define DECC_JSONSCHEMA_FORMATS_H

#include "Gbnf.h"

#include <string>

namespace decc::jsonschema {

/// The grammar of `format`, or nullptr when the format is not supported.
/// Sub-rules are added to `g`.
gbnf::ExprP formatGrammar(const std::string &format, gbnf::Grammar &g);

} // namespace decc::jsonschema

#endif
