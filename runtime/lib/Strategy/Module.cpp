//===- Module.cpp - loading compiled strategy modules ---------------------===//
#include "Common/Error.h"
#include "Internal.h"

#include <cerrno>
#include <cstring>
#include <dlfcn.h>
#include <new>
#include <string>
#include <sys/stat.h>

using decc::rt::fail;

namespace decc::rt {

void retainModule(decrt_module *module) {
  module->refs.fetch_add(1, std::memory_order_relaxed);
}

void releaseModule(decrt_module *module) {
  if (module->refs.fetch_sub(1, std::memory_order_acq_rel) != 1)
    return;
  if (module->handle)
    dlclose(module->handle);
  delete module;
}

} // namespace decc::rt

namespace {
// dlopen searches LD_LIBRARY_PATH for a bare file name; a module named on a
// command line means the file in the current directory.
std::string dlopenPath(const char *path) {
  std::string p(path);
  if (p.find('/') == std::string::npos)
    p = "./" + p;
  return p;
}

decrt_status openModule(const char *path, decrt_module *module) {
  struct stat st;
  if (stat(path, &st) != 0)
    return fail(DECRT_ERR_IO, "%s: cannot open module: %s", path,
                std::strerror(errno));
  if (!S_ISREG(st.st_mode))
    return fail(DECRT_ERR_IO, "%s: not a regular file", path);
  dlerror();
  module->handle = dlopen(dlopenPath(path).c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!module->handle) {
    const char *why = dlerror();
    return fail(DECRT_ERR_ABI, "%s: not a loadable shared object: %s", path,
                why ? why : "unknown dlopen error");
  }
  dlerror();
  void *sym = dlsym(module->handle, DECC_MODULE_SYMBOL);
  if (!sym)
    return fail(DECRT_ERR_ABI,
                "%s: not a decc module: symbol '%s' not found", path,
                DECC_MODULE_SYMBOL);
  auto entry = reinterpret_cast<decc_module_entry_fn>(sym);
  module->desc = entry();
  return decc::rt::validateModule(module->desc, path);
}
} // namespace

extern "C" {

DECRT_API decrt_status decrt_module_load(const char *path,
                                         decrt_module **out_module) {
  if (!path || !out_module)
    return fail(DECRT_ERR_INVALID_ARGUMENT,
                "decrt_module_load: path and out_module must not be NULL");
  auto *module = new (std::nothrow) decrt_module;
  if (!module)
    return fail(DECRT_ERR_OUT_OF_MEMORY, "%s: out of memory", path);
  try {
    module->path = path;
  } catch (const std::bad_alloc &) {
    delete module;
    return fail(DECRT_ERR_OUT_OF_MEMORY, "%s: out of memory", path);
  }
  if (decrt_status st = openModule(path, module)) {
    decc::rt::releaseModule(module);
    return st;
  }
  *out_module = module;
  return DECRT_OK;
}

DECRT_API void decrt_module_free(decrt_module *module) {
  if (module)
    decc::rt::releaseModule(module);
}

DECRT_API const decc_module_desc *decrt_module_desc(const decrt_module *module) {
  return module ? module->desc : nullptr;
}

DECRT_API const char *decrt_module_path(const decrt_module *module) {
  return module ? module->path.c_str() : nullptr;
}

DECRT_API int32_t decrt_module_strategy_count(const decrt_module *module) {
  return module ? module->desc->num_strategies : 0;
}

DECRT_API const decc_strategy_desc *
decrt_module_strategy(const decrt_module *module, int32_t index) {
  if (!module || index < 0 || index >= module->desc->num_strategies)
    return nullptr;
  return &module->desc->strategies[index];
}

DECRT_API decrt_status decrt_module_find_strategy(const decrt_module *module,
                                                  const char *name,
                                                  int32_t *out_index) {
  if (!module || !name || !out_index)
    return fail(DECRT_ERR_INVALID_ARGUMENT,
                "decrt_module_find_strategy: arguments must not be NULL");
  std::string known;
  for (int32_t i = 0; i < module->desc->num_strategies; ++i) {
    const char *n = module->desc->strategies[i].name;
    if (std::strcmp(n, name) == 0) {
      *out_index = i;
      return DECRT_OK;
    }
    known += (i ? ", " : "") + std::string(n);
  }
  return fail(DECRT_ERR_NOT_FOUND, "%s: no strategy '%s' (strategies: %s)",
              module->path.c_str(), name, known.c_str());
}

DECRT_API decrt_status decrt_module_param_info(const decrt_module *module,
                                               int32_t strategy, int32_t param,
                                               decrt_param_info *out_info) {
  if (!module || !out_info)
    return fail(DECRT_ERR_INVALID_ARGUMENT,
                "decrt_module_param_info: arguments must not be NULL");
  const decc_strategy_desc *s = decrt_module_strategy(module, strategy);
  if (!s)
    return fail(DECRT_ERR_OUT_OF_RANGE, "%s: strategy index %d out of range",
                module->path.c_str(), strategy);
  if (param < 0 || param >= s->num_params)
    return fail(DECRT_ERR_OUT_OF_RANGE,
                "%s: strategy '%s': parameter index %d out of range [0, %d)",
                module->path.c_str(), s->name, param, s->num_params);
  const decc_param_desc &p = s->params[param];
  *out_info = {p.name, p.type, p.default_value, p.min_value, p.max_value};
  return DECRT_OK;
}

} // extern "C"
