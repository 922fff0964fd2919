# The GGUF reader and the model loader, fuzzed from the bytes up. The sources
# are compiled into the fuzzer so that they are instrumented (decrt_gguf and
# decrt_model themselves are built without sanitizers).
set(decc_model_dir ${CMAKE_CURRENT_LIST_DIR}/../../runtime/lib/Model)
decc_add_fuzzer(gguf_fuzzer
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/gguf_fuzzer.cpp
          ${decc_model_dir}/GgufReader.cpp ${decc_model_dir}/GgufTypes.cpp
          ${decc_model_dir}/ModelLoad.cpp ${decc_model_dir}/Session.cpp
          ${decc_model_dir}/Kernels.cpp ${decc_model_dir}/ThreadPool.cpp
          ${decc_model_dir}/Cuda/Disabled.cpp  # Device::Cuda is not fuzzed
  LIBS Threads::Threads)
target_include_directories(gguf_fuzzer PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../../runtime/include)
