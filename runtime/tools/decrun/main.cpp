//===- main.cpp - decrun: run a compiled decoding strategy ----------------===//
#include "Decrun.h"

#include <iostream>

int main(int argc, char **argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return decc::decrun::decrunMain(args, std::cout, std::cerr);
}
