// The indicator spec parser (see spec.h); the indicators themselves are registry.cc.
#include "indicators/spec.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "util/text.h"

namespace kiss::ind {
namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0u : 1u)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string fmt_num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

tl::unexpected<Error> spec_error(std::string_view spec, std::string message) {
  return make_error(std::move(message), {}, 0, 0, std::string(spec));
}

const std::span<const double> series_of(const Bars& b, const std::string& src) {
  if (src == "open") return b.open;
  if (src == "high") return b.high;
  if (src == "low") return b.low;
  if (src == "volume") return b.volume;
  return b.close;
}

// The error of an unknown name: the nearest known one (a near miss only) and every known name.
tl::unexpected<Error> unknown_indicator(std::string_view whole, const std::string& name) {
  std::string best;
  std::size_t best_d = 3;  // suggest only near misses
  for (const IndicatorDef& d : catalog()) {
    const std::size_t dist = edit_distance(name, d.name);
    if (dist < best_d) best_d = dist, best = std::string(d.name);
  }
  std::string msg = "unknown indicator '" + name + "'";
  if (!best.empty()) msg += " (did you mean '" + best + "'?)";
  msg += "; known:";
  for (const IndicatorDef& d : catalog()) {
    msg += ' ';
    msg.append(d.name);
  }
  return spec_error(whole, msg);
}

// The arguments of "(a, b, c)" at the front of `rest` (removed from it), each without spaces;
// none when `rest` does not start with '('.
Result<std::vector<std::string>> parse_args(std::string_view whole, std::string_view& rest) {
  std::vector<std::string> args;
  if (rest.empty() || rest.front() != '(') return args;
  const std::size_t close = rest.find(')');
  if (close == std::string_view::npos) return spec_error(whole, "missing ')'");
  std::string_view inner = rest.substr(1, close - 1);
  rest = trim(rest.substr(close + 1));
  if (trim(inner).empty()) return args;
  while (true) {
    const std::size_t comma = inner.find(',');
    std::string a;
    for (char ch : inner.substr(0, comma))
      if (!std::isspace(static_cast<unsigned char>(ch))) a += ch;
    if (a.empty()) return spec_error(whole, "empty argument");
    args.push_back(a);
    if (comma == std::string_view::npos) break;
    inner.remove_prefix(comma + 1);
  }
  return args;
}

// Every parameter of out.def from `args` (defaults for the missing ones), each checked against
// its range; the column name gains '_' + each argument as written.
Status bind_params(std::string_view whole, const std::string& name,
                   const std::vector<std::string>& args, ParsedSpec& out) {
  const IndicatorDef* def = out.def;
  if (args.size() > def->params.size()) {
    std::string names;
    for (const ParamDef& p : def->params) {
      if (!names.empty()) names += ", ";
      names.append(p.name);
    }
    return spec_error(whole, "'" + name + "' takes at most " + std::to_string(def->params.size()) +
                                 " parameter(s)" + (names.empty() ? "" : " (" + names + ")") +
                                 ", got " + std::to_string(args.size()));
  }
  for (std::size_t i = 0; i < def->params.size(); ++i) {
    const ParamDef& p = def->params[i];
    if (i >= args.size()) {
      out.params.push_back(p.def);
      continue;
    }
    double v = 0.0;
    const std::string& a = args[i];
    auto [end, ec] = std::from_chars(a.data(), a.data() + a.size(), v);
    if (ec != std::errc() || end != a.data() + a.size() || !std::isfinite(v))
      return spec_error(whole,
                        "parameter " + std::string(p.name) + ": '" + a + "' is not a number");
    if (p.integer && v != std::floor(v))
      return spec_error(whole,
                        "parameter " + std::string(p.name) + " must be an integer, got " + a);
    if (v < p.min || v > p.max)
      return spec_error(whole, "parameter " + std::string(p.name) + " = " + a +
                                   " is out of range [" + fmt_num(p.min) + ", " + fmt_num(p.max) +
                                   "]");
    out.params.push_back(v);
    out.column += "_" + a;
  }
  return {};
}

}  // namespace

Result<ParsedSpec> parse_spec(std::string_view spec) {
  const std::string_view whole = trim(spec);
  std::string_view rest = whole;
  std::size_t k = 0;
  while (k < rest.size() && (std::isalnum(static_cast<unsigned char>(rest[k])) || rest[k] == '_'))
    ++k;
  const std::string name = lower(rest.substr(0, k));
  if (name.empty())
    return spec_error(whole, "expected an indicator name such as rsi(14) or macd(12,26,9)");
  const IndicatorDef* def = find_indicator(name);
  if (def == nullptr) return unknown_indicator(whole, name);
  rest = trim(rest.substr(k));
  ParsedSpec out;
  out.def = def;
  out.column = name;
  auto args = parse_args(whole, rest);
  if (!args) return tl::unexpected(args.error());
  out.source = "close";
  bool explicit_source = false;
  if (!rest.empty() && rest.front() == '@') {
    explicit_source = true;
    const std::string src = lower(trim(rest.substr(1)));
    if (def->inputs != Inputs::kSeries)
      return spec_error(whole, "'" + name + "' reads fixed price inputs; '@" + src +
                                   "' applies only to single-series indicators");
    if (src != "open" && src != "high" && src != "low" && src != "close" && src != "volume")
      return spec_error(whole, "unknown source '@" + src + "' (open, high, low, close, volume)");
    out.source = src;
    rest = {};
  }
  if (!rest.empty())
    return spec_error(whole, "unexpected '" + std::string(rest) + "' after the arguments");
  if (auto s = bind_params(whole, name, *args, out); !s) return tl::unexpected(s.error());
  // TA-Lib / talib_ref: bbands(p, k) means k standard deviations on both sides.
  if (def->name == "bbands" && args->size() == 2) out.params[2] = out.params[1];
  if (explicit_source) out.column += "@" + out.source;
  return out;
}

int spec_lookback(const ParsedSpec& spec) { return spec.def->lookback(spec.params); }

Result<std::vector<NamedColumn>> compute_spec(const ParsedSpec& spec, const Bars& bars) {
  const IndicatorDef& def = *spec.def;
  std::vector<std::vector<double>> values = compute_outputs(def, bars, series_of(bars, spec.source),
                                                            spec.params);
  std::vector<NamedColumn> cols(def.outputs.size());
  for (std::size_t i = 0; i < cols.size(); ++i) {
    cols[i].name = spec.column;
    if (!def.outputs[i].empty()) {
      cols[i].name += '.';
      cols[i].name.append(def.outputs[i]);
    }
    cols[i].values = std::move(values[i]);
  }
  return cols;
}

Result<std::vector<NamedColumn>> compute_spec(const std::string& spec, const Bars& bars) {
  auto parsed = parse_spec(spec);
  if (!parsed) return tl::unexpected(parsed.error());
  return compute_spec(*parsed, bars);
}

}  // namespace kiss::ind
