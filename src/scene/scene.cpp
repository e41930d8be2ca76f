#include "irisac/scene/scene.hpp"

#include <cmath>
#include <sstream>

#include "irisac/channel/pathloss.hpp"
#include "irisac/core/constants.hpp"
#include "irisac/core/error.hpp"
#include "irisac/core/units.hpp"

namespace irisac {

double SystemParams::wavelength_m() const { return irisac::wavelength_m(carrier_hz); }
double SystemParams::noise_power_w() const { return irisac::noise_power_w(noise_psd_w_hz, bandwidth_hz, noise_figure); }

std::string Scene::node_name(const NodeRef& n) const {
  const auto i = static_cast<std::size_t>(n.index);
  switch (n.kind) {
    case NodeKind::bs: return base_stations.at(i).name;
    case NodeKind::surface: return surfaces.at(i).name;
    case NodeKind::user: return users.at(i).name;
    case NodeKind::target: return targets.at(i).name;
    case NodeKind::eavesdropper: return eavesdroppers.at(i).name;
  }
  return {};
}

std::optional<NodeRef> Scene::find(const std::string& nm) const {
  auto look = [&](const auto& v, NodeKind k) -> std::optional<NodeRef> {
    for (std::size_t i = 0; i < v.size(); ++i)
      if (v[i].name == nm) return NodeRef{k, static_cast<Index>(i)};
    return std::nullopt;
  };
  if (auto r = look(base_stations, NodeKind::bs)) return r;
  if (auto r = look(surfaces, NodeKind::surface)) return r;
  if (auto r = look(users, NodeKind::user)) return r;
  if (auto r = look(targets, NodeKind::target)) return r;
  return look(eavesdroppers, NodeKind::eavesdropper);
}

Vec3 Scene::position(const NodeRef& n) const {
  const auto i = static_cast<std::size_t>(n.index);
  switch (n.kind) {
    case NodeKind::bs: return base_stations.at(i).pose.position_m;
    case NodeKind::surface: return surfaces.at(i).pose.position_m;
    case NodeKind::user: return users.at(i).pose.position_m;
    case NodeKind::target: return targets.at(i).pose.position_m;
    case NodeKind::eavesdropper: return eavesdroppers.at(i).pose.position_m;
  }
  return Vec3::Zero();
}

const LinkOverride* Scene::link_for(const NodeRef& a, const NodeRef& b, bool* reversed) const {
  for (const auto& l : links)
    if (l.from == a && l.to == b) {
      if (reversed) *reversed = false;
      return &l;
    }
  for (const auto& l : links)
    if (l.from == b && l.to == a) {
      if (reversed) *reversed = true;
      return &l;
    }
  return nullptr;
}

const LinkModel& Scene::link_model(const NodeRef& a, const NodeRef& b) const {
  const LinkOverride* l = link_for(a, b);
  return l && l->model ? *l->model : default_link;
}

bool is_drawn_direction(NodeKind from, NodeKind to) {
  switch (from) {
    case NodeKind::bs: return to == NodeKind::user || to == NodeKind::surface || to == NodeKind::eavesdropper ||
                              to == NodeKind::target;
    case NodeKind::surface: return to == NodeKind::user || to == NodeKind::eavesdropper || to == NodeKind::target ||
                                   to == NodeKind::bs;
    case NodeKind::target: return to == NodeKind::bs;
    default: return false;
  }
}

std::optional<CMat> Scene::imported(const NodeRef& a, const NodeRef& b) const {
  bool reversed = false;
  const LinkOverride* l = link_for(a, b, &reversed);
  if (!l || !l->matrix) return std::nullopt;
  return reversed ? CMat(l->matrix->transpose()) : *l->matrix;
}

std::optional<TooShortLink> too_short_link(const Scene& s) {
  const double lambda = s.system.wavelength_m();
  const auto visit = [&](const NodeRef& a, const NodeRef& b) -> std::optional<TooShortLink> {
    if (!is_drawn_direction(a.kind, b.kind)) return std::nullopt;
    if (a.kind == NodeKind::surface && s.surfaces[static_cast<std::size_t>(a.index)].mounted_on == s.node_name(b))
      return std::nullopt;
    if (b.kind == NodeKind::surface && s.surfaces[static_cast<std::size_t>(b.index)].mounted_on == s.node_name(a))
      return std::nullopt;
    const LinkOverride* l = s.link_for(a, b);
    if (l && l->matrix) return std::nullopt;
    const LinkModel& m = l && l->model ? *l->model : s.default_link;
    if (m.kind == LinkModel::Kind::blocked) return std::nullopt;
    const double d = (s.position(a) - s.position(b)).norm();
    const double dmin = m.pathloss.min_distance_m(lambda);
    if (d >= dmin || d <= 0.0) return std::nullopt;  // d = 0 is reported as "same point"
    std::ostringstream os;
    os << "link '" << s.node_name(a) << "' -> '" << s.node_name(b) << "' is " << d << " m long, below the minimum "
       << "distance " << dmin << " m of its " << (m.pathloss.kind == PathLoss::Kind::free_space ? "free_space" : "exponent")
       << " path loss (the path gain would be " << m.pathloss.gain(d, lambda) << " > 1); move the nodes apart, or "
       << "import the channel (model = \"file\")";
    return TooShortLink{a, b, d, dmin, os.str()};
  };
  std::vector<NodeRef> all;
  for (Index i = 0; i < static_cast<Index>(s.base_stations.size()); ++i) all.push_back({NodeKind::bs, i});
  for (Index i = 0; i < static_cast<Index>(s.surfaces.size()); ++i) all.push_back({NodeKind::surface, i});
  for (Index i = 0; i < static_cast<Index>(s.users.size()); ++i) all.push_back({NodeKind::user, i});
  for (Index i = 0; i < static_cast<Index>(s.targets.size()); ++i) all.push_back({NodeKind::target, i});
  for (Index i = 0; i < static_cast<Index>(s.eavesdroppers.size()); ++i) all.push_back({NodeKind::eavesdropper, i});
  for (const auto& a : all)
    for (const auto& b : all)
      if (!(a == b))
        if (auto t = visit(a, b)) return t;
  return std::nullopt;
}

void validate(const Scene& s) {
  IRISAC_REQUIRE(s.system.carrier_hz > 0.0, "system.carrier_hz must be > 0 (got ", s.system.carrier_hz, ")");
  IRISAC_REQUIRE(s.system.bandwidth_hz > 0.0, "system.bandwidth_hz must be > 0 (got ", s.system.bandwidth_hz, ")");
  IRISAC_REQUIRE(s.system.noise_figure >= 1.0, "system.noise_figure must be >= 1 (got ", s.system.noise_figure, ")");
  std::vector<NodeRef> all;
  for (Index i = 0; i < static_cast<Index>(s.base_stations.size()); ++i) {
    const auto& b = s.base_stations[static_cast<std::size_t>(i)];
    validate(b.tx);
    validate(b.rx);
    IRISAC_REQUIRE(b.tx_power_w >= 0.0, "bs '", b.name, "': tx power must be >= 0 W (got ", b.tx_power_w, ")");
    all.push_back({NodeKind::bs, i});
  }
  for (Index i = 0; i < static_cast<Index>(s.surfaces.size()); ++i) {
    validate(s.surfaces[static_cast<std::size_t>(i)]);
    all.push_back({NodeKind::surface, i});
  }
  for (Index i = 0; i < static_cast<Index>(s.users.size()); ++i) {
    validate(s.users[static_cast<std::size_t>(i)].array);
    all.push_back({NodeKind::user, i});
  }
  for (Index i = 0; i < static_cast<Index>(s.targets.size()); ++i) {
    IRISAC_REQUIRE(s.targets[static_cast<std::size_t>(i)].rcs_m2 >= 0.0, "target rcs must be >= 0");
    all.push_back({NodeKind::target, i});
  }
  for (Index i = 0; i < static_cast<Index>(s.eavesdroppers.size()); ++i) {
    validate(s.eavesdroppers[static_cast<std::size_t>(i)].array);
    all.push_back({NodeKind::eavesdropper, i});
  }
  for (std::size_t i = 0; i < all.size(); ++i)
    for (std::size_t j = i + 1; j < all.size(); ++j) {
      IRISAC_REQUIRE(s.node_name(all[i]) != s.node_name(all[j]), "two nodes are named '", s.node_name(all[i]), "'");
      // A surface mounted on a node may share its position.
      auto mounted = [&](const NodeRef& a, const NodeRef& b) {
        return a.kind == NodeKind::surface && s.surfaces[static_cast<std::size_t>(a.index)].mounted_on == s.node_name(b);
      };
      if (mounted(all[i], all[j]) || mounted(all[j], all[i])) continue;
      IRISAC_REQUIRE((s.position(all[i]) - s.position(all[j])).norm() > 1e-9, "nodes '", s.node_name(all[i]),
                     "' and '", s.node_name(all[j]), "' are at the same point");

    }
}

namespace {

const ArrayLayout& single_element() {
  static const ArrayLayout a{};
  return a;
}

}  // namespace

ChannelSet draw_channels(const Scene& s, Rng& rng) {
  const double lambda = s.system.wavelength_m();
  const auto nb = s.base_stations.size(), ni = s.surfaces.size(), nu = s.users.size(), nt = s.targets.size(),
             ne = s.eavesdroppers.size();
  ChannelSet c;
  auto link = [&](NodeRef from, const LinkEnd& tx, NodeRef to, const LinkEnd& rx) -> CMat {
    bool reversed = false;
    const LinkOverride* l = s.link_for(from, to, &reversed);
    if (l && l->matrix) return reversed ? CMat(l->matrix->transpose()) : *l->matrix;
    return draw_link(tx, rx, l && l->model ? *l->model : s.default_link, lambda, rng);
  };
  auto idx = [](std::size_t i) { return static_cast<Index>(i); };
  c.bs_user.assign(nb, {});
  c.bs_surface.assign(nb, {});
  c.bs_eve.assign(nb, {});
  c.bs_target.assign(nb, {});
  for (std::size_t b = 0; b < nb; ++b) {
    const auto& B = s.base_stations[b];
    const LinkEnd tx{&B.tx, &B.pose};
    const NodeRef bn{NodeKind::bs, idx(b)};
    for (std::size_t u = 0; u < nu; ++u)
      c.bs_user[b].push_back(link(bn, tx, {NodeKind::user, idx(u)}, {&s.users[u].array, &s.users[u].pose}));
    for (std::size_t i = 0; i < ni; ++i)
      c.bs_surface[b].push_back(
          link(bn, tx, {NodeKind::surface, idx(i)}, {&s.surfaces[i].layout, &s.surfaces[i].pose}));
    for (std::size_t e = 0; e < ne; ++e)
      c.bs_eve[b].push_back(
          link(bn, tx, {NodeKind::eavesdropper, idx(e)}, {&s.eavesdroppers[e].array, &s.eavesdroppers[e].pose}));
    for (std::size_t t = 0; t < nt; ++t)
      c.bs_target[b].push_back(link(bn, tx, {NodeKind::target, idx(t)}, {&single_element(), &s.targets[t].pose}));
  }
  c.surface_user.assign(ni, {});
  c.surface_eve.assign(ni, {});
  c.surface_target.assign(ni, {});
  c.surface_bs.assign(ni, {});
  for (std::size_t i = 0; i < ni; ++i) {
    const auto& S = s.surfaces[i];
    const LinkEnd tx{&S.layout, &S.pose};
    const NodeRef sn{NodeKind::surface, idx(i)};
    for (std::size_t u = 0; u < nu; ++u)
      c.surface_user[i].push_back(link(sn, tx, {NodeKind::user, idx(u)}, {&s.users[u].array, &s.users[u].pose}));
    for (std::size_t e = 0; e < ne; ++e)
      c.surface_eve[i].push_back(
          link(sn, tx, {NodeKind::eavesdropper, idx(e)}, {&s.eavesdroppers[e].array, &s.eavesdroppers[e].pose}));
    for (std::size_t t = 0; t < nt; ++t) {
      if (S.mounted_on == s.targets[t].name) {  // a surface on the target itself: no IRS–target link
        c.surface_target[i].push_back(CMat::Zero(1, S.size()));
        continue;
      }
      c.surface_target[i].push_back(link(sn, tx, {NodeKind::target, idx(t)}, {&single_element(), &s.targets[t].pose}));
    }
    for (std::size_t b = 0; b < nb; ++b)
      c.surface_bs[i].push_back(
          link(sn, tx, {NodeKind::bs, idx(b)}, {&s.base_stations[b].rx, &s.base_stations[b].pose}));
  }
  c.target_bs.assign(nt, {});
  c.scattering.assign(nt, Complex{});
  for (std::size_t t = 0; t < nt; ++t) {
    const auto& T = s.targets[t];
    for (std::size_t b = 0; b < nb; ++b)
      c.target_bs[t].push_back(link({NodeKind::target, idx(t)}, {&single_element(), &T.pose}, {NodeKind::bs, idx(b)},
                                    {&s.base_stations[b].rx, &s.base_stations[b].pose}));
    const double amp = std::sqrt(scattering_gain(T.rcs_m2, lambda));
    c.scattering[t] = T.random_phase ? amp * rng.unit_phasor() : Complex{amp, 0.0};
  }
  return c;
}

}  // namespace irisac
