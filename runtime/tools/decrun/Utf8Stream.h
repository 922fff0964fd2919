//===- Utf8Stream.h - streaming token bytes as whole characters -----------===//
//
// A byte-level token can end in the middle of a UTF-8 character (the rest
// comes with the next token). The stream holds such a tail back until it is
// complete, so a terminal never sees half a character; whatever is still held
// at the end is flushed as it is.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_DECRUN_UTF8STREAM_H
#define DECC_DECRUN_UTF8STREAM_H

#include <string>
#include <string_view>

namespace decc::decrun {

class Utf8Stream {
public:
  // Appends bytes; returns the part that is ready (ends on a character
  // boundary, or holds bytes that can never become a character).
  std::string push(std::string_view bytes);
  // The held-back bytes, if any; the stream is empty afterwards.
  std::string finish();

private:
  std::string pending_;
};

// `bytes` with each byte that starts no well-formed UTF-8 character replaced
// by U+FFFD (JSON strings must be valid UTF-8).
std::string validUtf8(std::string_view bytes);

} // namespace decc::decrun

#endif
