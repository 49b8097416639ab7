// DailyReport <-> JSON, so that each run stores the report it showed (in the same transaction
// as the run) and `report --date D` rebuilds that day's report from the database alone,
// byte for byte. NaN is stored as null.
#pragma once
#include <string>

#include "report/model.h"
#include "util/error.h"

namespace kiss::report {

std::string to_json(const DailyReport& r);
Result<DailyReport> from_json(const std::string& text);

}  // namespace kiss::report
