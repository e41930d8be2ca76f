#pragma once
/// \file A deployment: base stations, surfaces, users, targets and eavesdroppers placed in space,
/// the system parameters and a channel model per link; draw_channels() gives one realisation of
/// every link. Built from a scenario file by io::load_scene(). See docs/models.md §Scene.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "irisac/channel/link.hpp"
#include "irisac/core/rng.hpp"
#include "irisac/irs/surface.hpp"

namespace irisac {

struct SystemParams {
  double carrier_hz = 28e9;
  double bandwidth_hz = 100e6;
  double noise_psd_w_hz = 3.981071705534985e-21;  ///< N₀: −174 dBm/Hz
  double noise_figure = 1.0;                       ///< F, linear ≥ 1
  [[nodiscard]] double wavelength_m() const;
  [[nodiscard]] double noise_power_w() const;      ///< σ² = N₀·B·F per complex sample
};

struct BaseStation {
  std::string name;
  Pose pose{};
  ArrayLayout tx{};          ///< transmit array
  ArrayLayout rx{};          ///< receive array (co-located, same pose; monostatic sensing)
  double tx_power_w = 1.0;
};

struct User {
  std::string name;
  Pose pose{};
  ArrayLayout array{};       ///< 1 element by default
  double min_sinr = 0.0;     ///< SINR target (linear; 0 = none)
};

struct Target {
  std::string name;
  Pose pose{};               ///< position and velocity
  double rcs_m2 = 1.0;       ///< radar cross-section σ [m²]
  /// Scattering phase: "random" draws a uniform phase per realisation (Swerling-0 amplitude with
  /// unknown phase); "fixed" uses phase 0. A modelling choice, see docs/models.md.
  bool random_phase = true;
};

struct Eavesdropper {
  std::string name;
  Pose pose{};
  ArrayLayout array{};
};

/// Kinds of node and a reference to one.
enum class NodeKind { bs, surface, user, target, eavesdropper };
struct NodeRef {
  NodeKind kind;
  Index index;
  auto operator<=>(const NodeRef&) const = default;
};

/// A per-link model (overriding the scene default) or an imported matrix.
struct LinkOverride {
  NodeRef from, to;
  std::optional<LinkModel> model;
  std::optional<CMat> matrix;  ///< channel from `from` to `to` (rows: elements of `to`); reciprocal use transposes
  std::string origin;          ///< where it was declared (file:line), for messages
  std::string file{};          ///< the matrix file (imported links), for messages
};

struct Scene {
  std::string name;
  SystemParams system{};
  std::vector<BaseStation> base_stations;
  std::vector<Surface> surfaces;
  std::vector<User> users;
  std::vector<Target> targets;
  std::vector<Eavesdropper> eavesdroppers;
  LinkModel default_link{};
  std::vector<LinkOverride> links;
  std::uint64_t seed = 1;

  [[nodiscard]] std::string node_name(const NodeRef& n) const;
  [[nodiscard]] std::optional<NodeRef> find(const std::string& name) const;
  [[nodiscard]] Vec3 position(const NodeRef& n) const;
  /// The [[link]] that defines the channel from a to b: the one declared from a to b, else the one
  /// declared from b to a (then *reversed = true: a matrix is used transposed, by reciprocity);
  /// nullptr if none. A link per direction makes the two directions independent (G_r ≠ G_tᵀ).
  [[nodiscard]] const LinkOverride* link_for(const NodeRef& a, const NodeRef& b, bool* reversed = nullptr) const;
  /// The model of the link from a to b (link_for's model, else the default).
  [[nodiscard]] const LinkModel& link_model(const NodeRef& a, const NodeRef& b) const;
  /// The imported matrix from a to b (link_for's, transposed if it was given from b to a); nullopt if none.
  [[nodiscard]] std::optional<CMat> imported(const NodeRef& a, const NodeRef& b) const;
};

/// Whether draw_channels() draws a channel from a node of kind `from` to one of kind `to` (BS→user,
/// surface, eavesdropper, target; surface→user, eavesdropper, target, BS; target→BS). The other
/// direction of a drawn pair is the transpose of it (a [[link]] declared that way is used transposed).
[[nodiscard]] bool is_drawn_direction(NodeKind from, NodeKind to);

/// A modelled (not imported, not blocked) link shorter than its path loss's minimum distance
/// (PathLoss::min_distance_m: the gain would exceed 1), with the message that reports it.
struct TooShortLink {
  NodeRef from, to;
  double distance_m = 0, min_distance_m = 0;
  std::string message;
};
/// The first such link of the scene; nullopt if every link is long enough. validate() and
/// io::load_scene() reject a scene that has one.
[[nodiscard]] std::optional<TooShortLink> too_short_link(const Scene& scene);

/// Checks names, positions and parameters (two nodes at one point, zero-element arrays, ...).
/// Throws InvalidArgument naming the node and field.
void validate(const Scene& scene);

/// One realisation of every link of a scene. Matrices map transmitter elements to receiver
/// elements (rows: receiver). Targets are single-element isotropic points; a target's two-way
/// scattering amplitude s = √(4πσ/λ²)·e^{jφ} is in `scattering`.
struct ChannelSet {
  // [b][u] etc.; BS transmit array on the transmit side, BS receive array on the receive side.
  std::vector<std::vector<CMat>> bs_user;      ///< N_u × N_tx
  std::vector<std::vector<CMat>> bs_surface;   ///< N_i × N_tx
  std::vector<std::vector<CMat>> surface_user; ///< [i][u] N_u × N_i
  std::vector<std::vector<CMat>> bs_eve;       ///< N_e × N_tx
  std::vector<std::vector<CMat>> surface_eve;  ///< [i][e] N_e × N_i
  std::vector<std::vector<CMat>> bs_target;    ///< [b][t] 1 × N_tx
  std::vector<std::vector<CMat>> surface_target; ///< [i][t] 1 × N_i (reciprocal: target → surface is its transpose)
  std::vector<std::vector<CMat>> target_bs;    ///< [t][b] N_rx × 1
  std::vector<std::vector<CMat>> surface_bs;   ///< [i][b] N_rx × N_i (surface → BS receive array)
  std::vector<Complex> scattering;             ///< [t]
};

/// Draws every link once. Stream usage: links in a fixed order, then target phases, all from `rng`.
[[nodiscard]] ChannelSet draw_channels(const Scene& scene, Rng& rng);

}  // namespace irisac
