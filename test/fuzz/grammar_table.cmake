# Serialised grammar tables (decc_strategy_desc.constraint_table), fuzzed from
# the bytes up: the loader and the matcher it feeds are compiled into the
# fuzzer so that they are instrumented.
decc_add_fuzzer(grammar_table_fuzzer
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/grammar_table_fuzzer.cpp ${DECRT_GRAMMAR_SOURCES}
  LIBS decrt_tokenizer Threads::Threads)
target_include_directories(grammar_table_fuzzer PRIVATE
  ${DECC_RUNTIME_INCLUDE_DIR}
  ${PROJECT_SOURCE_DIR}/runtime/lib/Grammar)
