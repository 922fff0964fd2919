# EBNF front end (+ the regex front end its terminals use, the GBNF printer
# and parser, the grammar compiler and matcher), fuzzed from the bytes up: the
# hand-written and generated sources are compiled into the fuzzer so that they
# are instrumented.
decc_add_fuzzer(ebnf_fuzzer
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/ebnf_fuzzer.cpp
          ${DECC_EBNF_SOURCES} ${DECC_REGEX_SOURCES} ${DECC_GRAMMAR_COMPILER_SOURCES}
          ${DECC_EBNF_GEN_SOURCES} ${DECC_GBNF_GEN_SOURCES} ${DECRT_GRAMMAR_SOURCES}
          ${PROJECT_SOURCE_DIR}/compiler/lib/Frontend/Diagnostics.cpp
  LIBS antlr4-runtime decrt_tokenizer Threads::Threads)
add_dependencies(ebnf_fuzzer GbnfParserGen EbnfParserGen)
target_include_directories(ebnf_fuzzer PRIVATE
  ${PROJECT_SOURCE_DIR}/compiler/include
  ${DECC_RUNTIME_INCLUDE_DIR}
  ${PROJECT_SOURCE_DIR}/runtime/lib/Grammar
  ${DECC_GBNF_GEN_INCLUDE_DIR}
  ${DECC_EBNF_GEN_INCLUDE_DIR})
target_include_directories(ebnf_fuzzer SYSTEM PRIVATE ${DECC_ANTLR_RUNTIME_INCLUDE_DIR})
set_source_files_properties(${DECC_EBNF_GEN_SOURCES} ${DECC_GBNF_GEN_SOURCES}
  TARGET_DIRECTORY ebnf_fuzzer PROPERTIES COMPILE_OPTIONS "-w")
