//===- Errors.cpp - status names, last error, version ---------------------===//

#include "Errors.h"

namespace decc::grammarc {
namespace {
thread_local std::string lastError;
} // namespace

decgram_status fail(decgram_status s, const char *fn, const std::string &message) {
  try {
    lastError = std::string(fn) + ": " + message;
  } catch (...) {
    // Out of memory while building the message: keep a static one.
    lastError.clear();
  }
  return s;
}

} // namespace decc::grammarc

extern "C" {

int decgram_api_version(void) { return DECGRAM_API_VERSION; }

int decgram_api_minor(void) { return DECGRAM_API_MINOR; }

const char *decgram_status_name(decgram_status status) {
  switch (status) {
  case DECGRAM_OK: return "DECGRAM_OK";
  case DECGRAM_ERR_INVALID_ARGUMENT: return "DECGRAM_ERR_INVALID_ARGUMENT";
  case DECGRAM_ERR_OUT_OF_RANGE: return "DECGRAM_ERR_OUT_OF_RANGE";
  case DECGRAM_ERR_GRAMMAR: return "DECGRAM_ERR_GRAMMAR";
  case DECGRAM_ERR_UNSUPPORTED: return "DECGRAM_ERR_UNSUPPORTED";
  case DECGRAM_ERR_TABLE: return "DECGRAM_ERR_TABLE";
  case DECGRAM_ERR_IO: return "DECGRAM_ERR_IO";
  case DECGRAM_ERR_OUT_OF_MEMORY: return "DECGRAM_ERR_OUT_OF_MEMORY";
  case DECGRAM_ERR_INTERNAL: return "DECGRAM_ERR_INTERNAL";
  }
  return "DECGRAM_UNKNOWN_STATUS";
}

const char *decgram_last_error(void) { return decc::grammarc::lastError.c_str(); }

} // extern "C"
