#include "util/position.h"

namespace kiss {

std::string_view to_string(PositionStatus s) noexcept {
  switch (s) {
    case PositionStatus::kPending: return "PENDING";
    case PositionStatus::kOpen: return "OPEN";
    case PositionStatus::kClosed: return "CLOSED";
    case PositionStatus::kSkipped: return "SKIPPED";
  }
  return "PENDING";
}

std::optional<PositionStatus> parse_position_status(std::string_view text) noexcept {
  for (PositionStatus s : {PositionStatus::kPending, PositionStatus::kOpen, PositionStatus::kClosed,
                           PositionStatus::kSkipped}) {
    if (text == to_string(s)) return s;
  }
  return std::nullopt;
}

std::string_view to_string(FactKind k) noexcept {
  switch (k) {
    case FactKind::kFill: return "fill";
    case FactKind::kSkip: return "skip";
    case FactKind::kExit: return "exit";
  }
  return "fill";
}

std::optional<FactKind> parse_fact_kind(std::string_view text) noexcept {
  for (FactKind k : {FactKind::kFill, FactKind::kSkip, FactKind::kExit}) {
    if (text == to_string(k)) return k;
  }
  return std::nullopt;
}

}  // namespace kiss
