#include "config/settings_snapshot.h"

#include <gtest/gtest.h>

namespace kiss {
namespace {

TEST(SettingsSnapshot, TheOriginalsKeysAsCompactJson) {
  Config c = default_config("/project");
  c.universe_path = "/project/data/nifty50.csv";
  c.hold_period = 15;
  c.edge_score_threshold = 0.55;
  c.min_trades_threshold = 7;
  EXPECT_EQ(settings_snapshot_json(c),
            "{\"universe_path\":\"data/nifty50.csv\",\"hold_period\":15,"
            "\"edge_score_threshold\":0.55,\"min_trades_threshold\":7,\"freeze_date\":null}");
  c.freeze_date = "2025-06-20";
  c.universe_path = "/elsewhere/u \"x\".csv";
  EXPECT_EQ(settings_snapshot_json(c),
            "{\"universe_path\":\"/elsewhere/u \\\"x\\\".csv\",\"hold_period\":15,"
            "\"edge_score_threshold\":0.55,\"min_trades_threshold\":7,"
            "\"freeze_date\":\"2025-06-20\"}");
}

TEST(SettingsSnapshot, DoesNotHoldTheConfigText) {
  Config c = default_config("/p");
  c.snapshot = std::string(1 << 20, '#');  // a 1 MB config.yaml
  EXPECT_LT(settings_snapshot_json(c).size(), 200u);
}

}  // namespace
}  // namespace kiss
