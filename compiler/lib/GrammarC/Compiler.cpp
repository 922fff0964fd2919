//===- Compiler.cpp - decgram_compiler, decgram_compile, tables -----------===//

#include "CompileCache.h"
#include "CopyOut.h"
#include "Errors.h"
#include "Frontends.h"

using namespace decc;
using namespace decc::grammarc;

namespace {

/// Cache keys start with one byte that is not a decgram_kind value.
constexpr char kTableKey = '\xFF';

/// The JSON options shape only JSON Schema grammars: other kinds use one key
/// whatever the options say. Callers have checked the enums (draftCode).
std::string cacheKey(decgram_kind kind, const decgram_compile_options_ex &o,
                     std::string_view text) {
  std::string key;
  key.reserve(text.size() + 5);
  key += static_cast<char>(kind);
  if (kind == DECGRAM_KIND_JSON_SCHEMA) {
    key += static_cast<char>(o.json_whitespace);
    key += static_cast<char>(o.json_strict_objects ? 1 : 0);
    key += static_cast<char>(o.json_lenient ? 1 : 0);
    key += static_cast<char>(*draftCode(o.json_draft));
  }
  key.append(text.data(), text.size());
  return key;
}

decgram_status finish(const char *fn, BuildResult r, decgram_grammar **out) {
  if (r.status != DECGRAM_OK)
    return fail(r.status, fn, r.error.empty() ? decgram_status_name(r.status) : r.error);
  *out = new decgram_grammar{std::move(r.grammar)};
  return DECGRAM_OK;
}

BuildResult bind(decgram_status status, std::string error,
                 std::shared_ptr<const grammar::CompiledGrammar> g,
                 const std::shared_ptr<const VocabState> &vocab) {
  BuildResult r;
  r.status = status;
  r.error = std::move(error);
  if (status == DECGRAM_OK)
    r.grammar = std::make_shared<GrammarState>(std::move(g), vocab);
  return r;
}

decgram_compile_options_ex defaultOptionsEx() {
  decgram_compile_options_ex o = DECGRAM_COMPILE_OPTIONS_EX_INIT;
  return o;
}

/// The caller's options in this library's layout. Version 1 is the only
/// layout so far; a later one keeps reading version-1 structs by their
/// fields, since a caller compiled against this header allocates no more.
decgram_status readOptionsEx(const char *fn, const decgram_compile_options_ex *in,
                             decgram_compile_options_ex &out) {
  if (!in) {
    out = defaultOptionsEx();
    return DECGRAM_OK;
  }
  if (in->version == 0)
    return fail(DECGRAM_ERR_INVALID_ARGUMENT, fn,
                "options version 0 (initialise the options with "
                "DECGRAM_COMPILE_OPTIONS_EX_INIT)");
  if (in->version > DECGRAM_COMPILE_OPTIONS_EX_VERSION)
    return fail(DECGRAM_ERR_UNSUPPORTED, fn,
                "options version " + std::to_string(in->version) +
                    " is newer than this library's " +
                    std::to_string(DECGRAM_COMPILE_OPTIONS_EX_VERSION) + " (libdecgram " +
                    std::to_string(DECGRAM_API_VERSION) + "." +
                    std::to_string(DECGRAM_API_MINOR) + ")");
  out = *in;
  return DECGRAM_OK;
}

/// decgram_compile and decgram_compile_ex: one path, one cache.
decgram_status compileWith(const char *fn, decgram_compiler *compiler, decgram_kind kind,
                           const char *text, size_t len, const decgram_compile_options_ex &o,
                           decgram_grammar **out) {
  DECGRAM_REQUIRE(compiler, fn);
  DECGRAM_REQUIRE(out, fn);
  if (!text && len)
    return fail(DECGRAM_ERR_INVALID_ARGUMENT, fn, "'text' is NULL");
  if (!isKnownKind(kind))
    return fail(DECGRAM_ERR_INVALID_ARGUMENT, fn,
                "unknown grammar kind " + std::to_string(static_cast<int>(kind)));
  if (o.json_whitespace != DECGRAM_JSON_WS_FLEXIBLE &&
      o.json_whitespace != DECGRAM_JSON_WS_COMPACT &&
      o.json_whitespace != DECGRAM_JSON_WS_BOUNDED)
    return fail(DECGRAM_ERR_INVALID_ARGUMENT, fn,
                "unknown json_whitespace " + std::to_string(static_cast<int>(o.json_whitespace)));
  if (!draftCode(o.json_draft))
    return fail(DECGRAM_ERR_INVALID_ARGUMENT, fn,
                "unknown json_draft " + std::to_string(static_cast<int>(o.json_draft)) +
                    " (supported: " + supportedDrafts() + ")");
  if (!kindSupported(kind))
    return fail(DECGRAM_ERR_UNSUPPORTED, fn,
                std::string("no ") + kindName(kind) + " front end in this build (supported: " +
                    supportedKinds() + ")");
  std::string_view src(text ? text : "", len);
  std::shared_ptr<const VocabState> vocab = compiler->vocab;
  BuildResult r = compiler->cache->get(cacheKey(kind, o, src), [&] {
    std::shared_ptr<const grammar::CompiledGrammar> g;
    std::string error;
    decgram_status s = compileKind(kind, src, o, g, error);
    return bind(s, std::move(error), std::move(g), vocab);
  });
  return finish(fn, std::move(r), out);
}

} // namespace

extern "C" {

bool decgram_kind_supported(decgram_kind kind) { return kindSupported(kind); }

decgram_compile_options decgram_compile_options_default(void) {
  decgram_compile_options o;
  o.json_whitespace = DECGRAM_JSON_WS_FLEXIBLE;
  o.json_strict_objects = false;
  o.json_lenient = false;
  return o;
}

decgram_status decgram_compiler_new(const decgram_vocab *vocab,
                                    const decgram_cache_limits *limits,
                                    decgram_compiler **out) {
  const char *fn = "decgram_compiler_new";
  return guarded(fn, [&] {
    DECGRAM_REQUIRE(vocab, fn);
    DECGRAM_REQUIRE(out, fn);
    decgram_cache_limits l{256, size_t(256) << 20};
    if (limits)
      l = *limits;
    *out = new decgram_compiler{vocab->state, std::make_unique<CompileCache>(l)};
    return DECGRAM_OK;
  });
}

void decgram_compiler_free(decgram_compiler *compiler) { delete compiler; }

decgram_status decgram_compiler_cache_stats(const decgram_compiler *compiler,
                                            decgram_cache_stats *out) {
  const char *fn = "decgram_compiler_cache_stats";
  return guarded(fn, [&] {
    DECGRAM_REQUIRE(compiler, fn);
    DECGRAM_REQUIRE(out, fn);
    *out = compiler->cache->stats();
    return DECGRAM_OK;
  });
}

decgram_status decgram_compile(decgram_compiler *compiler, decgram_kind kind, const char *text,
                               size_t len, const decgram_compile_options *options,
                               decgram_grammar **out) {
  const char *fn = "decgram_compile";
  return guarded(fn, [&] {
    decgram_compile_options_ex o = defaultOptionsEx();
    if (options) {
      o.json_whitespace = options->json_whitespace;
      o.json_strict_objects = options->json_strict_objects;
      o.json_lenient = options->json_lenient;
    }
    return compileWith(fn, compiler, kind, text, len, o, out);
  });
}

decgram_status decgram_compile_ex(decgram_compiler *compiler, decgram_kind kind,
                                  const char *text, size_t len,
                                  const decgram_compile_options_ex *options,
                                  decgram_grammar **out) {
  const char *fn = "decgram_compile_ex";
  return guarded(fn, [&] {
    DECGRAM_REQUIRE(compiler, fn);
    DECGRAM_REQUIRE(out, fn);
    decgram_compile_options_ex o;
    if (decgram_status s = readOptionsEx(fn, options, o))
      return s;
    return compileWith(fn, compiler, kind, text, len, o, out);
  });
}

decgram_status decgram_load_table(decgram_compiler *compiler, const uint8_t *data, size_t size,
                                  decgram_grammar **out) {
  const char *fn = "decgram_load_table";
  return guarded(fn, [&] {
    DECGRAM_REQUIRE(compiler, fn);
    DECGRAM_REQUIRE(out, fn);
    if (!data && size)
      return fail(DECGRAM_ERR_INVALID_ARGUMENT, fn, "'data' is NULL");
    std::string key(1, kTableKey);
    key.append(reinterpret_cast<const char *>(data), size);
    std::shared_ptr<const VocabState> vocab = compiler->vocab;
    BuildResult r = compiler->cache->get(key, [&] {
      std::string error;
      std::shared_ptr<const grammar::CompiledGrammar> g =
          grammar::deserialize(data, size, &error);
      return bind(g ? DECGRAM_OK : DECGRAM_ERR_TABLE, std::move(error), std::move(g), vocab);
    });
    return finish(fn, std::move(r), out);
  });
}

decgram_status decgram_grammar_serialize(const decgram_grammar *grammar, uint8_t *buf,
                                         size_t cap, size_t *size) {
  const char *fn = "decgram_grammar_serialize";
  return guarded(fn, [&] {
    DECGRAM_REQUIRE(grammar, fn);
    DECGRAM_REQUIRE(size, fn);
    std::vector<uint8_t> table = grammar::serialize(*grammar->state->compiled);
    return copyOut(fn, "buf", table.data(), table.size(), buf, cap, size);
  });
}

void decgram_grammar_free(decgram_grammar *grammar) { delete grammar; }

} // extern "C"
