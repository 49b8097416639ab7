// Test helpers of the daily stage (used only by *_test.cc): events recorded as text, and a
// small project in a temporary folder (three stocks of the bundled sample, the W1 rules, the
// sample's CSV folder as data source, database and reports inside the folder).
#pragma once
#include <string>
#include <vector>

#include "config/test_files.h"
#include "daily/events.h"

namespace kiss::testing {

class RecordingEvents final : public daily::Events {
 public:
  void step(int n, int total, const std::string& text) override {
    // (Built with append: GCC 12's -Wrestrict misfires on "literal" + std::to_string(...).)
    std::string line = "[";
    line.append(std::to_string(n)).append("/").append(std::to_string(total)).append("] ");
    steps.push_back(line.append(text));
  }
  void warn(const std::string& text) override { warnings.push_back(text); }
  void error(const std::string& text) override { errors.push_back(text); }
  void info(const std::string& text) override { infos.push_back(text); }
  std::vector<std::string> steps, warnings, errors, infos;
};

inline std::string sample_prices() { return std::string(KISS_SOURCE_DIR) + "/data/sample/prices"; }

// config.yaml, rules.yaml and universe.csv in a fresh folder; `extra` is appended to the config.
class DailyProject {
 public:
  explicit DailyProject(const std::string& symbols = "RELIANCE\nTCS\nINFY\n",
                        const std::string& extra = "") {
    dir.write("universe.csv", "symbol\n" + symbols);
    config_path = dir.write("config.yaml",
                            "universe_path: universe.csv\n"
                            "database_path: kiss.db\n"
                            "reports_output_dir: reports/\n"
                            "min_trades_threshold: 5\n"
                            "edge_score_threshold: 0.5\n"
                            "walk_forward: {enabled: true, training_period: \"252b\", "
                            "testing_period: \"63b\", step_size: \"63b\", "
                            "min_trades_per_period: 1}\n"
                            "data_source: {type: csv, path: \"" +
                                sample_prices() + "\"}\n" + extra);
    rules_path = std::string(KISS_SOURCE_DIR) + "/tests/e2e/testdata/w1_rules.yaml";
  }
  std::string path(const std::string& rel) const { return dir.path() + "/" + rel; }

  TempDir dir;
  std::string config_path;
  std::string rules_path;
};

}  // namespace kiss::testing
