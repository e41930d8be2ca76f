// Channel exchange: export of a draw (npy, MAT v5 through matio, HDF5) and importers for SimRIS,
// quadriga-lib and Sionna RT files (docs/channel-exchange.md). Readers use matio and the HDF5 C API.
#include "irisac/io/channel_exchange.hpp"

#include <hdf5.h>
#include <matio.h>

#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "irisac/core/version.hpp"
#include "irisac/io/input_error.hpp"
#include "irisac/io/matrix_file.hpp"
#include "irisac/io/registry.hpp"

namespace irisac::io {
namespace fs = std::filesystem;
namespace {

/// Largest array an importer allocates (2^27 complex entries = 2 GiB): a corrupt header or a
/// hostile file fails with a message instead of a huge allocation.
constexpr std::size_t cx_max_entries = std::size_t{1} << 27;

std::string cx_sanitize(const std::string& s, bool identifier) {
  std::string out;
  for (char ch : s) {
    const bool ok = std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || (!identifier && (ch == '-' || ch == '.'));
    out += ok ? ch : '_';
  }
  return out;
}

// ---------------------------------------------------------------- MAT (matio)
struct CxMat {
  mat_t* p = nullptr;
  ~CxMat() {
    if (p) Mat_Close(p);
  }
};
struct CxMatVar {
  matvar_t* p = nullptr;
  ~CxMatVar() {
    if (p) Mat_VarFree(p);
  }
};

void cx_mat_write(mat_t* mat, const std::string& path, const std::string& name, const CMat& m) {
  std::vector<double> re(static_cast<std::size_t>(m.size())), im(re.size());
  for (Index j = 0; j < m.cols(); ++j)
    for (Index i = 0; i < m.rows(); ++i) {
      const auto k = static_cast<std::size_t>(i + m.rows() * j);  // column-major, as MATLAB
      re[k] = m(i, j).real();
      im[k] = m(i, j).imag();
    }
  mat_complex_split_t z{re.data(), im.data()};
  std::size_t dims[2] = {static_cast<std::size_t>(m.rows()), static_cast<std::size_t>(m.cols())};
  CxMatVar v{Mat_VarCreate(name.c_str(), MAT_C_DOUBLE, MAT_T_DOUBLE, 2, dims, &z, MAT_F_COMPLEX)};
  if (!v.p || Mat_VarWrite(mat, v.p, MAT_COMPRESSION_NONE) != 0)
    throw InputError(path, name, "a writable MAT variable", "matio could not write it");
}

/// A real or complex double/single MAT variable as a column-major array with its dims.
struct CxArray {
  std::vector<std::size_t> dims;
  std::vector<Complex> data;  // column-major (MATLAB) or C order (npy), as the reader says
};

CxArray cx_mat_read(const std::string& path, const std::string& name, const std::string& where) {
  CxMat mat{Mat_Open(path.c_str(), MAT_ACC_RDONLY)};
  if (!mat.p) throw InputError(where, "file", "a readable MAT v5/v7 file", "'" + path + "' cannot be opened by matio");
  CxMatVar v{Mat_VarRead(mat.p, name.c_str())};
  if (!v.p) {
    std::string names;
    Mat_Rewind(mat.p);
    while (matvar_t* info = Mat_VarReadNextInfo(mat.p)) {
      names += (names.empty() ? "" : ", ") + std::string(info->name ? info->name : "?");
      Mat_VarFree(info);
    }
    throw InputError(where, "variable", "a variable of " + path + " (" + (names.empty() ? "none" : names) + ")",
                     "\"" + name + "\"");
  }
  if ((v.p->class_type != MAT_C_DOUBLE && v.p->class_type != MAT_C_SINGLE) || !v.p->data)
    throw InputError(where, "variable", "a double or single numeric array in " + path, "variable " + name + " of another class");
  CxArray a;
  std::size_t n = 1;
  for (int d = 0; d < v.p->rank; ++d) {
    a.dims.push_back(v.p->dims[d]);
    n *= v.p->dims[d];
  }
  a.data.resize(n);
  const bool single = v.p->class_type == MAT_C_SINGLE;
  auto get = [&](const void* base, std::size_t k) {
    return single ? static_cast<double>(static_cast<const float*>(base)[k]) : static_cast<const double*>(base)[k];
  };
  if (v.p->isComplex) {
    const auto* z = static_cast<const mat_complex_split_t*>(v.p->data);
    for (std::size_t k = 0; k < n; ++k) a.data[k] = {get(z->Re, k), get(z->Im, k)};
  } else {
    for (std::size_t k = 0; k < n; ++k) a.data[k] = {get(v.p->data, k), 0.0};
  }
  return a;
}

// ---------------------------------------------------------------- HDF5
struct CxH5 {
  hid_t id = -1;
  herr_t (*close)(hid_t) = nullptr;
  CxH5(hid_t i, herr_t (*c)(hid_t)) : id(i), close(c) {}
  CxH5(const CxH5&) = delete;
  CxH5& operator=(const CxH5&) = delete;
  ~CxH5() {
    if (id >= 0 && close) close(id);
  }
};

void cx_h5_quiet() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

void cx_h5_string_attr(hid_t obj, const char* name, const std::string& value) {
  CxH5 t(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(t.id, std::max<std::size_t>(1, value.size()));
  CxH5 s(H5Screate(H5S_SCALAR), H5Sclose);
  CxH5 a(H5Acreate2(obj, name, t.id, s.id, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  H5Awrite(a.id, t.id, value.c_str());
}

/// A 2-D+ dataset (compound {re, im} of two floats, or real) as C-order complex values.
CxArray cx_h5_read(hid_t file, const std::string& name, const std::string& path, const std::string& where) {
  if (H5Lexists(file, name.c_str(), H5P_DEFAULT) <= 0)
    throw InputError(where, "variable", "a dataset of " + path, "\"" + name + "\" (absent)");
  CxH5 ds(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose);
  if (ds.id < 0) throw InputError(where, "variable", "a dataset of " + path, "\"" + name + "\" (not a dataset)");
  CxH5 type(H5Dget_type(ds.id), H5Tclose);
  CxH5 space(H5Dget_space(ds.id), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.id);
  if (rank < 1 || rank > 8) throw InputError(where, "variable", "a dataset of rank 1..8", std::to_string(rank));
  std::vector<hsize_t> d(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.id, d.data(), nullptr);
  CxArray a;
  std::size_t n = 1;
  for (hsize_t x : d) {
    if (x > cx_max_entries || n > cx_max_entries / std::max<std::size_t>(static_cast<std::size_t>(x), 1))
      throw InputError(where, "variable", "a dataset of at most 2^27 entries", name + " in " + path);
    a.dims.push_back(static_cast<std::size_t>(x));
    n *= static_cast<std::size_t>(x);
  }
  a.data.resize(n);
  const H5T_class_t cls = H5Tget_class(type.id);
  if (cls == H5T_COMPOUND && H5Tget_nmembers(type.id) == 2) {
    char* m0 = H5Tget_member_name(type.id, 0);
    char* m1 = H5Tget_member_name(type.id, 1);
    CxH5 mem(H5Tcreate(H5T_COMPOUND, 2 * sizeof(double)), H5Tclose);
    H5Tinsert(mem.id, m0, 0, H5T_NATIVE_DOUBLE);
    H5Tinsert(mem.id, m1, sizeof(double), H5T_NATIVE_DOUBLE);
    H5free_memory(m0);
    H5free_memory(m1);
    if (H5Dread(ds.id, mem.id, H5S_ALL, H5S_ALL, H5P_DEFAULT, a.data.data()) < 0)
      throw InputError(where, "variable", "a readable complex dataset", name + " in " + path);
  } else if (cls == H5T_FLOAT || cls == H5T_INTEGER) {
    std::vector<double> re(n);
    if (H5Dread(ds.id, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, re.data()) < 0)
      throw InputError(where, "variable", "a readable numeric dataset", name + " in " + path);
    for (std::size_t k = 0; k < n; ++k) a.data[k] = {re[k], 0.0};
  } else {
    throw InputError(where, "variable", "a real or compound {re, im} dataset", name + " of another type in " + path);
  }
  return a;
}

struct CxH5File {
  hid_t id;
  CxH5File(const std::string& path, const std::string& where) {
    cx_h5_quiet();
    id = H5Fis_hdf5(path.c_str()) > 0 ? H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT) : -1;
    if (id < 0) throw InputError(where, "file", "a readable HDF5 file", "'" + path + "'");
  }
  CxH5File(const CxH5File&) = delete;
  CxH5File& operator=(const CxH5File&) = delete;
  ~CxH5File() { H5Fclose(id); }
};

unsigned cx_h5_uint_attr(hid_t obj, const char* name, const std::string& where, const std::string& what) {
  if (H5Aexists(obj, name) <= 0) throw InputError(where, "file", "attribute " + std::string(name) + " of " + what, "none");
  CxH5 a(H5Aopen(obj, name, H5P_DEFAULT), H5Aclose);
  unsigned v = 0;
  if (H5Aread(a.id, H5T_NATIVE_UINT, &v) < 0)
    throw InputError(where, "file", "an unsigned attribute " + std::string(name), "an unreadable one");
  return v;
}

// ---------------------------------------------------------------- N-D .npy (Sionna)
CxArray cx_npy_read(const std::string& path, const std::string& where) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(where, "file", "a readable .npy file", "'" + path + "'");
  char magic[8];
  in.read(magic, 8);
  if (!in || std::memcmp(magic, "\x93NUMPY", 6) != 0) throw InputError(path, "", "a .npy file", "no NumPy magic");
  std::uint32_t hlen = 0;
  if (magic[6] == 1) {
    unsigned char b[2];
    in.read(reinterpret_cast<char*>(b), 2);
    hlen = static_cast<std::uint32_t>(b[0]) | (static_cast<std::uint32_t>(b[1]) << 8);
  } else {
    unsigned char b[4];
    in.read(reinterpret_cast<char*>(b), 4);
    hlen = static_cast<std::uint32_t>(b[0]) | (static_cast<std::uint32_t>(b[1]) << 8) |
           (static_cast<std::uint32_t>(b[2]) << 16) | (static_cast<std::uint32_t>(b[3]) << 24);
  }
  if (hlen > 65536) throw InputError(path, "", "a .npy header below 64 KiB", std::to_string(hlen) + " bytes");
  std::string h(hlen, '\0');
  in.read(h.data(), hlen);
  auto field = [&](const std::string& key) {
    const auto p = h.find("'" + key + "'");
    if (p == std::string::npos) throw InputError(path, "", "a .npy header with '" + key + "'", h);
    return h.substr(h.find(':', p) + 1);
  };
  const std::string descr = field("descr");
  const std::string ty = descr.substr(descr.find('\'') + 1, descr.find('\'', descr.find('\'') + 1) - descr.find('\'') - 1);
  if (field("fortran_order").find("True") < field("fortran_order").find(','))
    throw InputError(path, "", "a C-order .npy array (numpy.save of a C-contiguous array)", "fortran_order True");
  std::string shape = field("shape");
  shape = shape.substr(shape.find('(') + 1, shape.find(')') - shape.find('(') - 1);
  CxArray a;
  std::size_t n = 1;
  for (std::size_t pos = 0; pos < shape.size();) {
    const auto comma = shape.find(',', pos);
    const std::string tok = shape.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    if (tok.find_first_not_of(' ') != std::string::npos) {
      std::size_t v = 0;
      try {
        v = static_cast<std::size_t>(std::stoull(tok));
      } catch (const std::exception&) {
        throw InputError(path, "", "a .npy shape of non-negative integers", "(" + shape + ")");
      }
      if (v > cx_max_entries || n > cx_max_entries / std::max<std::size_t>(v, 1))
        throw InputError(path, "", "an array of at most 2^27 entries", "shape (" + shape + ")");
      a.dims.push_back(v);
      n *= v;
    }
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  const bool cpx = ty == "<c8" || ty == "<c16";
  const bool single = ty == "<c8" || ty == "<f4";
  if (!cpx && ty != "<f4" && ty != "<f8")
    throw InputError(path, "", "dtype complex64, complex128, float32 or float64 (little endian)", "'" + ty + "'");
  const std::size_t per = (single ? 4 : 8) * (cpx ? 2 : 1);
  std::error_code ec;
  const auto file_size = static_cast<std::size_t>(fs::file_size(path, ec));
  const auto data_start = static_cast<std::size_t>(in.tellg());
  if (ec || file_size < data_start || file_size - data_start < n * per)
    throw InputError(path, "", std::to_string(n * per) + " bytes of data for shape (" + shape + ")", "a shorter file");
  std::vector<char> raw(n * per);
  in.read(raw.data(), static_cast<std::streamsize>(raw.size()));
  if (!in) throw InputError(path, "", std::to_string(raw.size()) + " bytes of data", "a shorter file");
  auto val = [&](std::size_t k) {
    if (single) {
      float f;
      std::memcpy(&f, raw.data() + 4 * k, 4);
      return static_cast<double>(f);
    }
    double d;
    std::memcpy(&d, raw.data() + 8 * k, 8);
    return d;
  };
  if (cpx) {
    a.data.resize(n);
    for (std::size_t k = 0; k < n; ++k) a.data[k] = {val(2 * k), val(2 * k + 1)};
  } else {
    if (a.dims.empty() || a.dims.back() != 2)
      throw InputError(path, "", "a complex array, or a real one whose last axis (re, im) has length 2",
                       "a real array of shape (" + shape + ")");
    a.dims.pop_back();
    a.data.resize(n / 2);
    for (std::size_t k = 0; k < n / 2; ++k) a.data[k] = {val(2 * k), val(2 * k + 1)};
  }
  return a;
}

void cx_require_index(const std::string& where, const char* key, Index value, std::size_t size, const std::string& what) {
  if (value < 0 || static_cast<std::size_t>(value) >= size)
    throw InputError(where, key, "an index in [0, " + std::to_string(size) + ") (" + what + ")", std::to_string(value));
}

std::string cx_dims(const std::vector<std::size_t>& d) {
  std::string s;
  for (std::size_t i = 0; i < d.size(); ++i) s += (i ? " x " : "") + std::to_string(d[i]);
  return s;
}

CMat cx_read_simris(const std::string& path, const ChannelFileSpec& spec) {
  const std::string var = spec.variable.empty() ? "H" : spec.variable;
  if (var != "H" && var != "G" && var != "D")
    throw InputError(spec.origin, "variable", "H (Tx -> RIS), G (RIS -> Rx) or D (Tx -> Rx) of a SimRIS file",
                     "\"" + var + "\"");
  const CxArray a = cx_mat_read(path, var, spec.origin);
  if (a.dims.size() < 2 || a.dims.size() > 3)
    throw InputError(spec.origin, "variable", "a 2-D or 3-D SimRIS array", var + " of " + cx_dims(a.dims));
  const std::size_t r = a.dims[0], c = a.dims[1], ns = a.dims.size() == 3 ? a.dims[2] : 1;
  cx_require_index(spec.origin, "realisation", spec.realisation, ns, "Nsym = " + std::to_string(ns));
  CMat m(static_cast<Index>(r), static_cast<Index>(c));
  const std::size_t off = static_cast<std::size_t>(spec.realisation) * r * c;
  for (std::size_t j = 0; j < c; ++j)
    for (std::size_t i = 0; i < r; ++i) m(static_cast<Index>(i), static_cast<Index>(j)) = a.data[off + i + r * j];
  return m;
}

CMat cx_read_quadriga(const std::string& path, const ChannelFileSpec& spec) {
  CxH5File f(path, spec.origin);
  if (H5Aexists(f.id, "Version") > 0 || H5Lexists(f.id, "Version", H5P_DEFAULT) > 0) {
    // Version is a dataset in quadriga-lib files.
    if (H5Lexists(f.id, "Version", H5P_DEFAULT) > 0) {
      const CxArray v = cx_h5_read(f.id, "Version", path, spec.origin);
      if (v.data.empty() || v.data[0].real() != 2.0)
        throw InputError(spec.origin, "file", "quadriga-lib storage layout Version 2", path);
    }
  }
  const std::string group = "channel_" + std::to_string(spec.channel);
  if (H5Lexists(f.id, group.c_str(), H5P_DEFAULT) <= 0)
    throw InputError(spec.origin, "channel", "the 1-based id of a /channel_<id> group of " + path,
                     std::to_string(spec.channel));
  CxH5 g(H5Gopen2(f.id, group.c_str(), H5P_DEFAULT), H5Gclose);
  const unsigned snaps = cx_h5_uint_attr(g.id, "NumSnap", spec.origin, group);
  cx_require_index(spec.origin, "snapshot", spec.snapshot, snaps, "NumSnap = " + std::to_string(snaps));
  const std::string base = snaps == 1 ? group + "/" : group + "/Snap_" + std::to_string(spec.snapshot) + "/";
  const CxArray re = cx_h5_read(f.id, base + "coeff_re", path, spec.origin);
  const CxArray im = cx_h5_read(f.id, base + "coeff_im", path, spec.origin);
  if (re.dims.size() != 3 || re.dims != im.dims)
    throw InputError(spec.origin, "file", "coeff_re and coeff_im of HDF5 dims [n_path, n_tx, n_rx]",
                     cx_dims(re.dims) + " and " + cx_dims(im.dims));
  const std::size_t np = re.dims[0], nt = re.dims[1], nr = re.dims[2];
  CMat m = CMat::Zero(static_cast<Index>(nr), static_cast<Index>(nt));
  for (std::size_t p = 0; p < np; ++p)
    for (std::size_t t = 0; t < nt; ++t)
      for (std::size_t r = 0; r < nr; ++r) {
        const std::size_t k = (p * nt + t) * nr + r;
        m(static_cast<Index>(r), static_cast<Index>(t)) += Complex(re.data[k].real(), im.data[k].real());
      }
  return m;
}

CMat cx_read_sionna(const std::string& path, const ChannelFileSpec& spec) {
  const CxArray a = cx_npy_read(path, spec.origin);
  if (a.dims.size() != 6)
    throw InputError(spec.origin, "file",
                     "a Sionna CIR a of shape [num_rx, num_rx_ant, num_tx, num_tx_ant, num_paths, num_time_steps]",
                     "shape " + cx_dims(a.dims));
  const auto& d = a.dims;
  cx_require_index(spec.origin, "rx", spec.rx, d[0], "num_rx = " + std::to_string(d[0]));
  cx_require_index(spec.origin, "tx", spec.tx, d[2], "num_tx = " + std::to_string(d[2]));
  cx_require_index(spec.origin, "time_step", spec.time_step, d[5], "num_time_steps = " + std::to_string(d[5]));
  CMat m = CMat::Zero(static_cast<Index>(d[1]), static_cast<Index>(d[3]));
  const auto rx = static_cast<std::size_t>(spec.rx), tx = static_cast<std::size_t>(spec.tx),
             ts = static_cast<std::size_t>(spec.time_step);
  for (std::size_t ra = 0; ra < d[1]; ++ra)
    for (std::size_t ta = 0; ta < d[3]; ++ta)
      for (std::size_t p = 0; p < d[4]; ++p) {
        const std::size_t k = ((((rx * d[1] + ra) * d[2] + tx) * d[3] + ta) * d[4] + p) * d[5] + ts;
        m(static_cast<Index>(ra), static_cast<Index>(ta)) += a.data[k];
      }
  return m;
}

CMat cx_to_matrix_2d(const CxArray& a, bool column_major, const std::string& where, const std::string& what) {
  if (a.dims.size() != 2 && a.dims.size() != 1)
    throw InputError(where, "variable", "a 1-D or 2-D array", what + " of " + cx_dims(a.dims));
  const std::size_t r = a.dims[0], c = a.dims.size() == 2 ? a.dims[1] : 1;
  CMat m(static_cast<Index>(r), static_cast<Index>(c));
  for (std::size_t i = 0; i < r; ++i)
    for (std::size_t j = 0; j < c; ++j)
      m(static_cast<Index>(i), static_cast<Index>(j)) = a.data[column_major ? i + r * j : i * c + j];
  return m;
}

}  // namespace

std::string to_string(ChannelFormat f) {
  switch (f) {
    case ChannelFormat::npy: return "npy";
    case ChannelFormat::mat: return "mat";
    case ChannelFormat::h5: return "h5";
  }
  return "?";
}

std::vector<NamedChannel> named_channels(const Scene& s, const ChannelSet& h) {
  std::vector<NamedChannel> out;
  auto add = [&](const std::vector<std::vector<CMat>>& table, NodeKind from, NodeKind to, const char* kind) {
    for (std::size_t a = 0; a < table.size(); ++a)
      for (std::size_t b = 0; b < table[a].size(); ++b) {
        if (table[a][b].size() == 0) continue;
        const std::string f = s.node_name(NodeRef{from, static_cast<Index>(a)});
        const std::string t = s.node_name(NodeRef{to, static_cast<Index>(b)});
        out.push_back({f + "->" + t, f, t, kind, &table[a][b]});
      }
  };
  add(h.bs_user, NodeKind::bs, NodeKind::user, "bs_user");
  add(h.bs_surface, NodeKind::bs, NodeKind::surface, "bs_surface");
  add(h.surface_user, NodeKind::surface, NodeKind::user, "surface_user");
  add(h.bs_eve, NodeKind::bs, NodeKind::eavesdropper, "bs_eve");
  add(h.surface_eve, NodeKind::surface, NodeKind::eavesdropper, "surface_eve");
  add(h.bs_target, NodeKind::bs, NodeKind::target, "bs_target");
  add(h.surface_target, NodeKind::surface, NodeKind::target, "surface_target");
  add(h.target_bs, NodeKind::target, NodeKind::bs, "target_bs");
  add(h.surface_bs, NodeKind::surface, NodeKind::bs, "surface_bs");
  return out;
}

std::vector<ExportedLink> export_channels(const Scene& scene, const ChannelSet& channels, std::uint64_t seed,
                                          ChannelFormat format, const std::string& dir,
                                          const std::string& provenance_json) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!fs::is_directory(dir, ec)) throw InputError("--out " + dir, "", "a directory that can be created", "it cannot");
  const std::vector<NamedChannel> links = named_channels(scene, channels);
  std::vector<ExportedLink> out;
  const std::string mat_path = (fs::path(dir) / "channels.mat").string();
  const std::string h5_path = (fs::path(dir) / "channels.h5").string();
  CxMat mat;
  hid_t h5 = -1, h5g = -1;
  if (format == ChannelFormat::mat) {
    mat.p = Mat_CreateVer(mat_path.c_str(), nullptr, MAT_FT_MAT5);
    if (!mat.p) throw InputError(mat_path, "", "a writable file", "matio cannot create it");
  } else if (format == ChannelFormat::h5) {
    cx_h5_quiet();
    h5 = H5Fcreate(h5_path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (h5 < 0) throw InputError(h5_path, "", "a writable file", "HDF5 cannot create it");
    h5g = H5Gcreate2(h5, "links", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  }
  CxH5 h5_file(h5, H5Fclose);
  CxH5 h5_group(h5g, H5Gclose);
  std::vector<std::string> used;
  for (const NamedChannel& l : links) {
    ExportedLink e{l.key, l.from, l.to, l.kind, "", "", l.matrix->rows(), l.matrix->cols()};
    if (format == ChannelFormat::npy) {
      e.file = cx_sanitize(l.from, false) + "--" + cx_sanitize(l.to, false) + ".npy";
      write_npy((fs::path(dir) / e.file).string(), *l.matrix);
    } else if (format == ChannelFormat::mat) {
      e.file = "channels.mat";
      std::string v = ("H_" + cx_sanitize(l.from, true) + "__" + cx_sanitize(l.to, true)).substr(0, 60);
      for (int k = 2; std::find(used.begin(), used.end(), v) != used.end(); ++k) v = v.substr(0, 56) + "_" + std::to_string(k);
      used.push_back(v);
      e.variable = v;
      cx_mat_write(mat.p, mat_path, v, *l.matrix);
    } else {
      e.file = "channels.h5";
      e.variable = "/links/" + l.key;
      const CMat& m = *l.matrix;
      std::vector<Complex> buf(static_cast<std::size_t>(m.size()));
      for (Index i = 0; i < m.rows(); ++i)
        for (Index j = 0; j < m.cols(); ++j) buf[static_cast<std::size_t>(i * m.cols() + j)] = m(i, j);  // C order
      CxH5 ct(H5Tcreate(H5T_COMPOUND, 2 * sizeof(double)), H5Tclose);
      H5Tinsert(ct.id, "r", 0, H5T_NATIVE_DOUBLE);
      H5Tinsert(ct.id, "i", sizeof(double), H5T_NATIVE_DOUBLE);
      const hsize_t dims[2] = {static_cast<hsize_t>(m.rows()), static_cast<hsize_t>(m.cols())};
      CxH5 sp(H5Screate_simple(2, dims, nullptr), H5Sclose);
      CxH5 ds(H5Dcreate2(h5_group.id, l.key.c_str(), ct.id, sp.id, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose);
      if (ds.id < 0 || H5Dwrite(ds.id, ct.id, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()) < 0)
        throw InputError(h5_path, l.key, "a writable dataset", "HDF5 could not write it");
      cx_h5_string_attr(ds.id, "from", l.from);
      cx_h5_string_attr(ds.id, "to", l.to);
      cx_h5_string_attr(ds.id, "kind", l.kind);
    }
    out.push_back(e);
  }
  nlohmann::json j;
  j["format"] = to_string(format);
  j["irisac_version"] = version();
  j["git_commit"] = git_commit();
  j["scenario"] = scene.name;
  j["seed"] = seed;
  j["orientation"] = "rows = receiver elements, columns = transmitter elements (y = H x, no conjugation)";
  if (!provenance_json.empty()) j["provenance"] = nlohmann::json::parse(provenance_json, nullptr, false);
  j["links"] = nlohmann::json::array();
  for (const auto& e : out)
    j["links"].push_back({{"key", e.key}, {"from", e.from}, {"to", e.to}, {"kind", e.kind}, {"file", e.file},
                          {"variable", e.variable}, {"rows", e.rows}, {"cols", e.cols}});
  for (std::size_t t = 0; t < channels.scattering.size(); ++t)
    j["scattering"][scene.node_name(NodeRef{NodeKind::target, static_cast<Index>(t)})] = {channels.scattering[t].real(),
                                                                                        channels.scattering[t].imag()};
  std::ofstream f(fs::path(dir) / "channels.json");
  f << j.dump(2) << '\n';
  if (!f) throw InputError((fs::path(dir) / "channels.json").string(), "", "a writable file", "it cannot be written");
  return out;
}

std::map<std::string, CMat> read_exported_channels(const std::string& dir) {
  const std::string manifest = (fs::path(dir) / "channels.json").string();
  std::ifstream in(manifest);
  if (!in) throw InputError(manifest, "", "the manifest of `irisac export --channels`", "no such file");
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.contains("links") || !j.contains("format"))
    throw InputError(manifest, "", "a channels.json manifest (format, links)", "invalid JSON");
  const std::string format = j["format"];
  std::map<std::string, CMat> out;
  for (const auto& l : j["links"]) {
    const std::string key = l.at("key"), file = (fs::path(dir) / std::string(l.at("file"))).string();
    CMat m;
    if (format == "npy") {
      m = read_npy(file);
    } else if (format == "mat") {
      m = cx_to_matrix_2d(cx_mat_read(file, l.at("variable"), manifest), true, manifest, l.at("variable"));
    } else if (format == "h5") {
      CxH5File f(file, manifest);
      m = cx_to_matrix_2d(cx_h5_read(f.id, l.at("variable"), file, manifest), false, manifest, l.at("variable"));
    } else {
      throw InputError(manifest, "format", "npy, mat or h5", "\"" + format + "\"");
    }
    if (m.rows() != l.at("rows").get<Index>() || m.cols() != l.at("cols").get<Index>())
      throw InputError(manifest, key, l.at("rows").dump() + " x " + l.at("cols").dump(),
                       std::to_string(m.rows()) + " x " + std::to_string(m.cols()));
    out[key] = std::move(m);
  }
  return out;
}

const std::vector<std::string>& channel_file_formats() {
  static const std::vector<std::string> f = [] {  // the registry is the one table of names
    std::vector<std::string> names;
    for (const auto& it : builtin_registry().of_kind("channel_format")) names.push_back(it.name);
    return names;
  }();
  return f;
}

CMat read_channel_file(const std::string& path, const ChannelFileSpec& spec) {
  const std::string& f = spec.format;
  if (f == "auto" || f == "npy" || f == "csv") return read_matrix(path, spec.limits);
  if (f == "mat") {
    if (spec.variable.empty()) throw InputError(spec.origin, "variable", "the name of a MAT variable", "none");
    return cx_to_matrix_2d(cx_mat_read(path, spec.variable, spec.origin), true, spec.origin, spec.variable);
  }
  if (f == "h5") {
    if (spec.variable.empty()) throw InputError(spec.origin, "variable", "the path of an HDF5 dataset", "none");
    CxH5File file(path, spec.origin);
    return cx_to_matrix_2d(cx_h5_read(file.id, spec.variable, path, spec.origin), false, spec.origin, spec.variable);
  }
  if (f == "simris") return cx_read_simris(path, spec);
  if (f == "quadriga") return cx_read_quadriga(path, spec);
  if (f == "sionna") return cx_read_sionna(path, spec);
  std::string list;
  for (const auto& n : channel_file_formats()) list += (list.empty() ? "" : ", ") + n;
  throw InputError(spec.origin, "format", "one of " + list, "\"" + f + "\"");
}

}  // namespace irisac::io
