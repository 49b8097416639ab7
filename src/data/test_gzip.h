// Test-only: a gzip "bomb", `mib` MiB of zeros in about `mib` KB, for the body cap of http.h.
// Deflating a gigabyte takes seconds, so one MiB is deflated (Z_RLE: every match has distance
// 1, so a block does not depend on where it stands) and its block repeated; the trailer's CRC
// and length are those of the whole, so the result is a valid gzip file (gzip -t accepts it).
#pragma once
#include <zlib.h>

#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace kiss::data::testing {

inline std::string gzip_zeros(unsigned mib) {
  static const std::vector<unsigned char> zeros(1u << 20, 0);
  z_stream z;
  std::memset(&z, 0, sizeof z);
  if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_RLE) != Z_OK) throw std::runtime_error("zlib");
  std::vector<unsigned char> out(1u << 20);
  auto step = [&](std::size_t n, int flush) {
    z.next_in = const_cast<unsigned char*>(zeros.data());
    z.avail_in = static_cast<uInt>(n);
    z.next_out = out.data();
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, flush);
    return std::string(reinterpret_cast<const char*>(out.data()), out.size() - z.avail_out);
  };
  const std::string first = step(zeros.size(), Z_SYNC_FLUSH);  // gzip header + first MiB
  const std::string block = step(zeros.size(), Z_SYNC_FLUSH);  // any later MiB
  if (step(zeros.size(), Z_SYNC_FLUSH) != block) throw std::runtime_error("block not repeatable");
  std::string last = step(0, Z_FINISH);  // final empty block + trailer (CRC32, size mod 2^32)
  deflateEnd(&z);
  std::string gz = first;
  for (unsigned i = 1; i < mib; ++i) gz += block;
  const uLong one = crc32(0L, zeros.data(), static_cast<uInt>(zeros.size()));
  uLong crc = one;
  for (unsigned i = 1; i < mib; ++i)
    crc = crc32_combine(crc, one, static_cast<z_off_t>(zeros.size()));
  const unsigned long long size = static_cast<unsigned long long>(mib) << 20;
  for (int i = 0; i < 4; ++i) {
    last[last.size() - 8 + static_cast<std::size_t>(i)] = static_cast<char>((crc >> (8 * i)) &
                                                                            0xFF);
    last[last.size() - 4 + static_cast<std::size_t>(i)] = static_cast<char>((size >> (8 * i)) &
                                                                            0xFF);
  }
  return gz + last;
}

}  // namespace kiss::data::testing
