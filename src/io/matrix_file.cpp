#include "irisac/io/matrix_file.hpp"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <fstream>
#include <sstream>
#include <vector>

#include "irisac/io/input_error.hpp"

namespace irisac::io {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string format_double(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// Parses "1.5", "-2e-3", "1.5-0.25j", "(1.5-0.25j)", "0.25j".
bool parse_complex(std::string s, Complex& out) {
  s.erase(0, s.find_first_not_of(" \t\r"));
  s.erase(s.find_last_not_of(" \t\r") + 1);
  if (s.size() >= 2 && s.front() == '(' && s.back() == ')') s = s.substr(1, s.size() - 2);
  if (s.empty()) return false;
  const char* b = s.c_str();
  char* end = nullptr;
  const double a = std::strtod(b, &end);
  if (end == b) return false;
  if (*end == '\0') {
    out = {a, 0.0};
    return true;
  }
  if ((*end == 'j' || *end == 'i') && end[1] == '\0') {
    out = {0.0, a};
    return true;
  }
  const char* rest = end;
  const double im = std::strtod(rest, &end);
  if (end == rest || !((*end == 'j' || *end == 'i') && end[1] == '\0')) return false;
  out = {a, im};
  return true;
}

}  // namespace

CMat read_matrix(const std::string& path, const MatrixFileLimits& limits) {
  if (ends_with(path, ".npy")) return read_npy(path, limits);
  if (ends_with(path, ".csv")) return read_csv_matrix(path, limits);
  throw InputError(path, "", "a .npy or .csv matrix file", "the extension of '" + path + "'");
}

namespace {

// The whole file, after checking that it is a regular file of at most max_bytes (a link to
// /dev/zero or a directory is refused before anything is read).
std::string matrix_file_slurp(const std::string& path, const MatrixFileLimits& limits, const char* what) {
  std::error_code ec;
  const auto st = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(st))
    throw InputError(path, "", std::string("a readable ") + what + " file", "no such file or it cannot be read");
  if (!std::filesystem::is_regular_file(st))
    throw InputError(path, "", std::string("a regular ") + what + " file", "a directory, device or other special file");
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw InputError(path, "", std::string("a readable ") + what + " file", "its size cannot be read");
  if (size > static_cast<std::uintmax_t>(limits.max_bytes))
    throw InputError(path, "", "a file of at most " + std::to_string(limits.max_bytes) +
                                   " bytes (limits.file_bytes; raise it with [limits] file_bytes = N)",
                     std::to_string(size) + " bytes");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "", std::string("a readable ") + what + " file", "it cannot be opened");
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (in.gcount() != static_cast<std::streamsize>(size))
    throw InputError(path, "", std::to_string(size) + " bytes", "a file that changed while it was read");
  return bytes;
}

// A Python literal of the .npy header: 'key': value. Returns the text after the colon.
std::optional<std::string_view> npy_field(std::string_view header, const char* key) {
  std::string quoted = "'";
  quoted += key;
  quoted += '\'';
  const auto k = header.find(quoted);
  if (k == std::string_view::npos) return std::nullopt;
  auto colon = header.find_first_not_of(" ", k + quoted.size());
  if (colon == std::string_view::npos || header[colon] != ':') return std::nullopt;
  return header.substr(colon + 1);
}

std::string_view npy_trim(std::string_view s) {
  const auto a = s.find_first_not_of(" ");
  if (a == std::string_view::npos) return {};
  return s.substr(a, s.find_last_not_of(" ") - a + 1);
}

// A shape entry: decimal digits only, below 2^62 (no sign, no letters, no overflow).
bool npy_dim(std::string_view tok, std::int64_t& out) {
  tok = npy_trim(tok);
  if (tok.empty() || tok.size() > 18) return false;
  std::int64_t v = 0;
  for (char c : tok) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

}  // namespace

CMat read_npy(const std::string& path, const MatrixFileLimits& limits) {
  return parse_npy(matrix_file_slurp(path, limits, ".npy"), path, limits);
}

CMat parse_npy(std::string_view bytes, const std::string& path, const MatrixFileLimits& limits) {
  if (bytes.size() < 10 || std::memcmp(bytes.data(), "\x93NUMPY", 6) != 0)
    throw InputError(path, "", "a .npy file", "no NumPy magic");
  const int major = static_cast<unsigned char>(bytes[6]);
  if (major < 1 || major > 3)
    throw InputError(path, "", "a .npy format version 1, 2 or 3", "version " + std::to_string(major));
  const auto u8 = [&](std::size_t i) { return static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[i])); };
  std::uint64_t hlen = 0;
  std::size_t data_at = 0;
  if (major == 1) {
    hlen = u8(8) | (u8(9) << 8);
    data_at = 10;
  } else {
    if (bytes.size() < 12) throw InputError(path, "", "a complete .npy header", "a truncated file");
    hlen = u8(8) | (u8(9) << 8) | (u8(10) << 16) | (u8(11) << 24);
    data_at = 12;
  }
  // The header length is checked against the file before it is believed.
  if (hlen > bytes.size() - data_at)
    throw InputError(path, "", "a header of at most the file's " + std::to_string(bytes.size() - data_at) + " bytes",
                     "a header length of " + std::to_string(hlen) + " bytes");
  const std::string_view header = bytes.substr(data_at, static_cast<std::size_t>(hlen));
  data_at += static_cast<std::size_t>(hlen);
  // The header is a Python dict literal: {'descr': '<c16', 'fortran_order': False, 'shape': (4, 3), }
  std::string descr;
  if (const auto v = npy_field(header, "descr")) {
    const auto a = v->find('\''), b = a == std::string_view::npos ? a : v->find('\'', a + 1);
    if (b != std::string_view::npos) descr = std::string(v->substr(a + 1, b - a - 1));
  }
  const bool is_complex = descr == "<c16";
  if (!is_complex && descr != "<f8")
    throw InputError(path, "", "dtype complex128 ('<c16') or float64 ('<f8')", "'" + descr + "'");
  bool fortran = false;
  if (const auto v = npy_field(header, "fortran_order")) {
    const auto t = npy_trim(*v);
    if (t.rfind("True", 0) == 0)
      fortran = true;
    else if (t.rfind("False", 0) != 0)
      throw InputError(path, "", "fortran_order True or False", "'" + std::string(t.substr(0, 10)) + "'");
  } else {
    throw InputError(path, "", "a header with 'fortran_order'", "none");
  }
  const auto v = npy_field(header, "shape");
  const auto open = v ? v->find_first_not_of(" ") : std::string_view::npos;
  const auto close = v ? v->find(')') : std::string_view::npos;
  if (!v || open == std::string_view::npos || (*v)[open] != '(' || close == std::string_view::npos || close < open)
    throw InputError(path, "", "a header with 'shape': (rows, cols)", "no shape tuple");
  std::vector<std::int64_t> shape;
  {
    std::string_view inner = v->substr(open + 1, close - open - 1);
    while (!inner.empty()) {
      const auto comma = inner.find(',');
      const std::string_view tok = inner.substr(0, comma);
      if (!npy_trim(tok).empty() || comma != std::string_view::npos) {
        std::int64_t d = 0;
        if (!npy_dim(tok, d))
          throw InputError(path, "", "a shape of non-negative integers", "'(" + std::string(v->substr(open + 1, close - open - 1)) + ")'");
        shape.push_back(d);
        if (shape.size() > 2) break;
      }
      if (comma == std::string_view::npos) break;
      inner.remove_prefix(comma + 1);
      if (npy_trim(inner).empty()) break;  // a trailing comma, as in (4,)
    }
  }
  if (shape.empty() || shape.size() > 2)
    throw InputError(path, "", "a 1-D or 2-D array", std::to_string(shape.size()) + " dimensions");
  const std::int64_t rows = shape[0], cols = shape.size() == 2 ? shape[1] : 1;
  if (rows < 1 || cols < 1) throw InputError(path, "", "a non-empty matrix", std::to_string(rows) + " x " + std::to_string(cols));
  const std::uint64_t entry_bytes = (is_complex ? 2 : 1) * sizeof(double);
  // rows x cols is compared by division, so it is never computed when it would overflow.
  if (cols > limits.max_entries / rows)
    throw InputError(path, "", "at most " + std::to_string(limits.max_entries) +
                                   " entries (limits.matrix_entries; raise it with [limits] matrix_entries = N)",
                     "a shape of " + std::to_string(rows) + " x " + std::to_string(cols));
  const auto count = static_cast<std::uint64_t>(rows) * static_cast<std::uint64_t>(cols);
  const std::uint64_t have = bytes.size() - data_at;
  const std::string want_text = " data bytes for a shape of " + std::to_string(rows) + " x " + std::to_string(cols) + " " + descr;
  if (count > have / entry_bytes)
    throw InputError(path, "", "a shape that fits the file's " + std::to_string(have) + " data bytes", "a shape of " +
                     std::to_string(rows) + " x " + std::to_string(cols) + " " + descr + " (a truncated file or a wrong shape)");
  if (count * entry_bytes != have)
    throw InputError(path, "", std::to_string(count * entry_bytes) + want_text, std::to_string(have) + " (trailing bytes)");
  const char* data = bytes.data() + data_at;
  const auto scalar = [&](std::uint64_t k) {
    double d = 0.0;
    std::memcpy(&d, data + k * sizeof(double), sizeof(double));
    return d;
  };
  CMat out(static_cast<Index>(rows), static_cast<Index>(cols));
  for (Index r = 0; r < out.rows(); ++r)
    for (Index c = 0; c < out.cols(); ++c) {
      const auto k = static_cast<std::uint64_t>(fortran ? c * out.rows() + r : r * out.cols() + c);
      out(r, c) = is_complex ? Complex{scalar(2 * k), scalar(2 * k + 1)} : Complex{scalar(k), 0.0};
    }
  if (!out.allFinite()) throw InputError(path, "", "finite values", "NaN or infinity");
  return out;
}

CMat read_csv_matrix(const std::string& path, const MatrixFileLimits& limits) {
  return parse_csv_matrix(matrix_file_slurp(path, limits, "CSV"), path, limits);
}

CMat parse_csv_matrix(std::string_view text, const std::string& path, const MatrixFileLimits& limits) {
  std::vector<Complex> values;
  std::size_t ncols = 0, nrows = 0;
  std::size_t lineno = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#' || line.find_first_not_of(" \t") == std::string_view::npos) continue;
    const std::string at = path + ":" + std::to_string(lineno);
    std::size_t col = 0, start = 0;
    for (;;) {
      const auto comma = line.find(',', start);
      const std::string cell(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
      ++col;
      Complex z;
      if (cell.find('\0') != std::string::npos)
        throw InputError(at, "column " + std::to_string(col), "text", "a NUL byte");
      if (cell.find_first_not_of(" \t") == std::string::npos)
        throw InputError(at, "column " + std::to_string(col), "a number (no empty cell or trailing separator)",
                         "an empty cell");
      if (!parse_complex(cell, z) || !std::isfinite(z.real()) || !std::isfinite(z.imag()))
        throw InputError(at, "column " + std::to_string(col), "a finite real or complex number like 1.5-0.25j",
                         "'" + cell.substr(0, 40) + (cell.size() > 40 ? "...'" : "'"));
      if (values.size() >= static_cast<std::size_t>(limits.max_entries))
        throw InputError(at, "", "at most " + std::to_string(limits.max_entries) +
                                     " entries (limits.matrix_entries; raise it with [limits] matrix_entries = N)",
                         "more");
      values.push_back(z);
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    if (nrows > 0 && col != ncols)
      throw InputError(at, "", std::to_string(ncols) + " columns (a rectangular matrix)", std::to_string(col));
    ncols = col;
    ++nrows;
  }
  if (nrows == 0) throw InputError(path, "", "at least one row", "an empty file");
  CMat out(static_cast<Index>(nrows), static_cast<Index>(ncols));
  for (std::size_t r = 0; r < nrows; ++r)
    for (std::size_t c = 0; c < ncols; ++c) out(static_cast<Index>(r), static_cast<Index>(c)) = values[r * ncols + c];
  return out;
}

void write_npy(const std::string& path, const CMat& m) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw InputError(path, "", "a writable file", "it cannot be created");
  std::string header = "{'descr': '<c16', 'fortran_order': False, 'shape': (" + std::to_string(m.rows()) + ", " +
                       std::to_string(m.cols()) + "), }";
  const std::size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  out.write("\x93NUMPY\x01\x00", 8);
  const auto hlen = static_cast<std::uint16_t>(header.size());
  const char lenbytes[2] = {static_cast<char>(hlen & 0xff), static_cast<char>(hlen >> 8)};
  out.write(lenbytes, 2);
  out.write(header.data(), static_cast<std::streamsize>(header.size()));
  for (Index r = 0; r < m.rows(); ++r)
    for (Index c = 0; c < m.cols(); ++c) {
      const double v[2] = {m(r, c).real(), m(r, c).imag()};
      out.write(reinterpret_cast<const char*>(v), sizeof v);
    }
}

void write_csv_matrix(const std::string& path, const CMat& m, const std::string& header_comment) {
  std::ofstream out(path);
  if (!out) throw InputError(path, "", "a writable file", "it cannot be created");
  std::stringstream hs(header_comment);
  std::string line;
  while (std::getline(hs, line)) out << "# " << line << '\n';
  for (Index r = 0; r < m.rows(); ++r) {
    for (Index c = 0; c < m.cols(); ++c) {
      const double im = m(r, c).imag();
      out << (c ? "," : "") << format_double(m(r, c).real()) << (std::signbit(im) ? "-" : "+")
          << format_double(std::abs(im)) << 'j';
    }
    out << '\n';
  }
}

}  // namespace irisac::io
