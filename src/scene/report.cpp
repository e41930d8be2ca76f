#include "irisac/scene/report.hpp"

#include "irisac/core/error.hpp"

namespace irisac {
namespace {

const char* model_name(const Scene& s, const NodeRef& a, const NodeRef& b) {
  if (s.imported(a, b)) return "file";
  switch (s.link_model(a, b).kind) {
    case LinkModel::Kind::los: return "los";
    case LinkModel::Kind::rician: return "rician";
    case LinkModel::Kind::rayleigh: return "rayleigh";
    case LinkModel::Kind::blocked: return "blocked";
  }
  return "?";
}

}  // namespace

std::vector<std::string> path_notes(const Scene& s) {
  std::vector<std::string> notes;
  for (const auto& l : s.links)
    if (l.model && l.model->kind == LinkModel::Kind::blocked)
      notes.push_back("path '" + s.node_name(l.from) + "' -> '" + s.node_name(l.to) + "' is zero: blocked by the [[link]] at " +
                      l.origin);
  if (s.base_stations.empty()) return notes;
  const BaseStation& bs = s.base_stations.front();
  auto via = [&](const Surface& f, const std::string& node, const Vec3& pos) {
    const bool refl = is_reflection_path(f, bs.pose.position_m, pos);
    if (refl && f.mode == SurfaceMode::refract)
      notes.push_back("path '" + bs.name + "' -> '" + f.name + "' -> '" + node + "' is zero: '" + node +
                      "' is on the same side of refract-mode surface '" + f.name + "' as '" + bs.name +
                      "', and the surface does not reflect");
    if (!refl && f.mode == SurfaceMode::reflect)
      notes.push_back("path '" + bs.name + "' -> '" + f.name + "' -> '" + node + "' is zero: '" + node +
                      "' is behind reflect-mode surface '" + f.name + "' as seen from '" + bs.name +
                      "', and the surface does not refract");
  };
  for (const auto& f : s.surfaces) {
    for (const auto& u : s.users) via(f, u.name, u.pose.position_m);
    for (const auto& t : s.targets)
      if (f.mounted_on != t.name) via(f, t.name, t.pose.position_m);
  }
  return notes;
}

SceneReport report(const Scene& s, Index random_draws) { return report(s, random_draws, SurfacePhases{}); }

SceneReport report(const Scene& s, Index random_draws, const SurfacePhases& given) {
  const bool has_given = !given.empty();
  if (has_given) {
    IRISAC_REQUIRE(given.size() == s.surfaces.size(), "given phases: one vector per surface (", s.surfaces.size(),
                   "), got ", given.size());
    for (std::size_t i = 0; i < given.size(); ++i)
      IRISAC_REQUIRE(given[i].size() == s.surfaces[i].size(), "given phases of surface '", s.surfaces[i].name,
                     "': ", s.surfaces[i].size(), " entries (got ", given[i].size(), ")");
  }
  SceneReport rep;
  rep.notes = path_notes(s);
  rep.wavelength_m = s.system.wavelength_m();
  rep.noise_power_w = s.system.noise_power_w();
  rep.random_draws = random_draws;
  Rng rng(s.seed, 0, 0, 0);
  const ChannelSet ch = draw_channels(s, rng);
  static const ArrayLayout point{};
  auto add = [&](const NodeRef& a, const std::string& an, const LinkEnd& ta, const NodeRef& b, const std::string& bn,
                 const LinkEnd& tb, const CMat& h) {
    LinkReport l;
    l.from = an;
    l.to = bn;
    l.model = model_name(s, a, b);
    l.geometry = link_geometry(ta, tb);
    const LinkModel& m = s.link_model(a, b);
    l.path_gain = (m.kind == LinkModel::Kind::blocked || l.model == std::string("file"))
                      ? (l.model == std::string("file") ? h.squaredNorm() / static_cast<double>(h.size()) : 0.0)
                      : m.pathloss.gain(l.geometry.distance_m, rep.wavelength_m);
    l.diagnostics = h.squaredNorm() > 0.0 ? link_diagnostics(h) : LinkDiagnostics{0, RVec::Zero(std::min(h.rows(), h.cols())), 0.0};
    rep.links.push_back(std::move(l));
  };
  const auto idx = [](std::size_t i) { return static_cast<Index>(i); };
  for (std::size_t b = 0; b < s.base_stations.size(); ++b) {
    const auto& B = s.base_stations[b];
    const NodeRef bn{NodeKind::bs, idx(b)};
    const LinkEnd tx{&B.tx, &B.pose}, rx{&B.rx, &B.pose};
    for (std::size_t i = 0; i < s.surfaces.size(); ++i)
      add(bn, B.name + ".tx", tx, {NodeKind::surface, idx(i)}, s.surfaces[i].name,
          {&s.surfaces[i].layout, &s.surfaces[i].pose}, ch.bs_surface[b][i]);
    for (std::size_t u = 0; u < s.users.size(); ++u)
      add(bn, B.name + ".tx", tx, {NodeKind::user, idx(u)}, s.users[u].name, {&s.users[u].array, &s.users[u].pose},
          ch.bs_user[b][u]);
    for (std::size_t t = 0; t < s.targets.size(); ++t)
      add(bn, B.name + ".tx", tx, {NodeKind::target, idx(t)}, s.targets[t].name, {&point, &s.targets[t].pose},
          ch.bs_target[b][t]);
    for (std::size_t e = 0; e < s.eavesdroppers.size(); ++e)
      add(bn, B.name + ".tx", tx, {NodeKind::eavesdropper, idx(e)}, s.eavesdroppers[e].name,
          {&s.eavesdroppers[e].array, &s.eavesdroppers[e].pose}, ch.bs_eve[b][e]);
    for (std::size_t i = 0; i < s.surfaces.size(); ++i)
      add({NodeKind::surface, idx(i)}, s.surfaces[i].name, {&s.surfaces[i].layout, &s.surfaces[i].pose}, bn,
          B.name + ".rx", rx, ch.surface_bs[i][b]);
  }
  for (std::size_t i = 0; i < s.surfaces.size(); ++i) {
    const NodeRef sn{NodeKind::surface, idx(i)};
    const LinkEnd st{&s.surfaces[i].layout, &s.surfaces[i].pose};
    for (std::size_t u = 0; u < s.users.size(); ++u)
      add(sn, s.surfaces[i].name, st, {NodeKind::user, idx(u)}, s.users[u].name, {&s.users[u].array, &s.users[u].pose},
          ch.surface_user[i][u]);
    for (std::size_t t = 0; t < s.targets.size(); ++t)
      if (s.surfaces[i].mounted_on != s.targets[t].name)
        add(sn, s.surfaces[i].name, st, {NodeKind::target, idx(t)}, s.targets[t].name, {&point, &s.targets[t].pose},
            ch.surface_target[i][t]);
    for (std::size_t e = 0; e < s.eavesdroppers.size(); ++e)
      add(sn, s.surfaces[i].name, st, {NodeKind::eavesdropper, idx(e)}, s.eavesdroppers[e].name,
          {&s.eavesdroppers[e].array, &s.eavesdroppers[e].pose}, ch.surface_eve[i][e]);
  }
  if (s.base_stations.empty()) return rep;
  Rng phase_rng(s.seed, 0, 0, 1);
  std::vector<SurfacePhases> draws;
  for (Index k = 0; k < random_draws; ++k) draws.push_back(random_phases(s, phase_rng));
  for (std::size_t u = 0; u < s.users.size(); ++u) {
    UserReport ur;
    ur.name = s.users[u].name;
    for (const auto& v : draws) ur.snr_random += user_snr(s, ch, 0, idx(u), v) / static_cast<double>(draws.size());
    ur.snr_aligned = user_snr(s, ch, 0, idx(u), aligned_phases_for_user(s, ch, 0, idx(u)));
    if (has_given) ur.snr_given = user_snr(s, ch, 0, idx(u), given);
    rep.users.push_back(ur);
  }
  for (std::size_t t = 0; t < s.targets.size(); ++t) {
    TargetReport tr;
    tr.name = s.targets[t].name;
    for (const auto& v : draws) tr.echo_snr_random += echo_snr(s, ch, 0, idx(t), v) / static_cast<double>(draws.size());
    tr.echo_snr_aligned = echo_snr(s, ch, 0, idx(t), aligned_phases_for_target(s, ch, 0, idx(t)));
    if (has_given) tr.echo_snr_given = echo_snr(s, ch, 0, idx(t), given);
    rep.targets.push_back(tr);
  }
  return rep;
}

}  // namespace irisac
