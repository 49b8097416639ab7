// The rule catalog's shared parts (see catalog_parts.h).
#include "rules/catalog_parts.h"

#include <cstdint>
#include <utility>

namespace kiss::catalog {

ParamSpec period(std::string_view name, int def, int min, int max, std::string_view doc) {
  return ParamSpec{name,
                   Kind::kInt,
                   static_cast<double>(def),
                   static_cast<double>(min),
                   static_cast<double>(max),
                   false,
                   false,
                   {},
                   doc};
}
ParamSpec number(std::string_view name, double def, double min, double max, std::string_view doc,
                 bool min_open) {
  return ParamSpec{name, Kind::kDouble, def, min, max, min_open, false, {}, doc};
}
ParamSpec required_number(std::string_view name, double min, double max, std::string_view doc,
                          bool min_open) {
  return ParamSpec{name, Kind::kDouble, 0.0, min, max, min_open, true, {}, doc};
}
ParamSpec required_period(std::string_view name, int min, int max, std::string_view doc) {
  return ParamSpec{name, Kind::kInt, 0.0, static_cast<double>(min), static_cast<double>(max), false,
                   true, {},         doc};
}
ParamSpec text(std::string_view name, std::string_view def, std::string_view doc) {
  return ParamSpec{name, Kind::kString, 0.0, 0.0, 0.0, false, false, def, doc};
}

RuleSpec make_spec(std::string_view name, std::string_view description, std::string_view formula,
                   std::vector<ParamSpec> params) {
  RuleSpec s;
  s.name = name;
  s.description = description;
  s.formula = formula;
  s.params = std::move(params);
  return s;
}

int zero_warmup(const Args&) { return 0; }

// The mask helpers compare through rules/compare.h (ties within 1e-9 relative are equal), which
// keeps the IEEE rule that every ordered comparison (<, <=, >, >=) with a NaN operand is false,
// so "NaN input gives false" needs no branch. They read
// and write through raw pointers taken before the loop: a byte store through Mask::operator[] may
// alias any object (uint8_t is a character type), including the input vectors' own data pointers,
// which the compiler would then reload on every bar and not vectorise.
static_assert(std::numeric_limits<double>::is_iec559);

// a crosses above b on bar t.
Mask cross_above(const Col& a, const Col& b) {
  Mask m(a.size(), 0);
  const double* pa = a.data();
  const double* pb = b.data();
  std::uint8_t* out = m.data();
  for (std::size_t t = 1; t < m.size(); ++t) {
    out[t] = static_cast<std::uint8_t>(cmp::gt(pa[t], pb[t]) && cmp::le(pa[t - 1], pb[t - 1]));
  }
  return m;
}

// a crosses below b on bar t (the mirror of cross_above).
Mask cross_below(const Col& a, const Col& b) {
  Mask m(a.size(), 0);
  const double* pa = a.data();
  const double* pb = b.data();
  std::uint8_t* out = m.data();
  for (std::size_t t = 1; t < m.size(); ++t) {
    out[t] = static_cast<std::uint8_t>(cmp::lt(pa[t], pb[t]) && cmp::ge(pa[t - 1], pb[t - 1]));
  }
  return m;
}

Mask greater(const Col& a, const Col& b) {
  Mask m(a.size(), 0);
  const double* pa = a.data();
  const double* pb = b.data();
  std::uint8_t* out = m.data();
  for (std::size_t t = 0; t < m.size(); ++t)
    out[t] = static_cast<std::uint8_t>(cmp::gt(pa[t], pb[t]));
  return m;
}

Mask above(const Col& a, double level) {
  Mask m(a.size(), 0);
  const double* pa = a.data();
  std::uint8_t* out = m.data();
  for (std::size_t t = 0; t < m.size(); ++t)
    out[t] = static_cast<std::uint8_t>(cmp::gt(pa[t], level));
  return m;
}

Mask below(const Col& a, double level) {
  Mask m(a.size(), 0);
  const double* pa = a.data();
  std::uint8_t* out = m.data();
  for (std::size_t t = 0; t < m.size(); ++t)
    out[t] = static_cast<std::uint8_t>(cmp::lt(pa[t], level));
  return m;
}

// x[t] > level[t-1]: a break above the previous bar's channel.
Mask above_previous(const Col& x, const Col& level) {
  Mask m(x.size(), 0);
  const double* px = x.data();
  const double* pl = level.data();
  std::uint8_t* out = m.data();
  // A NaN level (warm-up) makes the comparison false.
  for (std::size_t t = 1; t < m.size(); ++t) {
    out[t] = static_cast<std::uint8_t>(cmp::gt(px[t], pl[t - 1]));
  }
  return m;
}

}  // namespace kiss::catalog
