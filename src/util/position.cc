#include "util/position.h"

namespace kiss {

std::string_view to_string(PositionStatus s) noexcept {
  switch (s) {
    case PositionStatus::kPending: return "PENDING";
    case PositionStatus::kOpen: return "OPEN";
    case PositionStatus::kClosed: return "CLOSED";
  }
  return "PENDING";
}

std::optional<PositionStatus> parse_position_status(std::string_view text) noexcept {
  for (PositionStatus s :
       {PositionStatus::kPending, PositionStatus::kOpen, PositionStatus::kClosed}) {
    if (text == to_string(s)) return s;
  }
  return std::nullopt;
}

}  // namespace kiss
