# tokenizer.json loader fuzzer: the library sources are compiled into the
# fuzzer so that they are instrumented.
find_package(ICU REQUIRED COMPONENTS uc)
find_package(nlohmann_json REQUIRED)
decc_add_fuzzer(tokenizer_json_fuzzer
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/tokenizer_json_fuzzer.cpp ${DECRT_TOKENIZER_SOURCES}
  LIBS ICU::uc nlohmann_json::nlohmann_json Threads::Threads)
target_include_directories(tokenizer_json_fuzzer PRIVATE
  ${DECC_RUNTIME_INCLUDE_DIR} ${CMAKE_SOURCE_DIR}/runtime/lib/Tokenizer)
