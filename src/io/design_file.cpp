#include "irisac/io/design_file.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include "irisac/io/input_error.hpp"
#include "irisac/io/matrix_file.hpp"

namespace irisac::io {
namespace {

constexpr double design_file_modulus_tolerance = 1e-6;

std::string design_file_total(const std::vector<SurfaceSize>& s, Index& total) {
  total = 0;
  std::string desc;
  for (std::size_t i = 0; i < s.size(); ++i) {
    total += s[i].elements;
    desc += (i ? " + " : "") + std::to_string(s[i].elements) + " ('" + s[i].name + "')";
  }
  return desc;
}

bool design_file_is_tagged(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    return line.rfind("surface,element,phase_rad", 0) == 0;
  }
  return false;
}

// The CSV written by `irisac optimize --out`.
CVec design_file_read_tagged(const std::string& path, const std::vector<SurfaceSize>& surfaces, Index total,
                             const std::string& desc) {
  std::ifstream in(path);
  std::string line;
  int lineno = 0;
  bool header = false;
  CVec v(total);
  Index n = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    if (!header) {
      header = true;
      continue;
    }
    const std::string where = path + ":" + std::to_string(lineno);
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string c;
    while (std::getline(ss, c, ',')) cells.push_back(c);
    if (cells.size() != 5) throw InputError(where, "", "5 columns surface,element,phase_rad,real,imag", std::to_string(cells.size()) + " columns");
    if (n >= total) throw InputError(where, "", std::to_string(total) + " elements = " + desc, "more rows");
    // which surface row n belongs to
    Index acc = 0;
    std::size_t s = 0;
    while (s < surfaces.size() && n >= acc + surfaces[s].elements) acc += surfaces[s++].elements;
    if (cells[0] != surfaces[s].name)
      throw InputError(where, "surface", "surface '" + surfaces[s].name + "' (element " + std::to_string(n - acc) + ")",
                       "'" + cells[0] + "'");
    char* end = nullptr;
    const double re = std::strtod(cells[3].c_str(), &end);
    const bool ok_re = end != cells[3].c_str() && *end == '\0';
    const double im = std::strtod(cells[4].c_str(), &end);
    const bool ok_im = end != cells[4].c_str() && *end == '\0';
    if (!ok_re || !ok_im || !std::isfinite(re) || !std::isfinite(im))
      throw InputError(where, "real,imag", "finite numbers", "'" + cells[3] + "', '" + cells[4] + "'");
    const Complex z(re, im);
    if (std::abs(std::abs(z) - 1.0) > design_file_modulus_tolerance)
      throw InputError(where, "real,imag", "a unit-modulus coefficient (|v| = 1)", "|v| = " + std::to_string(std::abs(z)));
    v(n++) = z / std::abs(z);
  }
  if (n != total)
    throw InputError(path, "", std::to_string(total) + " elements = " + desc, std::to_string(n) + " rows");
  return v;
}

}  // namespace

CVec read_phases_file(const std::string& path, const std::vector<SurfaceSize>& surfaces) {
  Index total = 0;
  const std::string desc = design_file_total(surfaces, total);
  {
    std::ifstream probe(path);
    if (!probe) throw InputError(path, "", "a readable phases file", "no such file or it cannot be read");
  }
  if (design_file_is_tagged(path)) return design_file_read_tagged(path, surfaces, total, desc);
  const CMat m = read_matrix(path);
  if (!(m.rows() == 1 || m.cols() == 1))
    throw InputError(path, "", "one row or one column of " + std::to_string(total) + " phases",
                     std::to_string(m.rows()) + "×" + std::to_string(m.cols()) + " entries");
  const CVec x = m.rows() == 1 ? CVec(m.row(0).transpose()) : CVec(m.col(0));
  if (x.size() != total)
    throw InputError(path, "", std::to_string(total) + " phases (N of the surfaces: " + desc + ")",
                     std::to_string(x.size()));
  if (!x.allFinite()) throw InputError(path, "", "finite entries", "NaN or inf");
  CVec v(total);
  if (x.imag().cwiseAbs().maxCoeff() == 0.0) {  // real: phases in rad
    for (Index n = 0; n < total; ++n) v(n) = std::polar(1.0, x(n).real());
    return v;
  }
  for (Index n = 0; n < total; ++n) {
    const double a = std::abs(x(n));
    if (std::abs(a - 1.0) > design_file_modulus_tolerance)
      throw InputError(path, "entry " + std::to_string(n), "unit modulus (|v_n| = 1) or real phases in rad",
                       "|v_n| = " + std::to_string(a));
    v(n) = x(n) / a;
  }
  return v;
}

CMat read_precoder_file(const std::string& path, Index antennas, Index users) {
  const CMat W = read_matrix(path);
  if (W.rows() != antennas || W.cols() != users)
    throw InputError(path, "", "a precoder of " + std::to_string(antennas) + " rows (BS antennas) × " +
                                   std::to_string(users) + " columns (users)",
                     std::to_string(W.rows()) + "×" + std::to_string(W.cols()));
  if (!W.allFinite()) throw InputError(path, "", "finite entries", "NaN or inf");
  return W;
}

}  // namespace irisac::io
