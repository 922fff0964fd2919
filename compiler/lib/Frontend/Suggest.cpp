//===- Suggest.cpp --------------------------------------------------------===//

#include "Suggest.h"

#include <algorithm>

namespace decc::fe {

/// Optimal-string-alignment distance: insertions, deletions, substitutions
/// and transpositions of neighbours ("eso" -> "eos") each cost 1.
static size_t editDistance(const std::string &a, const std::string &b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i)
    d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j)
    d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

std::string closestName(const std::string &name, const std::vector<std::string> &candidates) {
  // Identifiers are short; a long one (e.g. from generated input) cannot be a
  // typo of any candidate, and the quadratic distance must stay cheap.
  if (name.size() > 64)
    return {};
  size_t limit = std::max<size_t>(1, name.size() / 3);
  std::string best;
  size_t bestDistance = limit + 1;
  for (const std::string &c : candidates) {
    size_t d = editDistance(name, c);
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best;
}

std::string didYouMean(const std::string &name, const std::vector<std::string> &candidates) {
  std::string best = closestName(name, candidates);
  return best.empty() ? std::string() : "; did you mean '" + best + "'?";
}

} // namespace decc::fe
