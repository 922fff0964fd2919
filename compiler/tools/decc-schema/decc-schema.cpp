//===- decc-schema.cpp - JSON Schema -> GBNF on the command line ----------===//
//
//   decc-schema [--strict] [--lenient] [--whitespace=compact|flexible|bounded]
//               [--draft=7|2020-12] SCHEMA.json
//
// Prints the GBNF on stdout (exit 0), or located diagnostics on stderr
// (exit 1; exit 2 for usage errors). Warnings go to stderr in both cases.
//
//===----------------------------------------------------------------------===//
#include "decc/JsonSchema/JsonSchema.h"

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

using namespace decc::jsonschema;

static int usage(const std::string &why) {
  std::cerr << "decc-schema: " << why << "\n"
            << "usage: decc-schema [--strict] [--lenient] [--whitespace=compact|flexible|bounded] "
               "[--draft=7|2020-12] SCHEMA.json\n";
  return 2;
}

int main(int argc, char **argv) {
  Options opt;
  std::string path;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--strict") opt.strictObjects = true;
    else if (a == "--lenient") opt.lenient = true;
    else if (a == "--whitespace=compact") opt.whitespace = Whitespace::Compact;
    else if (a == "--whitespace=flexible") opt.whitespace = Whitespace::Flexible;
    else if (a == "--whitespace=bounded") opt.whitespace = Whitespace::Bounded;
    else if (a == "--draft=7") opt.draft = Draft::Draft7;
    else if (a == "--draft=2020-12") opt.draft = Draft::Draft2020_12;
    else if (a == "--help" || a == "-h") return usage("JSON Schema to GBNF"), 0;
    else if (!a.empty() && a[0] == '-' && a != "-") return usage("unknown option '" + a + "'");
    else if (!path.empty()) return usage("more than one schema file");
    else path = a;
  }
  if (path.empty())
    return usage("no schema file");
  std::stringstream buf;
  if (path == "-") {
    buf << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::cerr << path << ": error: cannot open the file\n";
      return 1;
    }
    buf << in.rdbuf();
  }
  Result r = toGbnf(buf.str(), opt, path == "-" ? "<stdin>" : path);
  std::cerr << r.render();
  if (!r.ok)
    return 1;
  std::cout << r.gbnf;
  return 0;
}
