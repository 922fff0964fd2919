// The CUDA entry points of a build without the backend (DECC_CUDA=OFF, or AUTO
// without a CUDA toolkit): Device::Cuda is refused with the reason.
#include "CudaBackend.h"

namespace decc::model::cuda {

static const char kNotBuilt[] =
    "CUDA is not available: this build has no CUDA backend (configure with -DDECC_CUDA=ON where the CUDA toolkit "
    "is installed)";

bool available(int, std::string *why) {
  if (why) *why = kNotBuilt;
  return false;
}

std::unique_ptr<DeviceModel> upload(const ModelImpl &, int, std::string *err) {
  if (err) *err = kNotBuilt;
  return nullptr;
}

}  // namespace decc::model::cuda
