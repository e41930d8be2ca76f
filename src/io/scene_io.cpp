#include "irisac/io/scene_io.hpp"

#include <array>
#include <cmath>
#include <algorithm>
#include <filesystem>
#include <unordered_map>

#include "irisac/core/units.hpp"
#include "irisac/io/channel_exchange.hpp"
#include "irisac/io/limits.hpp"
#include "irisac/io/matrix_file.hpp"
#include "irisac/io/registry.hpp"

namespace irisac::io {
namespace {

// Ranges outside which a number has no physical meaning here and would overflow (a wavelength of
// 3e308 m, a power of 1e997 W): docs/scenario-format.md, "Ranges". Modelling choices, documented.
constexpr double kSceneMaxCoordinateM = 1e9;     // |x|, |y|, |z| of a position (beyond the Moon)
constexpr double kSceneMaxSpeedMps = 299792458.0;  // |v| below the speed of light
constexpr double kSceneMaxAngleDeg = 3600.0;
constexpr double kSceneMaxPowerDbm = 200.0;       // |tx_power_dbm|, |power_budget_dbm|, ...
constexpr double kSceneMaxGainDb = 300.0;         // |k_factor_db|, |ref_gain_db|, |min_sinr_db|, ...

void scene_in_range(const Reader& r, std::string_view key, double v, double lo, double hi) {
  r.require_at_least(key, v, lo);
  r.require_at_most(key, v, hi);
}

Vec3 scene_vec3_in_range(Reader& r, std::string_view key, double bound, const Vec3* fallback) {
  const Vec3 v = fallback ? r.vec3(key, *fallback) : r.vec3(key);
  for (int i = 0; i < 3; ++i)
    if (!(std::abs(v[i]) <= bound))
      r.fail(key, "components within +-" + std::to_string(static_cast<long long>(bound)),
             "a component " + describe(toml::value<double>(v[i])));
  return v;
}

double scene_db_in_range(Reader& r, std::string_view key, double fallback, double bound) {
  const double v = r.number(key, fallback);
  scene_in_range(r, key, v, -bound, bound);
  return v;
}

Pose read_pose(Reader& r) {
  Pose p;
  p.position_m = scene_vec3_in_range(r, "position_m", kSceneMaxCoordinateM, nullptr);
  const Vec3 zero = Vec3::Zero();
  const Vec3 ypr = scene_vec3_in_range(r, "orientation_deg", kSceneMaxAngleDeg, &zero);
  p.rotation = rotation_from_ypr(deg_to_rad(ypr[0]), deg_to_rad(ypr[1]), deg_to_rad(ypr[2]));
  p.velocity_mps = r.vec3("velocity_mps", Vec3::Zero());
  if (!(p.velocity_mps.norm() < kSceneMaxSpeedMps))
    r.fail("velocity_mps", "a speed below the speed of light (299792458 m/s)",
           describe(toml::value<double>(p.velocity_mps.norm())) + " m/s");
  return p;
}

ElementPattern read_pattern(Reader& r) {
  ElementPattern pat;
  const std::string kind = r.choice("pattern", "isotropic", {"isotropic", "cosine"});
  if (kind == "cosine") {
    pat.kind = ElementPattern::Kind::cosine;
    pat.q = r.number("pattern_q", 1.0);
    scene_in_range(r, "pattern_q", pat.q, 0.0, 1000.0);
  }
  return pat;
}

// rows, cols, spacings and element pattern of an array or surface table. Surfaces must give their
// size; arrays default to one element.
ArrayLayout read_layout(Reader& t, bool surface, const ScenarioLimits& limits) {
  ArrayLayout a;
  const char* need = surface ? "an integer >= 1 (a surface needs elements)" : "an integer >= 1";
  const auto rows = surface ? t.integer("rows") : t.integer("rows", 1);
  const auto cols = surface ? t.integer("cols") : t.integer("cols", 1);
  if (rows < 1) t.fail("rows", need, std::to_string(rows));
  if (cols < 1) t.fail("cols", need, std::to_string(cols));
  // The product is checked before anything of that size exists (rows x cols may overflow).
  const auto n = checked_mul(rows, cols);
  if (!n)
    t.fail("cols", "rows x cols of at most " + std::to_string(limits.elements) + " elements (limits.elements)",
           std::to_string(rows) + " x " + std::to_string(cols) + ", which overflows a 64-bit integer");
  require_within_limit(t, "cols", *n, limits.elements, "elements", "rows x cols elements");
  a.rows = rows;
  a.cols = cols;
  const double sp = t.number("spacing_wl", 0.5);
  a.spacing_y_wl = t.number("spacing_y_wl", sp);
  a.spacing_z_wl = t.number("spacing_z_wl", sp);
  t.require_at_least("spacing_y_wl", a.spacing_y_wl, 0.0, true);
  t.require_at_least("spacing_z_wl", a.spacing_z_wl, 0.0, true);
  t.require_at_most("spacing_y_wl", a.spacing_y_wl, 1e6);
  t.require_at_most("spacing_z_wl", a.spacing_z_wl, 1e6);
  a.pattern = read_pattern(t);
  return a;
}

// An array given either as a table {rows, cols, spacing_wl, ...} or as a number of elements (ULA).
ArrayLayout read_array(Reader& parent, std::string_view key, Index default_elements, const ScenarioLimits& limits) {
  ArrayLayout a;
  a.cols = default_elements;
  if (!parent.has(key)) {
    parent.accept(key);
    return a;
  }
  if (parent.raw().get(key)->is_number()) {
    const auto n = parent.integer(key);
    if (n < 1) parent.fail(key, "a number of elements >= 1", std::to_string(n));
    require_within_limit(parent, key, n, limits.elements, "elements", "a number of elements");
    a.cols = n;
    return a;
  }
  Reader t = parent.table(key);
  a = read_layout(t, false, limits);
  t.finish();
  return a;
}

PathLoss read_pathloss(Reader& r, const PathLoss& fallback) {
  PathLoss pl = fallback;
  const std::string kind = r.choice("pathloss", pl.kind == PathLoss::Kind::free_space ? "free_space" : "exponent",
                                    {"free_space", "exponent"});
  pl.kind = kind == "free_space" ? PathLoss::Kind::free_space : PathLoss::Kind::exponent;
  pl.exponent = r.number("exponent", pl.exponent);
  scene_in_range(r, "exponent", pl.exponent, 0.0, 10.0);
  pl.ref_gain = db_to_lin(scene_db_in_range(r, "ref_gain_db", lin_to_db(pl.ref_gain), kSceneMaxGainDb));
  return pl;
}

LinkModel read_link_model(Reader& r, const LinkModel& fallback, std::string* kind_out,
                          const std::vector<std::string>& kinds) {
  LinkModel m = fallback;
  const char* names[] = {"los", "rician", "rayleigh", "blocked"};
  const std::string kind = r.choice("model", names[static_cast<int>(m.kind)], kinds);
  if (kind_out) *kind_out = kind;
  if (kind == "los") m.kind = LinkModel::Kind::los;
  if (kind == "rician") m.kind = LinkModel::Kind::rician;
  if (kind == "rayleigh") m.kind = LinkModel::Kind::rayleigh;
  if (kind == "blocked") m.kind = LinkModel::Kind::blocked;
  m.k_factor = db_to_lin(scene_db_in_range(r, "k_factor_db", lin_to_db(m.k_factor), kSceneMaxGainDb));
  m.pathloss = read_pathloss(r, m.pathloss);
  m.near_field = r.boolean("near_field", m.near_field);
  return m;
}

std::string read_name(Reader& r, const std::string& kind, std::size_t index) {
  return r.string("name", kind + std::to_string(index));
}

// Elements of node n on the receive (as_rx) or transmit side of a link.
Index link_elements(const Scene& s, const NodeRef& n, bool as_rx) {
  const auto i = static_cast<std::size_t>(n.index);
  switch (n.kind) {
    case NodeKind::bs: return as_rx ? s.base_stations[i].rx.size() : s.base_stations[i].tx.size();
    case NodeKind::surface: return s.surfaces[i].size();
    case NodeKind::user: return s.users[i].array.size();
    case NodeKind::target: return 1;
    case NodeKind::eavesdropper: return s.eavesdroppers[i].array.size();
  }
  return 0;
}

// Every [[link]] is used, for the direction it names and (when that is not given by its own link)
// for the reverse one; an imported matrix must fit each use: rows = receiver elements, columns =
// transmitter elements (the BS's receive array as receiver, its transmit array as transmitter).
void check_link_directions(const Scene& s) {
  for (const auto& l : s.links) {
    const bool forward = is_drawn_direction(l.from.kind, l.to.kind);
    const bool reverse_has_own = std::any_of(s.links.begin(), s.links.end(),
                                             [&](const LinkOverride& o) { return o.from == l.to && o.to == l.from; });
    const bool backward = is_drawn_direction(l.to.kind, l.from.kind) && !reverse_has_own;
    const std::string a = s.node_name(l.from), b = s.node_name(l.to);
    if (!forward && !backward)
      throw InputError(l.origin, "link.between",
                       "a link whose reverse is not given by its own [[link]]: irisac draws only '" + b + "' to '" + a +
                           "' for this pair (reciprocal), and that is declared separately",
                       "[\"" + a + "\", \"" + b + "\"], which would be ignored");
    if (!l.matrix) continue;
    const Index r = l.matrix->rows(), c = l.matrix->cols();
    const auto shape = [](Index rows, Index cols) { return std::to_string(rows) + " x " + std::to_string(cols); };
    if (forward && (r != link_elements(s, l.to, true) || c != link_elements(s, l.from, false)))
      throw InputError(l.origin, "link.file",
                       "a matrix from '" + a + "' to '" + b + "' with rows = receive elements of '" + b +
                           "' and columns = transmit elements of '" + a + "' (" +
                           shape(link_elements(s, l.to, true), link_elements(s, l.from, false)) + ")",
                       shape(r, c) + " in " + l.file);
    if (backward && (c != link_elements(s, l.from, true) || r != link_elements(s, l.to, false)))
      throw InputError(l.origin, "link.file",
                       "a matrix that also serves, transposed, '" + b + "' to '" + a + "': " +
                           shape(link_elements(s, l.to, false), link_elements(s, l.from, true)) + " (rows = transmit " +
                           "elements of '" + b + "', columns = receive elements of '" + a +
                           "'), or a second [[link]] from '" + b + "' to '" + a + "' with its own model or file",
                       shape(r, c) + " in " + l.file);
  }
}

// A hybrid surface's element kinds (docs/architectures.md §4): either counts (active_elements,
// sensor_elements, sensor_placement) or an explicit element_pattern of N letters p/a/s.
void read_hybrid_elements(Reader& r, Surface& f) {
  const Index n = f.size();
  const bool counts = r.has("active_elements") || r.has("sensor_elements") || r.has("sensor_placement");
  if (r.has("element_pattern")) {
    if (counts)
      r.fail("element_pattern", "either element_pattern or active_elements/sensor_elements/sensor_placement",
             "both");
    const std::string p = r.string("element_pattern");
    if (static_cast<Index>(p.size()) != n)
      r.fail("element_pattern", std::to_string(n) + " letters p/a/s (one per element, row-major)",
             std::to_string(p.size()) + " letters");
    f.elements.clear();
    for (std::size_t i = 0; i < p.size(); ++i) {
      const char c = p[i];
      if (c != 'p' && c != 'a' && c != 's')
        r.fail("element_pattern", "letters p (passive), a (active) or s (sensor)",
               std::string("'") + c + "' at position " + std::to_string(i + 1));
      f.elements.push_back(c == 'p' ? ElementKind::passive : c == 'a' ? ElementKind::active : ElementKind::sensor);
    }
  } else {
    const auto ns = r.integer("sensor_elements", 0);
    if (ns < 0 || ns > n)
      r.fail("sensor_elements", "an integer in [0, " + std::to_string(n) + "] (the surface has " + std::to_string(n) +
                                    " elements)",
             std::to_string(ns));
    const auto na = r.integer("active_elements", 0);
    if (na < 0 || na > n - ns)
      r.fail("active_elements",
             "an integer in [0, " + std::to_string(n - ns) + "] (" + std::to_string(n) + " elements less " +
                 std::to_string(ns) + " sensor elements)",
             std::to_string(na));
    const std::string place = r.choice("sensor_placement", "centre", {"centre", "ends"});
    f.elements = hybrid_element_layout(n, na, ns, place);
  }
  Index ns = 0;
  for (const ElementKind e : f.elements) ns += e == ElementKind::sensor ? 1 : 0;
  f.num_sensors = ns;
}

}  // namespace

Document load_document(const std::string& path, const std::vector<std::string>& overrides) {
  Document doc = Document::from_file(path);
  for (const auto& o : overrides) doc.set(o);
  return doc;
}

Scene load_scene(const Document& doc) { return load_scene(doc, builtin_registry().parameter_tables); }

Scene load_scene(const Document& doc, const std::vector<std::string>& extra_tables) {
  const ScenarioLimits limits = read_scenario_limits(doc);
  Reader top(doc);
  for (const auto& t : extra_tables) top.accept(t);
  top.accept("limits");
  Scene s;
  std::vector<std::pair<std::string, std::string>> where;  // node name → "file:line" of its position

  if (auto meta = top.optional_table("meta")) {
    s.name = meta->string("name", "");
    (void)meta->string("description", "");
    (void)meta->string("figure", "");
    meta->finish();
  }
  if (s.name.empty()) s.name = std::filesystem::path(doc.source()).stem().string();

  Reader sys = top.table("system");
  s.system.carrier_hz = sys.number("carrier_hz");
  scene_in_range(sys, "carrier_hz", s.system.carrier_hz, 1e3, 1e15);
  s.system.bandwidth_hz = sys.number("bandwidth_hz", 100e6);
  scene_in_range(sys, "bandwidth_hz", s.system.bandwidth_hz, 1.0, 1e13);
  s.system.noise_psd_w_hz = dbm_hz_to_watt_hz(scene_db_in_range(sys, "noise_psd_dbm_hz", -174.0, kSceneMaxPowerDbm));
  const double nf_db = sys.number("noise_figure_db", 0.0);
  scene_in_range(sys, "noise_figure_db", nf_db, 0.0, 100.0);
  s.system.noise_figure = db_to_lin(nf_db);
  const auto seed = sys.integer("seed", 1);
  if (seed < 0) sys.fail("seed", "an integer >= 0", std::to_string(seed));
  s.seed = static_cast<std::uint64_t>(seed);
  sys.finish();

  if (auto lk = top.optional_table("links")) {
    s.default_link = read_link_model(*lk, s.default_link, nullptr, {"los", "rician", "rayleigh"});
    lk->finish();
  }

  {  // Node count before any node is built.
    std::int64_t nodes = 0;
    for (const char* kind : {"bs", "irs", "user", "target", "eavesdropper"})
      if (const toml::node* n = top.raw().get(kind))
        nodes += n->is_array() ? static_cast<std::int64_t>(n->as_array()->size()) : 1;
    require_within_limit(top, "user", nodes, limits.nodes, "nodes", "bs + irs + user + target + eavesdropper: nodes");
  }

  std::size_t k = 0;
  for (Reader r : top.tables("bs")) {
    BaseStation b;
    b.name = read_name(r, "bs", k++);
    b.pose = read_pose(r);
    where.emplace_back(b.name, r.where("position_m"));
    b.tx = read_array(r, "tx", 1, limits);
    b.rx = read_array(r, "rx", 1, limits);
    b.tx_power_w = dbm_to_watt(scene_db_in_range(r, "tx_power_dbm", 30.0, kSceneMaxPowerDbm));
    r.finish();
    s.base_stations.push_back(b);
  }
  k = 0;
  std::vector<Reader> surface_readers = top.tables("irs");
  for (Reader& r : surface_readers) {
    Surface f;
    f.name = read_name(r, "irs", k++);
    f.mounted_on = r.string("mounted_on", "");
    if (f.mounted_on.empty()) {
      f.pose = read_pose(r);
    } else {  // position comes from the carrier; resolved below
      const Vec3 zero = Vec3::Zero();
      const Vec3 ypr = scene_vec3_in_range(r, "orientation_deg", kSceneMaxAngleDeg, &zero);
      f.pose.rotation = rotation_from_ypr(deg_to_rad(ypr[0]), deg_to_rad(ypr[1]), deg_to_rad(ypr[2]));
      f.mount_offset_m = scene_vec3_in_range(r, "mount_offset_m", kSceneMaxCoordinateM, &zero);
    }
    f.layout = read_layout(r, true, limits);
    const Index rows = f.layout.rows, cols = f.layout.cols;
    const std::string mode = r.choice("mode", "reflect", {"reflect", "refract", "simultaneous"});
    f.mode = mode == "reflect" ? SurfaceMode::reflect : mode == "refract" ? SurfaceMode::refract : SurfaceMode::simultaneous;
    f.layout.pattern.two_sided = f.mode != SurfaceMode::reflect;
    const std::string proto = r.choice("protocol", "energy_splitting", {"energy_splitting", "mode_switching", "time_switching"});
    f.protocol = proto == "energy_splitting" ? StarProtocol::energy_splitting
                 : proto == "mode_switching" ? StarProtocol::mode_switching
                                             : StarProtocol::time_switching;
    f.reflect_fraction = r.number("reflect_fraction", 0.5);
    r.require_at_least("reflect_fraction", f.reflect_fraction, 0.0);
    r.require_at_most("reflect_fraction", f.reflect_fraction, 1.0);
    f.coupling = r.choice("phase_coupling", "independent", {"independent", "coupled"}) == "coupled"
                     ? PhaseCoupling::coupled
                     : PhaseCoupling::independent;
    f.coupling_offset = deg_to_rad(scene_db_in_range(r, "coupling_offset_deg", 90.0, kSceneMaxAngleDeg));
    const auto bits = r.integer("phase_bits", 0);
    if (bits < 0 || bits > 16) r.fail("phase_bits", "an integer in [0, 16] (0 = continuous)", std::to_string(bits));
    f.phase_bits = static_cast<int>(bits);
    const std::string kind = r.choice("kind", "passive", {"passive", "active", "semi_passive", "hybrid"});
    f.kind = kind == "passive"  ? SurfaceKind::passive
             : kind == "active" ? SurfaceKind::active
             : kind == "hybrid" ? SurfaceKind::hybrid
                                : SurfaceKind::semi_passive;
    if (f.kind == SurfaceKind::hybrid) read_hybrid_elements(r, f);
    if (f.kind == SurfaceKind::active || f.kind == SurfaceKind::hybrid) {
      const double a_db = r.number("amplification_db", 10.0);
      scene_in_range(r, "amplification_db", a_db, 0.0, kSceneMaxGainDb);
      f.amplification = db_to_lin(a_db);
      f.amplifier_noise_w = dbm_to_watt(scene_db_in_range(r, "amplifier_noise_dbm", -100.0, kSceneMaxPowerDbm));
      if (r.has("power_budget_dbm"))
        f.power_budget_w = dbm_to_watt(scene_db_in_range(r, "power_budget_dbm", 0.0, kSceneMaxPowerDbm));
    }
    if (f.kind == SurfaceKind::semi_passive) {
      const auto ns = r.integer("sensors", 1);
      if (ns < 1 || ns > rows * cols)
        r.fail("sensors", "an integer in [1, " + std::to_string(rows * cols) + "]", std::to_string(ns));
      f.num_sensors = ns;
    }
    s.surfaces.push_back(f);
  }
  k = 0;
  for (Reader r : top.tables("user")) {
    User u;
    u.name = read_name(r, "user", k++);
    u.pose = read_pose(r);
    where.emplace_back(u.name, r.where("position_m"));
    u.array = read_array(r, "antennas", 1, limits);
    if (r.has("min_sinr_db")) u.min_sinr = db_to_lin(scene_db_in_range(r, "min_sinr_db", 0.0, kSceneMaxGainDb));
    r.finish();
    s.users.push_back(u);
  }
  k = 0;
  for (Reader r : top.tables("target")) {
    Target t;
    t.name = read_name(r, "target", k++);
    t.pose = read_pose(r);
    where.emplace_back(t.name, r.where("position_m"));
    if (r.has("rcs_m2") && r.has("rcs_dbsm")) r.fail("rcs_dbsm", "either rcs_m2 or rcs_dbsm", "both");
    t.rcs_m2 = r.has("rcs_m2") ? r.number("rcs_m2") : dbsm_to_m2(scene_db_in_range(r, "rcs_dbsm", 0.0, kSceneMaxGainDb));
    r.accept("rcs_m2");
    r.require_at_least(r.has("rcs_m2") ? "rcs_m2" : "rcs_dbsm", t.rcs_m2, 0.0);
    if (r.has("rcs_m2")) r.require_at_most("rcs_m2", t.rcs_m2, 1e30);
    t.random_phase = r.choice("phase", "random", {"random", "fixed"}) == "random";
    r.finish();
    s.targets.push_back(t);
  }
  k = 0;
  for (Reader r : top.tables("eavesdropper")) {
    Eavesdropper e;
    e.name = read_name(r, "eve", k++);
    e.pose = read_pose(r);
    where.emplace_back(e.name, r.where("position_m"));
    e.array = read_array(r, "antennas", 1, limits);
    r.finish();
    s.eavesdroppers.push_back(e);
  }
  // Surfaces: resolve mounting, then close their readers.
  for (std::size_t i = 0; i < s.surfaces.size(); ++i) {
    Surface& f = s.surfaces[i];
    Reader& r = surface_readers[i];
    if (!f.mounted_on.empty()) {
      const auto host = s.find(f.mounted_on);
      if (!host || (host->kind != NodeKind::user && host->kind != NodeKind::target)) {
        std::vector<std::string> names;
        for (const auto& u : s.users) names.push_back(u.name);
        for (const auto& t : s.targets) names.push_back(t.name);
        const std::string near = closest(f.mounted_on, names);
        throw InputError(r.where("mounted_on"), r.full_key("mounted_on"), "the name of a user or target",
                         "\"" + f.mounted_on + "\"", near.empty() ? "" : "did you mean \"" + near + "\"?");
      }
      const Pose& hp = host->kind == NodeKind::user ? s.users[static_cast<std::size_t>(host->index)].pose
                                                     : s.targets[static_cast<std::size_t>(host->index)].pose;
      f.pose.position_m = hp.position_m + f.mount_offset_m;
      f.pose.velocity_mps = hp.velocity_mps;
    }
    where.emplace_back(f.name, r.where(f.mounted_on.empty() ? "position_m" : "mounted_on"));
    r.finish();
  }
  if (s.base_stations.empty() && (!s.users.empty() || !s.targets.empty() || !s.surfaces.empty()))
    top.fail("bs", "at least one [[bs]] for a scene with users, targets or surfaces", "none");

  // Names unique; no two nodes at one point (a surface may sit on its carrier). Linear in the number
  // of nodes: names in a hash map, positions in cells of 1 µm (a pair within 1e-9 m lies in one
  // cell or in two neighbouring ones).
  std::unordered_map<std::string, std::size_t> first_use;
  first_use.reserve(where.size());
  for (std::size_t i = 0; i < where.size(); ++i)
    if (!first_use.emplace(where[i].first, i).second)
      throw InputError(where[i].second, "name", "a unique node name", "\"" + where[i].first + "\" used twice");
  std::vector<NodeRef> refs;
  refs.reserve(where.size());
  {
    std::unordered_map<std::string, NodeRef> by_name;
    by_name.reserve(where.size());
    const auto add = [&](NodeKind kind, std::size_t n, auto name_of) {
      for (std::size_t i = 0; i < n; ++i) by_name.emplace(name_of(i), NodeRef{kind, static_cast<Index>(i)});
    };
    add(NodeKind::bs, s.base_stations.size(), [&](std::size_t i) { return s.base_stations[i].name; });
    add(NodeKind::surface, s.surfaces.size(), [&](std::size_t i) { return s.surfaces[i].name; });
    add(NodeKind::user, s.users.size(), [&](std::size_t i) { return s.users[i].name; });
    add(NodeKind::target, s.targets.size(), [&](std::size_t i) { return s.targets[i].name; });
    add(NodeKind::eavesdropper, s.eavesdroppers.size(), [&](std::size_t i) { return s.eavesdroppers[i].name; });
    for (const auto& w : where) refs.push_back(by_name.at(w.first));
  }
  {
    using Cell = std::array<std::int64_t, 3>;
    struct CellHash {
      std::size_t operator()(const Cell& c) const noexcept {
        std::uint64_t h = 1469598103934665603ULL;
        for (std::int64_t x : c) h = (h ^ static_cast<std::uint64_t>(x)) * 1099511628211ULL;
        return static_cast<std::size_t>(h);
      }
    };
    constexpr double cell_m = 1e-6;  // |coordinate| <= 1e9 m, so a cell index fits easily in int64
    std::unordered_map<Cell, std::vector<std::size_t>, CellHash> cells;
    cells.reserve(where.size());
    auto cell_of = [&](const Vec3& p) {
      return Cell{static_cast<std::int64_t>(std::floor(p[0] / cell_m)), static_cast<std::int64_t>(std::floor(p[1] / cell_m)),
                  static_cast<std::int64_t>(std::floor(p[2] / cell_m))};
    };
    auto mounted = [&](const NodeRef& x, const NodeRef& y) {
      return x.kind == NodeKind::surface && s.surfaces[static_cast<std::size_t>(x.index)].mounted_on == s.node_name(y);
    };
    for (std::size_t i = 0; i < where.size(); ++i) {
      const Vec3 pi = s.position(refs[i]);
      const Cell c = cell_of(pi);
      std::size_t clash = where.size();
      for (std::int64_t dx = -1; dx <= 1 && clash == where.size(); ++dx)
        for (std::int64_t dy = -1; dy <= 1 && clash == where.size(); ++dy)
          for (std::int64_t dz = -1; dz <= 1 && clash == where.size(); ++dz) {
            const auto it = cells.find(Cell{c[0] + dx, c[1] + dy, c[2] + dz});
            if (it == cells.end()) continue;
            for (std::size_t j : it->second) {
              if (mounted(refs[i], refs[j]) || mounted(refs[j], refs[i])) continue;
              if ((pi - s.position(refs[j])).norm() <= 1e-9 && j < clash) clash = j;
            }
          }
      if (clash != where.size())
        throw InputError(where[i].second, where[i].first + ".position_m", "a position distinct from every other node",
                         "the position of '" + where[clash].first + "' (" + where[clash].second + ")");
      cells[c].push_back(i);
    }
  }

  // Per-link overrides.
  std::vector<std::string> node_names;
  for (const auto& w : where) node_names.push_back(w.first);
  for (Reader r : top.tables("link")) {
    const auto between = r.strings("between");
    if (between.size() != 2) r.fail("between", "two node names [\"from\", \"to\"]", std::to_string(between.size()) + " names");
    LinkOverride o;
    o.origin = r.where();
    NodeRef ends[2];
    for (int e = 0; e < 2; ++e) {
      const auto n = s.find(between[static_cast<std::size_t>(e)]);
      if (!n) {
        const std::string near = closest(between[static_cast<std::size_t>(e)], node_names);
        throw InputError(r.where("between"), r.full_key("between"), "names of nodes of the scene",
                         "\"" + between[static_cast<std::size_t>(e)] + "\"",
                         near.empty() ? "" : "did you mean \"" + near + "\"?");
      }
      ends[e] = *n;
    }
    if (ends[0] == ends[1]) r.fail("between", "two different nodes", "\"" + between[0] + "\" twice");
    o.from = ends[0];
    o.to = ends[1];
    std::string kind;
    LinkModel m = read_link_model(r, s.default_link, &kind, {"los", "rician", "rayleigh", "blocked", "file"});
    if (kind == "file") {
      std::string file = r.string("file");
      if (!std::filesystem::path(file).is_absolute()) file = (std::filesystem::path(doc.base_dir()) / file).string();
      ChannelFileSpec spec;  // which matrix of the file (io/channel_exchange.hpp, docs/channel-exchange.md)
      spec.origin = r.where("file");
      spec.format = r.choice("format", "auto", channel_file_formats());
      spec.variable = r.string("variable", "");
      spec.realisation = r.integer("realisation", 0, 0);
      spec.channel = r.integer("channel", 1, 1);
      spec.snapshot = r.integer("snapshot", 0, 0);
      spec.rx = r.integer("rx", 0, 0);
      spec.tx = r.integer("tx", 0, 0);
      spec.time_step = r.integer("time_step", 0, 0);
      spec.limits = MatrixFileLimits{limits.matrix_entries, limits.file_bytes};
      try {
        o.matrix = read_channel_file(file, spec);
      } catch (const InputError& ex) {  // name the scenario line that referenced the file, too
        throw InputError(r.where("file"), r.full_key("file"), "a valid channel file",
                         std::string("an error in it: ") + ex.what());
      }
      o.file = file;  // shapes are checked where the matrix is used (per direction, against that array)
    } else {
      if (r.has("file")) r.fail("file", "no file unless model = \"file\"", "model = \"" + kind + "\"");
      o.model = m;
    }
    r.finish();
    for (const auto& prev : s.links)
      if (prev.from == o.from && prev.to == o.to)
        r.fail("between", "one [[link]] per direction (a second one from \"" + between[0] + "\" to \"" + between[1] +
                              "\" would be ignored)", "another at " + prev.origin);
    s.links.push_back(std::move(o));
  }
  check_link_directions(s);
  if (const auto t = too_short_link(s)) {
    std::string at = doc.source();
    for (const auto& w : where)
      if (w.first == s.node_name(t->to)) at = w.second;
    throw InputError(at, "position_m", "nodes at least the path loss's minimum distance apart", t->message);
  }
  top.finish();
  return s;
}

}  // namespace irisac::io
