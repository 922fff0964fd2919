# JSON Schema -> GBNF fuzzer: the translator's sources (and the regex front
# end that parses `pattern`) are compiled into the fuzzer so that they are
# instrumented.
find_package(nlohmann_json REQUIRED)
decc_add_fuzzer(jsonschema_fuzzer
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/jsonschema_fuzzer.cpp ${DECC_JSONSCHEMA_SOURCES}
          ${DECC_REGEX_SOURCES}
  LIBS nlohmann_json::nlohmann_json decrt_grammar)
target_include_directories(jsonschema_fuzzer PRIVATE
  ${CMAKE_SOURCE_DIR}/compiler/include ${CMAKE_SOURCE_DIR}/compiler/lib/JsonSchema
  ${DECC_RUNTIME_INCLUDE_DIR})
