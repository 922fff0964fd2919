//===- Linker.cpp - Shared-object link with lld, in process -------------===//
#include "decc/Codegen/Backend.h"

#include "lld/Common/Driver.h"
#include "llvm/Support/raw_ostream.h"

LLD_HAS_DRIVER(elf)

using namespace llvm;

namespace decc {

Error linkSharedObject(StringRef objectPath, StringRef outputPath) {
  std::string obj = objectPath.str(), out = outputPath.str();
  // The kernels call nothing outside the object (no libc, no libm), so the
  // link needs no libraries. Only the ABI entry is exported; everything else
  // stays local so two strategy modules never clash inside one process.
  const char *args[] = {"ld.lld",  "-shared", "--no-undefined",
                        "--export-dynamic-symbol=decc_module_v1",
                        "--exclude-libs=ALL", "-z", "noexecstack",
                        "-o", out.c_str(), obj.c_str()};
  std::string diag;
  raw_string_ostream errs(diag), outs(diag);
  lld::Result r = lld::lldMain(args, outs, errs, {{lld::Gnu, &lld::elf::link}});
  if (r.retCode != 0)
    return createStringError(inconvertibleErrorCode(),
                             "linking '" + out + "' failed: " + diag);
  return Error::success();
}

} // namespace decc
