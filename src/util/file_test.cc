#include "util/file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace kiss {
namespace {

namespace fs = std::filesystem;

class FileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = fs::temp_directory_path() /
            ("kiss_util_file_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  std::string p(const std::string& name) const { return (root_ / name).string(); }
  static std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::set<std::string> names() const {
    std::set<std::string> out;
    for (const auto& e : fs::directory_iterator(root_)) out.insert(e.path().filename().string());
    return out;
  }

  fs::path root_;
};

TEST_F(FileTest, WritesANewFileAndReplacesARegularOne) {
  ASSERT_TRUE(write_file_atomic(p("out.csv"), "a,b\n"));
  EXPECT_EQ(read(p("out.csv")), "a,b\n");
  ASSERT_TRUE(write_file_atomic(p("out.csv"), "c\n"));
  EXPECT_EQ(read(p("out.csv")), "c\n");
  EXPECT_EQ(names(), (std::set<std::string>{"out.csv"})) << "no temporary left behind";
}

TEST_F(FileTest, KeepsThePermissionBitsOfTheFileItReplaces) {
  std::ofstream(p("out.csv")) << "old";
  fs::permissions(p("out.csv"), fs::perms::owner_read | fs::perms::owner_write);
  ASSERT_TRUE(write_file_atomic(p("out.csv"), "new"));
  EXPECT_EQ(fs::status(p("out.csv")).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
}

// An existing "<name>.tmp" belongs to someone else: never opened, never removed.
TEST_F(FileTest, AnExistingDotTmpFileIsNeverTouched) {
  std::ofstream(p("out.csv.tmp")) << "someone else's";
  ASSERT_TRUE(write_file_atomic(p("out.csv"), "new"));
  EXPECT_EQ(read(p("out.csv.tmp")), "someone else's");
  EXPECT_EQ(names(), (std::set<std::string>{"out.csv", "out.csv.tmp"}));
}

TEST_F(FileTest, AFifoIsRefusedAndStaysAFifo) {
  ASSERT_EQ(::mkfifo(p("fifo").c_str(), 0600), 0);
  const auto s = write_file_atomic(p("fifo"), "x", "--trades");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().file, p("fifo"));
  EXPECT_EQ(s.error().key, "--trades");
  EXPECT_EQ(s.error().exit_code, ExitCode::kBadInput);
  EXPECT_NE(s.error().message.find("a FIFO (named pipe), not a regular file"), std::string::npos)
      << s.error().message;
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(p("fifo"))));
  EXPECT_EQ(names(), (std::set<std::string>{"fifo"}));
}

TEST_F(FileTest, AFolderIsRefusedWithoutAnErrnoText) {
  fs::create_directories(p("dir"));
  const auto s = write_file_atomic(p("dir"), "x");
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("is a folder"), std::string::npos) << s.error().message;
  EXPECT_EQ(s.error().message.find("Success"), std::string::npos) << s.error().message;
  EXPECT_TRUE(fs::is_directory(p("dir")));
}

// A link to a character device (/dev/null, only ever examined here, never written) or to a
// FIFO is refused; the link and what it points to stay.
TEST_F(FileTest, ALinkToADeviceOrAFifoIsRefused) {
  fs::create_symlink("/dev/null", p("null_link"));
  auto s = write_file_atomic(p("null_link"), "x");
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("symbolic link to a character device"), std::string::npos)
      << s.error().message;
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(p("null_link"))));
  EXPECT_TRUE(fs::is_character_file(fs::status("/dev/null")));

  ASSERT_EQ(::mkfifo(p("fifo").c_str(), 0600), 0);
  fs::create_symlink(p("fifo"), p("fifo_link"));
  s = write_file_atomic(p("fifo_link"), "x");
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("FIFO"), std::string::npos) << s.error().message;
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(p("fifo"))));

  fs::create_symlink(p("missing"), p("dangling"));
  s = write_file_atomic(p("dangling"), "x");
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("missing file"), std::string::npos) << s.error().message;
  EXPECT_FALSE(fs::exists(p("missing")));
  EXPECT_EQ(names(), (std::set<std::string>{"null_link", "fifo", "fifo_link", "dangling"}));
}

// A link to a regular file: the target gets the new bytes, the link stays a link.
TEST_F(FileTest, ALinkToARegularFileWritesItsTarget) {
  fs::create_directories(p("real"));
  std::ofstream(p("real/out.csv")) << "old";
  fs::create_symlink(p("real/out.csv"), p("link.csv"));
  ASSERT_TRUE(write_file_atomic(p("link.csv"), "new"));
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(p("link.csv"))));
  EXPECT_EQ(read(p("real/out.csv")), "new");
}

TEST_F(FileTest, AMissingFolderIsAnIoErrorNamingThePath) {
  const auto s = write_file_atomic(p("no/such/out.csv"), "x");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().file, p("no/such/out.csv"));
  EXPECT_EQ(s.error().exit_code, ExitCode::kRunFailed);
  EXPECT_NE(s.error().message.find("cannot create temporary file"), std::string::npos);
}

// Leftovers of a killed writer (".<name>.<pid>.<n>.tmp") go once ten minutes old; nothing else.
TEST_F(FileTest, StaleTemporariesAreRemovedAndNothingElse) {
  const auto old_time = fs::file_time_type::clock::now() - std::chrono::hours(1);
  for (const char* n : {".a.md.99.0.tmp", ".a.md.99.1.tmp", ".a.md.x.0.tmp", "a.md.tmp",
                        ".a.md.99.0.tmp.keep", ".b.md.99.0.tmp"}) {
    std::ofstream(root_ / n) << "partial";
  }
  for (const char* n :
       {".a.md.99.0.tmp", ".a.md.x.0.tmp", "a.md.tmp", ".a.md.99.0.tmp.keep", ".b.md.99.0.tmp"}) {
    fs::last_write_time(root_ / n, old_time);
  }
  ASSERT_TRUE(write_file_atomic(p("a.md"), "new"));
  EXPECT_EQ(names(), (std::set<std::string>{"a.md", ".a.md.99.1.tmp", ".a.md.x.0.tmp", "a.md.tmp",
                                            ".a.md.99.0.tmp.keep", ".b.md.99.0.tmp"}));
}

TEST_F(FileTest, TheTwoHalvesCheckTheDestinationAgain) {
  auto target = output_target(p("a.csv"));
  ASSERT_TRUE(target);
  auto tmp = write_temporary(*target, "bytes");
  ASSERT_TRUE(tmp);
  EXPECT_EQ(fs::path(*tmp).parent_path(), root_);
  EXPECT_EQ(read(*tmp), "bytes");
  ASSERT_EQ(::mkfifo(p("a.csv").c_str(), 0600), 0);
  const auto s = replace_with(*tmp, *target);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("FIFO"), std::string::npos);
  EXPECT_EQ(names(), (std::set<std::string>{"a.csv"})) << "the temporary is removed";
}

TEST_F(FileTest, ReadsARegularFileAndALinkToOne) {
  std::ofstream(p("c.yaml")) << "a: 1\n";
  fs::create_symlink(p("c.yaml"), p("link.yaml"));
  EXPECT_EQ(read_input_file(p("c.yaml"), 100).value(), "a: 1\n");
  EXPECT_EQ(read_input_file(p("link.yaml"), 100).value(), "a: 1\n");
  std::ofstream(p("empty"));
  EXPECT_EQ(read_input_file(p("empty"), 100).value(), "");
}

// A FIFO with no writer would block a plain open()/read() forever: refused at once.
TEST_F(FileTest, AFifoInputIsRefusedWithoutBlocking) {
  ASSERT_EQ(::mkfifo(p("fifo").c_str(), 0600), 0);
  fs::create_symlink(p("fifo"), p("fifo_link"));
  for (const std::string& path : {p("fifo"), p("fifo_link")}) {
    const auto r = read_input_file(path, 100, "config file");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().file, path);
    EXPECT_EQ(r.error().message, "config file is a FIFO (named pipe), not a regular file");
  }
}

TEST_F(FileTest, AFolderOrADeviceInputIsRefused) {
  fs::create_directories(p("dir"));
  auto r = read_input_file(p("dir"), 100, "rules file");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "rules file is a folder, not a regular file");
  r = read_input_file("/dev/null", 100, "config file");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "config file is a character device, not a regular file");
}

TEST_F(FileTest, AMissingInputNamesThePath) {
  const auto r = read_input_file(p("nope.yaml"), 100, "config file");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().file, p("nope.yaml"));
  EXPECT_EQ(r.error().message, "cannot open config file: No such file or directory");
}

TEST_F(FileTest, AnInputOverTheLimitIsRefused) {
  std::ofstream(p("big")) << std::string(101, 'x');
  std::ofstream(p("fits")) << std::string(100, 'x');
  const auto r = read_input_file(p("big"), 100, "config file");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "config file is 101 bytes, larger than the limit of 100 bytes");
  EXPECT_EQ(read_input_file(p("fits"), 100).value().size(), 100u);
  std::ofstream(p("mib")) << std::string((1 << 20) + 1, 'x');
  EXPECT_EQ(read_input_file(p("mib"), kMaxYamlBytes, "config file").error().message,
            "config file is 1048577 bytes, larger than the limit of 1 MiB");
}

TEST_F(FileTest, InputPathKind) {
  fs::create_directories(p("dir"));
  std::ofstream(p("f.csv")) << "x";
  ASSERT_EQ(::mkfifo(p("fifo").c_str(), 0600), 0);
  EXPECT_EQ(input_path_kind(p("dir")).value(), FileKind::kFolder);
  EXPECT_EQ(input_path_kind(p("f.csv")).value(), FileKind::kRegular);
  EXPECT_EQ(input_path_kind(p("fifo"), "import path").error().message,
            "import path is a FIFO (named pipe), not a regular file or a folder");
  EXPECT_EQ(input_path_kind(p("none")).error().message, "no such file or folder");
}

}  // namespace
}  // namespace kiss
