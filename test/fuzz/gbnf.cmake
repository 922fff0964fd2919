# GBNF parser + grammar compiler + matcher, fuzzed from the bytes up: the
# hand-written sources and the generated parser are compiled into the fuzzer
# so that they are instrumented.
decc_add_fuzzer(gbnf_fuzzer
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/gbnf_fuzzer.cpp
          ${DECC_GRAMMAR_COMPILER_SOURCES} ${DECC_REGEX_SOURCES} ${DECC_GBNF_GEN_SOURCES}
          ${DECRT_GRAMMAR_SOURCES}
          ${PROJECT_SOURCE_DIR}/compiler/lib/Frontend/Diagnostics.cpp
  LIBS antlr4-runtime decrt_tokenizer Threads::Threads)
add_dependencies(gbnf_fuzzer GbnfParserGen)
target_include_directories(gbnf_fuzzer PRIVATE
  ${PROJECT_SOURCE_DIR}/compiler/include
  ${DECC_RUNTIME_INCLUDE_DIR}
  ${PROJECT_SOURCE_DIR}/runtime/lib/Grammar
  ${DECC_GBNF_GEN_INCLUDE_DIR})
target_include_directories(gbnf_fuzzer SYSTEM PRIVATE ${DECC_ANTLR_RUNTIME_INCLUDE_DIR})
set_source_files_properties(${DECC_GBNF_GEN_SOURCES} TARGET_DIRECTORY gbnf_fuzzer
  PROPERTIES COMPILE_OPTIONS "-w")
