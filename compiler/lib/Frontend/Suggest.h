//===- Suggest.h - "did you mean" for misspelt names ----------------------===//
#ifndef DECC_LIB_FRONTEND_SUGGEST_H
#define DECC_LIB_FRONTEND_SUGGEST_H

#include <string>
#include <vector>

namespace decc::fe {

/// The candidate closest to `name` by edit distance, if it is close enough to
/// be a plausible typo (at most a third of the name's length, at least 1);
/// empty otherwise. Ties go to the first candidate, so callers list the most
/// common names first.
std::string closestName(const std::string &name, const std::vector<std::string> &candidates);

/// "; did you mean 'x'?" or "" when nothing is close.
std::string didYouMean(const std::string &name, const std::vector<std::string> &candidates);

} // namespace decc::fe

#endif
