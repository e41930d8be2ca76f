#pragma once
/// \file Channel exchange with other tools (docs/channel-exchange.md).
///
/// Export: every link of one channel draw, rows = receiver elements, columns = transmitter
/// elements (y = H x, no conjugation), with a manifest channels.json (scenario, seed, version,
/// link names, shapes, files): `npy` one complex128 .npy per link; `mat` one MAT v5 file
/// channels.mat (one complex double variable per link); `h5` one HDF5 file channels.h5
/// (dataset /links/<from>-><to>, complex as the compound {r, i} of doubles h5py writes, C order,
/// attributes from/to/kind). read_exported_channels() reads any of them back bitwise.
///
/// Import (a `[[link]]` with model = "file", docs/scenario-format.md): the matrix of one link from
///   npy / csv   read_matrix (matrix_file.hpp)
///   mat         a 2-D real or complex MAT v5/v7 variable (`variable`)
///   h5          a 2-D dataset (`variable` = path), compound {r,i}/{real,imag} or real, C order
///   simris      SimRIS Channel Simulator .mat: variable H (N×Nt), G (Nr×N) or D (Nr×Nt), 2-D or
///               3-D (× Nsym; `realisation` picks one, 0-based); imported as is (y = (G diag(v) H + D)x)
///   quadriga    quadriga-lib HDF5 (layout version 2): channel `channel` (1-based id), snapshot
///               `snapshot`; narrowband at the centre frequency H(rx, tx) = Σ_p coeff_p(rx, tx)
///   sionna      Sionna RT CIR `a` saved with numpy.save (complex64/128, or float32/64 with a last
///               axis of 2 = (re, im)), shape [num_rx, num_rx_ant, num_tx, num_tx_ant, num_paths,
///               num_time_steps]: H(rx_ant, tx_ant) = Σ_p a[rx, rx_ant, tx, tx_ant, p, t] (baseband,
///               f = 0); `rx`, `tx`, `time_step` pick the device pair and the time step
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "irisac/core/types.hpp"
#include "irisac/io/matrix_file.hpp"
#include "irisac/scene/scene.hpp"

namespace irisac::io {

enum class ChannelFormat { npy, mat, h5 };
[[nodiscard]] std::string to_string(ChannelFormat f);

/// One exported link.
struct ExportedLink {
  std::string key;   ///< "<from>-><to>"
  std::string from, to, kind;  ///< node names; ChannelSet table (bs_user, bs_surface, ...)
  std::string file;  ///< file name inside the directory
  std::string variable;  ///< MAT variable / HDF5 dataset ("" for npy)
  Index rows = 0, cols = 0;
};

/// The links of a draw, named "<from>-><to>" (the names the Python bindings use).
struct NamedChannel {
  std::string key, from, to, kind;
  const CMat* matrix = nullptr;
};
[[nodiscard]] std::vector<NamedChannel> named_channels(const Scene& scene, const ChannelSet& channels);

/// Writes every link into `dir` (created if absent) plus channels.json. `provenance_json` is
/// stored as the manifest's "provenance" (a JSON object text; may be empty).
/// \throws InputError if a file cannot be written.
std::vector<ExportedLink> export_channels(const Scene& scene, const ChannelSet& channels, std::uint64_t seed,
                                          ChannelFormat format, const std::string& dir,
                                          const std::string& provenance_json = {});

/// Reads a directory written by export_channels(): key → matrix. \throws InputError.
[[nodiscard]] std::map<std::string, CMat> read_exported_channels(const std::string& dir);

/// Which matrix of a foreign file to take (the keys of a `[[link]]` with model = "file").
struct ChannelFileSpec {
  std::string format = "auto";  ///< auto (by extension: .npy, .csv), npy, csv, mat, h5, simris, quadriga, sionna
  std::string variable;         ///< mat/h5/simris: variable or dataset name
  Index realisation = 0;        ///< simris: index along the third dimension
  Index channel = 1;            ///< quadriga: 1-based channel id
  Index snapshot = 0;           ///< quadriga: 0-based snapshot
  Index rx = 0, tx = 0, time_step = 0;  ///< sionna
  std::string origin;           ///< where the spec was written (file:line), for messages
  MatrixFileLimits limits{};    ///< npy/csv: size caps (matrix_file.hpp; the scenario's [limits])
};
/// Formats accepted by ChannelFileSpec::format.
[[nodiscard]] const std::vector<std::string>& channel_file_formats();

/// The matrix (rows = receiver) described by `spec`. \throws InputError naming the file, the
/// variable and what was expected and found.
[[nodiscard]] CMat read_channel_file(const std::string& path, const ChannelFileSpec& spec);

}  // namespace irisac::io
