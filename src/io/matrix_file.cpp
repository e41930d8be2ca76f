#include "irisac/io/matrix_file.hpp"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <regex>
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

CMat read_matrix(const std::string& path) {
  if (ends_with(path, ".npy")) return read_npy(path);
  if (ends_with(path, ".csv")) return read_csv_matrix(path);
  throw InputError(path, "", "a .npy or .csv matrix file", "the extension of '" + path + "'");
}

CMat read_npy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "", "a readable .npy file", "no such file or it cannot be read");
  char magic[8];
  in.read(magic, 8);
  if (!in || std::memcmp(magic, "\x93NUMPY", 6) != 0) throw InputError(path, "", "a .npy file", "no NumPy magic");
  const int major = static_cast<unsigned char>(magic[6]);
  std::uint32_t hlen = 0;
  if (major == 1) {
    unsigned char b[2];
    in.read(reinterpret_cast<char*>(b), 2);
    hlen = static_cast<std::uint32_t>(b[0] | (b[1] << 8));
  } else {
    unsigned char b[4];
    in.read(reinterpret_cast<char*>(b), 4);
    hlen = static_cast<std::uint32_t>(b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<std::uint32_t>(b[3]) << 24));
  }
  std::string header(hlen, '\0');
  in.read(header.data(), hlen);
  if (!in) throw InputError(path, "", "a complete .npy header", "a truncated file");
  std::smatch m;
  std::string descr;
  if (std::regex_search(header, m, std::regex("'descr':\\s*'([^']+)'"))) descr = m[1];
  const bool fortran = header.find("'fortran_order': True") != std::string::npos;
  std::vector<Index> shape;
  if (std::regex_search(header, m, std::regex("'shape':\\s*\\(([^)]*)\\)"))) {
    std::stringstream ss(m[1]);
    std::string tok;
    while (std::getline(ss, tok, ','))
      if (tok.find_first_not_of(" ") != std::string::npos) shape.push_back(std::stol(tok));
  }
  if (shape.empty() || shape.size() > 2)
    throw InputError(path, "", "a 1-D or 2-D array", std::to_string(shape.size()) + " dimensions");
  const Index rows = shape[0], cols = shape.size() == 2 ? shape[1] : 1;
  const bool is_complex = descr == "<c16";
  if (!is_complex && descr != "<f8") throw InputError(path, "", "dtype complex128 ('<c16') or float64 ('<f8')", "'" + descr + "'");
  const auto count = static_cast<std::size_t>(rows * cols);
  std::vector<double> data(count * (is_complex ? 2 : 1));
  in.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(data.size() * sizeof(double)));
  if (!in) throw InputError(path, "", std::to_string(count) + " elements", "a truncated file");
  CMat out(rows, cols);
  for (Index r = 0; r < rows; ++r)
    for (Index c = 0; c < cols; ++c) {
      const auto k = static_cast<std::size_t>(fortran ? c * rows + r : r * cols + c);
      out(r, c) = is_complex ? Complex{data[2 * k], data[2 * k + 1]} : Complex{data[k], 0.0};
    }
  if (!out.allFinite()) throw InputError(path, "", "finite values", "NaN or infinity");
  return out;
}

CMat read_csv_matrix(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path, "", "a readable CSV file", "no such file or it cannot be read");
  std::vector<std::vector<Complex>> rows;
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line[0] == '#' || line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::vector<Complex> row;
    std::stringstream ss(line);
    std::string cell;
    int col = 0;
    while (std::getline(ss, cell, ',')) {
      ++col;
      Complex z;
      if (!parse_complex(cell, z) || !std::isfinite(z.real()) || !std::isfinite(z.imag()))
        throw InputError(path + ":" + std::to_string(lineno), "column " + std::to_string(col),
                         "a finite real or complex number like 1.5-0.25j", "'" + cell + "'");
      row.push_back(z);
    }
    if (!rows.empty() && row.size() != rows.front().size())
      throw InputError(path + ":" + std::to_string(lineno), "", std::to_string(rows.front().size()) + " columns",
                       std::to_string(row.size()));
    rows.push_back(std::move(row));
  }
  if (rows.empty()) throw InputError(path, "", "at least one row", "an empty file");
  CMat out(static_cast<Index>(rows.size()), static_cast<Index>(rows.front().size()));
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < rows[r].size(); ++c) out(static_cast<Index>(r), static_cast<Index>(c)) = rows[r][c];
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
