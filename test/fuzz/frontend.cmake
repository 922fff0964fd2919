# The .dec front end, fuzzed from the bytes up: the hand-written sources and
# the generated parser are compiled into the fuzzer so that all of them are
# instrumented (the DeccFrontend library is built without sanitizers).
decc_add_fuzzer(dec_frontend_fuzzer
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/dec_frontend_fuzzer.cpp
          ${DECC_FRONTEND_SOURCES} ${DECC_ANTLR_GEN_SOURCES}
  LIBS antlr4-runtime)
add_dependencies(dec_frontend_fuzzer DecParserGen)
target_include_directories(dec_frontend_fuzzer PRIVATE
  ${PROJECT_SOURCE_DIR}/compiler/include
  ${PROJECT_SOURCE_DIR}/compiler/lib/Frontend
  ${DECC_ANTLR_GEN_INCLUDE_DIR})
target_include_directories(dec_frontend_fuzzer SYSTEM PRIVATE ${DECC_ANTLR_RUNTIME_INCLUDE_DIR})
set_source_files_properties(${DECC_ANTLR_GEN_SOURCES} TARGET_DIRECTORY dec_frontend_fuzzer
  PROPERTIES COMPILE_OPTIONS "-w")
