// Renders the HTML report in headless Chromium at a phone's width (390 px) and a desktop's
// (1280 px): the page must load without console errors, not overflow the screen sideways, keep
// its charts within their heights with text the size of the tables and every label clear of the
// plot, and produce a non-trivial screenshot at each width (kept as
// build/test-artifacts/report_<W>px.png for a human to look at).
//
// Chromium comes from scripts/install-deps (package `chromium`, installed unless
// KISS_WITH_BROWSER=0). When it is missing the tests FAIL, so CI cannot pass by silently
// skipping them; they skip only when KISS_WITH_BROWSER=0 says the browser was left out on
// purpose. KISS_CHROMIUM names another binary.
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "report/format.h"
#include "report/html.h"
#include "report/test_reports.h"
#include "util/test_temp_dir.h"

namespace kiss::report {
namespace {

namespace fs = std::filesystem;

std::optional<std::string> find_chromium() {
  if (const char* env = std::getenv("KISS_CHROMIUM"); env != nullptr && *env != '\0') return env;
  const char* path = std::getenv("PATH");
  if (path == nullptr) return std::nullopt;
  std::stringstream dirs(path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
      const fs::path p = fs::path(dir) / name;
      if (::access(p.c_str(), X_OK) == 0) return p.string();
    }
  }
  return std::nullopt;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Console messages (uncaught exceptions, failed loads, CSP violations) that Chromium logged
// with --enable-logging=stderr. The report has no script, so any console line is a defect.
std::vector<std::string> console_lines(const std::string& log) {
  std::vector<std::string> out;
  std::stringstream s(log);
  std::string line;
  while (std::getline(s, line)) {
    if (line.find(":CONSOLE") != std::string::npos || line.find("Uncaught") != std::string::npos) {
      out.push_back(line);
    }
  }
  return out;
}

class Browser : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto found = find_chromium();
    if (!found) {
      const char* with = std::getenv("KISS_WITH_BROWSER");
      if (with != nullptr && std::string(with) == "0") {
        GTEST_SKIP() << "KISS_WITH_BROWSER=0: chromium left out on purpose";
      }
      FAIL() << "chromium not found: run scripts/install-deps (or set KISS_CHROMIUM, or "
                "KISS_WITH_BROWSER=0 to skip)";
    }
    chromium_ = *found;
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    tmp_ = make_test_temp_dir(std::string("report_browser_") + info->name());
  }
  void TearDown() override {
    if (!tmp_.empty()) fs::remove_all(tmp_);
  }

  fs::path write_page(const std::string& name, const std::string& html) {
    const fs::path p = tmp_ / name;
    std::ofstream(p, std::ios::binary) << html;
    return p;
  }

  // Runs headless Chromium on a local file with the network cut off (host resolver maps every
  // name to nothing), stdout and stderr to files. `mode` is "--dump-dom" or "--screenshot=F".
  // Returns the exit status.
  int run(const fs::path& page, const std::string& mode, int width = 390, int height = 2000) {
    const std::string cmd =
        "timeout 120 '" + chromium_ +
        "' --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
        " --disable-background-networking --disable-component-update --disable-sync"
        " --host-resolver-rules='MAP * ~NOTFOUND' --hide-scrollbars"
        " --force-device-scale-factor=1 --enable-logging=stderr --v=0"
        " --user-data-dir='" +
        (tmp_ / "profile").string() + "' --window-size=" + std::to_string(width) + "," +
        std::to_string(height) + " " + mode + " 'file://" + page.string() + "' > '" +
        (tmp_ / "out.txt").string() + "' 2> '" + (tmp_ / "err.txt").string() + "'";
    const int status = std::system(cmd.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::string out() const { return read(tmp_ / "out.txt"); }
  std::string err() const { return read(tmp_ / "err.txt"); }

  std::string chromium_;
  fs::path tmp_;
};

// The console check must be able to fail: a page that throws is caught.
TEST_F(Browser, ConsoleCheckSeesAScriptError) {
  const fs::path p = write_page(
      "throws.html", "<!DOCTYPE html><p>x</p><script>throw new Error('kiss-boom')</script>");
  ASSERT_EQ(run(p, "--dump-dom"), 0) << err();
  const auto lines = console_lines(err());
  ASSERT_FALSE(lines.empty()) << err();
  EXPECT_NE(lines[0].find("kiss-boom"), std::string::npos) << lines[0];
}

// The report inside an iframe of exactly `width` px (headless Chromium lays --dump-dom pages
// out at no less than 500 px whatever --window-size says, so the width is set by the frame,
// which media queries also follow). A script of the outer page measures the report once it has
// loaded and writes the figures into an attribute of the outer body, which --dump-dom prints:
//   ov   scrollWidth - innerWidth of the report (> 0: the page scrolls sideways)
//   td   the computed font size of the table cells, px
//   fs   the distinct computed font sizes of the chart texts, px
//   th   the largest rendered height of a chart text, px
//   ph   the tallest price chart (legend + plot), px;  lh the tallest equity chart, px
//   cut  labels of the margin that reach into their plot, or overlap each other, or stick out
//        of their margin
//   n    the number of price charts measured
//   hid  tables wider than the screen that are not in a box of their own that scrolls sideways
//        (their last columns would be out of reach)
// The report itself has no script; the probe lives outside it.
std::string probe_page(const std::string& report, int width) {
  return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body style=\"margin:0\">"
         "<textarea id=\"src\" style=\"display:none\">" +
         html_escape(report) +
         "</textarea><iframe id=\"f\" style=\"border:0;width:" + std::to_string(width) +
         "px;height:2000px\"></iframe><script>\n"
         "const f=document.getElementById('f');\n"
         "f.onload=()=>{const d=f.contentDocument,w=f.contentWindow;\n"
         " const px=e=>parseFloat(w.getComputedStyle(e).fontSize);\n"
         " const fs=new Set();let th=0;\n"
         " for(const t of d.querySelectorAll('.chart text')){fs.add(px(t));"
         "th=Math.max(th,t.getBoundingClientRect().height);}\n"
         " let ph=0,lh=0,cut=[],n=0;\n"
         " for(const c of d.querySelectorAll('.chart')){const h=c.getBoundingClientRect().height;\n"
         "  if(c.classList.contains('price')){ph=Math.max(ph,h);n++;}else lh=Math.max(lh,h);\n"
         "  const plot=c.querySelector('svg.plot').getBoundingClientRect(),"
         "mg=c.querySelector('svg.mg').getBoundingClientRect();\n"
         "  const rs=[...c.querySelectorAll('svg.mg text')].map(t=>[t.textContent,"
         "t.getBoundingClientRect()]);\n"
         "  rs.forEach(([s,r],i)=>{if(r.left<plot.right||r.right>mg.right+0.5)cut.push(s+' "
         "outside');\n"
         "   rs.slice(i+1).forEach(([s2,r2])=>{if(r.bottom>r2.top+1&&r2.bottom>r.top+1)"
         "cut.push(s+' / '+s2);});});}\n"
         " document.body.setAttribute('data-m',JSON.stringify({"
         "ov:d.documentElement.scrollWidth-w.innerWidth,td:px(d.querySelector('td')),"
         "fs:[...fs],th:th,ph:ph,lh:lh,cut:cut,n:n,"
         "hid:[...d.querySelectorAll('table')].filter(t=>t.getBoundingClientRect().right>"
         "w.innerWidth&&w.getComputedStyle(t.parentElement).overflowX!=='auto').length}));};\n"
         "f.srcdoc=document.getElementById('src').value;\n"
         "</script></body></html>";
}

// The number after `"key":` in the probe's JSON (as printed in the DOM, quotes as &quot;).
double field(const std::string& dom, const std::string& key) {
  const std::string k = "&quot;" + key + "&quot;:";
  const std::size_t p = dom.find(k);
  if (p == std::string::npos) return std::nan("");
  return std::strtod(dom.c_str() + p + k.size(), nullptr);
}
std::string raw_field(const std::string& dom, const std::string& key) {
  const std::string k = "&quot;" + key + "&quot;:";
  const std::size_t p = dom.find(k);
  if (p == std::string::npos) return "";
  const std::size_t e = dom.find(']', p);
  return dom.substr(p + k.size(), e == std::string::npos ? 40 : e - p - k.size() + 1);
}

struct Width {
  int px;
  double max_price_chart;  // px: "at most about 320 on a phone, 420 on a desktop"
  double table_text;       // the table's text size at this width (html.cc)
};

class BrowserWidth : public Browser, public ::testing::WithParamInterface<Width> {};

// The page loads with no console line, keeps its tables and charts, does not scroll sideways,
// and its charts fit: heights within the limit, chart text the size of the table text (not
// scaled up or down by a viewBox), every label in its margin clear of the plot and of the
// other labels.
TEST_P(BrowserWidth, ReportFitsTheScreen) {
  const Width w = GetParam();
  const DailyReport r = testing::full_report();
  const std::string html = render_html(r);
  const fs::path page = write_page("probe.html", probe_page(html, w.px));
  ASSERT_EQ(run(page, "--dump-dom"), 0) << err();
  const std::string dom = out();
  const auto console = console_lines(err());
  EXPECT_TRUE(console.empty()) << console.front();
  const std::size_t m = dom.find("data-m=");
  ASSERT_NE(m, std::string::npos) << "the probe did not run: " << dom.substr(0, 300);
  std::cout << w.px << " px: " << dom.substr(m, dom.find('>', m) - m) << "\n";
  EXPECT_EQ(field(dom, "n"), static_cast<double>(r.charts.size()));
  EXPECT_LE(field(dom, "ov"), 0) << "the page is wider than " << w.px << " px";
  EXPECT_EQ(field(dom, "td"), w.table_text);
  EXPECT_EQ(raw_field(dom, "fs"), "[" + std::to_string(static_cast<int>(w.table_text)) + "]")
      << "chart text must be the table's size";
  EXPECT_GE(field(dom, "th"), w.table_text);  // rendered, not shrunk by a viewBox
  EXPECT_LE(field(dom, "th"), w.table_text * 1.5);
  EXPECT_GT(field(dom, "ph"), 200);
  EXPECT_LE(field(dom, "ph"), w.max_price_chart);
  EXPECT_LE(field(dom, "lh"), w.max_price_chart);
  EXPECT_EQ(raw_field(dom, "cut"), "[]");
  EXPECT_EQ(field(dom, "hid"), 0);
}

// The probe must be able to fail: a page made wider than the phone, with chart text blown up
// and the margins pulled over their plots, is caught on each count.
TEST_F(Browser, ProbeSeesABrokenLayout) {
  std::string html = render_html(testing::full_report());
  html.insert(html.find("</head>"),
              "<style>body{min-width:600px}.chart svg text{font-size:22px}"
              ".chart svg.mg{margin-left:-60px}.scroll{overflow-x:visible}</style>");
  const fs::path page = write_page("broken.html", probe_page(html, 390));
  ASSERT_EQ(run(page, "--dump-dom"), 0) << err();
  const std::string dom = out();
  EXPECT_GT(field(dom, "ov"), 0) << dom.substr(0, 300);
  EXPECT_EQ(raw_field(dom, "fs"), "[22]");
  EXPECT_NE(raw_field(dom, "cut"), "[]");
  EXPECT_FALSE(raw_field(dom, "cut").empty());
  EXPECT_GT(field(dom, "hid"), 0);
}

std::uint32_t be32(const std::string& s, std::size_t at) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) << 24) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 3]));
}

// A screenshot of the whole report at the width (kept as <build>/test-artifacts/report_<W>px.png
// with the page, for a human to look at): a PNG of that size, not blank.
TEST_P(BrowserWidth, Screenshot) {
  const Width w = GetParam();
  fs::path artifacts = fs::read_symlink("/proc/self/exe").parent_path() / "test-artifacts";
  fs::create_directories(artifacts);
  const fs::path shot = artifacts / ("report_" + std::to_string(w.px) + "px.png");
  fs::remove(shot);
  const std::string html = render_html(testing::full_report());
  std::ofstream(artifacts / "report.html", std::ios::binary) << html;  // to open by hand
  const fs::path page = write_page("report.html", html);
  ASSERT_EQ(run(page, "--screenshot=" + shot.string(), w.px, 4000), 0) << err();

  const std::string png = read(shot);
  ASSERT_GE(png.size(), 24u) << "no screenshot written at " << shot;
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(png.substr(12, 4), "IHDR");
  EXPECT_EQ(be32(png, 16), static_cast<std::uint32_t>(w.px));
  EXPECT_EQ(be32(png, 20), 4000u);
  // "Non-trivial": PNG compresses a blank page to a few KB (6,364 bytes at 390x2000, Chromium
  // 156, Debian 12); this report's text, tables and charts to well over 100 KB.
  EXPECT_GT(png.size(), 60000u) << "screenshot looks blank: " << png.size() << " bytes";
  std::cout << "screenshot: " << shot.string() << " (" << png.size() << " bytes)\n";
}

INSTANTIATE_TEST_SUITE_P(PhoneAndDesktop, BrowserWidth,
                         ::testing::Values(Width{390, 320, 13}, Width{1280, 420, 14}),
                         [](const auto& info) { return std::to_string(info.param.px) + "px"; });

}  // namespace
}  // namespace kiss::report
