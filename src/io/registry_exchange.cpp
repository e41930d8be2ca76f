// Names of the channel-exchange formats (io/channel_exchange.hpp) and of the reference checks
// (io/validate.hpp), so that `irisac list` names what `[[link]] format`, `irisac export --channels
// --format` and `irisac validate --reference-override` accept.
#include "irisac/io/channel_exchange.hpp"
#include "irisac/io/registry.hpp"
#include "irisac/io/validate.hpp"

namespace irisac::io {

void register_exchange(Registry& r) {
  const char* what[][2] = {
      {"auto", "by the file's extension: .npy or .csv"},
      {"npy", "NumPy .npy, complex128 or float64, 1-D or 2-D, C or Fortran order"},
      {"csv", "one matrix row per line, complex entries as NumPy writes them"},
      {"mat", "a 2-D variable of a MAT v5/v7 file (matio), key `variable`"},
      {"h5", "a 2-D HDF5 dataset, compound {re, im} or real, key `variable`"},
      {"simris", "SimRIS Channel Simulator .mat: H, G or D (`variable`), `realisation`"},
      {"quadriga", "quadriga-lib HDF5 v2: `channel` (1-based), `snapshot`; narrowband sum over paths"},
      {"sionna", "Sionna RT CIR a saved with numpy.save: `rx`, `tx`, `time_step`; sum over paths"}};
  for (const auto& w : what) r.items.push_back({"channel_format", w[0], w[1], "[[link]] format (model = \"file\")"});
  for (ChannelFormat f : {ChannelFormat::npy, ChannelFormat::mat, ChannelFormat::h5})
    r.items.push_back({"export_format", to_string(f), "channels of one draw in " + to_string(f),
                       "irisac export SCENARIO --channels --format"});
  for (const auto& c : reference_checks())
    r.items.push_back({"check", c.name, c.source, "irisac validate --reference-override NAME=VALUE"});
}

}  // namespace irisac::io
