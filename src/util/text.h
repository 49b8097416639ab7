// Small text helpers shared by several stages.
#pragma once
#include <string>
#include <vector>

namespace kiss {

// The shortest decimal text that reads back as exactly `v` ("20", "0.005", "1.5e-07").
std::string shortest_number(double v);

// The parts joined with `sep` ("sma_10_20_crossover+rsi_momentum").
std::string join(const std::vector<std::string>& parts, char sep);

// The inverse of join: "a+b" -> {"a", "b"}; "" -> {""}; empty parts are kept.
std::vector<std::string> split(const std::string& text, char sep);

}  // namespace kiss
