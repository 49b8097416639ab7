#include "track/run.h"

#include <filesystem>
#include <system_error>
#include <utility>

#include "daily/prices.h"
#include "daily/setup.h"
#include "store/database.h"
#include "store/price_store.h"
#include "track/render.h"
#include "util/file.h"
#include "util/version.h"

namespace kiss::track {

namespace {

Result<Date> parse_option_date(const std::string& text, const char* option) {
  auto d = parse_iso_date(text);
  if (!d) {
    return make_error("'" + text + "' is not a date YYYY-MM-DD", {}, 0, 0, option,
                      ExitCode::kUsage);
  }
  return *d;
}

std::string output_folder(const Request& request, const Config& config) {
  if (request.output) return *request.output;
  std::string dir = config.reports_output_dir;
  if (!dir.empty() && dir.back() != '/') dir += '/';
  return dir + "track_record";
}

}  // namespace

Result<Outcome> run_track_record(const Request& request, daily::Events& events) {
  auto from = parse_option_date(request.from, "--from");
  if (!from) return tl::unexpected(std::move(from.error()));
  auto to = parse_option_date(request.to, "--to");
  if (!to) return tl::unexpected(std::move(to.error()));
  if (*from > *to) {
    return make_error("--from " + request.from + " is after --to " + request.to, {}, 0, 0, "--from",
                      ExitCode::kUsage);
  }
  daily::Request dr;
  dr.config_path = request.config_path;
  dr.rules_path = request.rules_path;
  dr.freeze_data = request.to;  // the bars up to the last day of the replay
  dr.jobs = request.jobs;
  auto setup = daily::load_setup(dr);
  if (!setup) return tl::unexpected(std::move(setup.error()));
  events.step(1, 4, daily::setup_text(*setup));

  auto db = store::Database::open_read_only(setup->config.database_path);
  if (!db) return tl::unexpected(std::move(db.error()));
  store::PriceStore prices(*db);
  const std::vector<std::string> wanted = daily::wanted_symbols(*setup);
  auto market = daily::load_market(*setup, wanted, prices, events);
  if (!market) return tl::unexpected(std::move(market.error()));
  events.step(2, 4,
              "Prices loaded: " + std::to_string(market->stocks.size()) + " stocks up to " +
                  request.to + " (database opened read-only)");

  Inputs in;
  in.config = &setup->config;
  in.rules = &setup->rules;
  in.stocks = market->stocks;
  in.benchmark = market->benchmark;
  in.from = *from;
  in.to = *to;
  in.jobs = daily::worker_count(setup->config);
  auto record = replay(in, [&](int done, int total) { events.progress(done, total); });
  events.end_progress();
  if (!record) return tl::unexpected(std::move(record.error()));
  Outcome out;
  out.record = std::move(*record);
  out.figures = compute_figures(out.record);
  events.step(3, 4,
              "Replayed " + std::to_string(out.figures.days) + " trading days, " +
                  std::to_string(out.figures.trades) + " closed positions");

  const std::vector<MonthReturn> months = monthly_returns(out.record);
  About about;
  // The command that reproduces the record (-o and --jobs do not change a byte of it).
  about.command = "kiss-signal track-record --from " + format_date(*from) + " --to " +
                  format_date(*to);
  about.version = version();
  about.config_hash = setup->config.hash;
  about.benchmark = setup->config.benchmark_symbol;
  about.stocks = static_cast<int>(market->stocks.size());
  about.capital = setup->config.portfolio_initial_capital;
  about.max_open_positions = setup->config.max_open_positions;
  const std::string dir = output_folder(request, setup->config);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return make_error("cannot create the folder: " + ec.message(), dir, 0, 0, "-o");
  const std::string stem = dir + "/track_record_" + format_date(*from) + "_" + format_date(*to);
  const std::pair<std::string, std::string> files[] = {
      {stem + ".md", markdown_report(out.record, out.figures, months, about)},
      {stem + ".html", html_report(out.record, out.figures, months, about)},
      {dir + "/equity.csv", equity_csv(out.record)},
      {dir + "/trades.csv", trades_csv(out.record)},
  };
  for (const auto& [path, bytes] : files) {
    if (auto st = write_file_atomic(path, bytes, "-o"); !st) return tl::unexpected(st.error());
    out.files.push_back(path);
  }
  events.step(4, 4, "Track record written to " + out.files.front());
  return out;
}

}  // namespace kiss::track
