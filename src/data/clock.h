// The wall clock, for the edges that need it (refresh dates, records). The core never reads it.
#pragma once
#include <cstdint>
#include <string>

#include "util/date.h"

namespace kiss::data {

// Today's date on the exchange's calendar (NSE: UTC + 5:30 = 19800 s).
Date exchange_today(std::int64_t gmtoffset_s = 19800);

// Now as ISO-8601 UTC with seconds, e.g. "2025-08-08T12:30:05Z".
std::string utc_timestamp();

}  // namespace kiss::data
