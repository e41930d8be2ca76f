#include "irisac/io/document.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace irisac::io {
namespace {

std::string where_of(const toml::source_region& src, const std::string& fallback) {
  std::string file = src.path ? std::string(*src.path) : fallback;
  if (file.rfind("--set", 0) == 0) return file;  // overrides have no useful line
  std::ostringstream os;
  os << file;
  if (src.begin.line > 0) os << ':' << src.begin.line << ':' << src.begin.column;
  return os.str();
}

std::string format_number(double v) {
  std::ostringstream os;
  os.precision(12);
  os << v;
  return os.str();
}

std::vector<std::string> split_key(std::string_view key) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : key) {
    if (c == '.') {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  return parts;
}

bool is_index(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// An index written in a key (digits only): its value, or SIZE_MAX when it has more digits than any
// array can have elements (no std::stoul, which throws std::out_of_range on 99999999999999999999).
std::size_t document_index(const std::string& s) {
  if (s.size() > 15) return std::numeric_limits<std::size_t>::max();
  std::size_t v = 0;
  for (char c : s) v = v * 10 + static_cast<std::size_t>(c - '0');
  return v;
}

}  // namespace

InputError::InputError(std::string where, std::string key, std::string expected, std::string found,
                       std::string hint)
    : std::runtime_error(where + ": " + (key.empty() ? std::string() : key + ": ") + "expected " + expected +
                         ", found " + found + (hint.empty() ? std::string() : " (" + hint + ")")),
      where_(std::move(where)),
      key_(std::move(key)) {}

// ---------------------------------------------------------------------------------------------
Document Document::from_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw InputError(path, "", "a TOML file", "a directory");
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec))
    throw InputError(path, "", "a regular TOML file", "a device, pipe or other special file");
  // TOML files are small; a huge one is refused before it is read.
  if (const auto size = std::filesystem::file_size(path, ec); !ec && size > kMaxTomlBytes)
    throw InputError(path, "", "a TOML file of at most " + std::to_string(kMaxTomlBytes) + " bytes",
                     std::to_string(size) + " bytes");
  std::ifstream in(path);
  if (!in) throw InputError(path, "", "a readable TOML file", "no such file or it cannot be read");
  std::stringstream ss;
  ss << in.rdbuf();
  Document d = from_string(ss.str(), path);
  const auto parent = std::filesystem::path(path).parent_path();
  d.base_dir_ = parent.empty() ? "." : parent.string();
  return d;
}

Document Document::from_string(std::string_view text, const std::string& source_name) {
  Document d;
  d.source_ = source_name;
  try {
    d.table_ = std::make_unique<toml::table>(toml::parse(text, source_name));
  } catch (const toml::parse_error& e) {
    std::ostringstream where;
    where << source_name << ':' << e.source().begin.line << ':' << e.source().begin.column;
    throw InputError(where.str(), "", "valid TOML", "a syntax error: " + std::string(e.description()));
  }
  return d;
}

Document::Document(const Document& other)
    : table_(other.table_ ? std::make_unique<toml::table>(*other.table_) : nullptr),
      source_(other.source_),
      base_dir_(other.base_dir_),
      origins_(std::make_shared<std::map<std::string, std::string>>(*other.origins_)) {}

Document& Document::operator=(const Document& other) {
  if (this != &other) {
    table_ = other.table_ ? std::make_unique<toml::table>(*other.table_) : nullptr;
    source_ = other.source_;
    base_dir_ = other.base_dir_;
    origins_ = std::make_shared<std::map<std::string, std::string>>(*other.origins_);
  }
  return *this;
}

std::string Document::to_toml() const {
  std::ostringstream os;
  os << *table_;
  return os.str();
}

std::string Document::assignment_key(std::string_view assignment) {
  std::string key(assignment.substr(0, assignment.find('=')));
  key.erase(key.find_last_not_of(" \t") + 1);
  return key;
}

void Document::set(std::string_view assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string_view::npos || eq == 0)
    throw InputError("--set " + std::string(assignment), "", "KEY=VALUE", "'" + std::string(assignment) + "'");
  const std::string key = assignment_key(assignment);
  std::string value(assignment.substr(eq + 1));
  if (value.find_first_not_of(" \t") == std::string::npos) {
    unset(key, "--set " + key + "=");
    return;
  }
  set_value(key, value, "--set " + key);
}

void Document::unset(std::string_view key, const std::string& origin) {
  const auto parts = split_key(key);
  toml::node* cur = table_.get();
  std::string walked;
  const auto missing = [&](const std::string& what) {
    return InputError(origin, std::string(key), "a key present in the document (to remove it)", what);
  };
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    const std::string& p = parts[i];
    if (p.empty()) throw InputError(origin, std::string(key), "a dotted key like irs.0.rows", "an empty part");
    walked += (walked.empty() ? "" : ".") + p;
    toml::node* next = nullptr;
    if (auto* tbl = cur->as_table()) {
      next = tbl->get(p);
    } else if (auto* arr = cur->as_array()) {
      if (is_index(p)) {
        if (const auto idx = std::stoul(p); idx < arr->size()) next = arr->get(idx);
      } else {
        for (std::size_t k = 0; k < arr->size(); ++k)
          if (auto* t = arr->get(k)->as_table(); t && t->contains("name") && (*t)["name"].value<std::string>() == p)
            next = arr->get(k);
      }
    }
    if (!next) throw missing("no '" + walked + "'");
    cur = next;
  }
  const std::string& leaf = parts.back();
  if (leaf.empty()) throw InputError(origin, std::string(key), "a dotted key like irs.0.rows", "an empty part");
  auto* tbl = cur->as_table();
  if (!tbl || !tbl->contains(leaf)) throw missing("no key '" + std::string(key) + "'");
  tbl->erase(leaf);
}

void Document::set_value(std::string_view key, std::string_view value_text, const std::string& origin) {
  // Parse VALUE as a TOML value; a bare word that is not TOML is taken as a string.
  toml::table parsed;
  try {
    parsed = toml::parse("v = " + std::string(value_text), origin);
  } catch (const toml::parse_error&) {
    try {
      std::string quoted = "\"";
      for (char c : value_text) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
      }
      parsed = toml::parse("v = " + quoted + "\"", origin);
    } catch (const toml::parse_error& e) {
      throw InputError(origin, std::string(key), "a TOML value", "'" + std::string(value_text) + "'");
    }
  }
  const auto parts = split_key(key);
  toml::node* cur = table_.get();
  std::string walked, normalised;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    const std::string& p = parts[i];
    if (p.empty()) throw InputError(origin, std::string(key), "a dotted key like irs.0.rows", "an empty part");
    walked += (walked.empty() ? "" : ".") + p;
    if (auto* tbl = cur->as_table()) {
      if (!tbl->contains(p)) tbl->insert(p, toml::table{});
      cur = tbl->get(p);
      normalised += (normalised.empty() ? "" : ".") + p;
    } else if (auto* arr = cur->as_array()) {
      toml::node* next = nullptr;
      if (is_index(p)) {
        const auto idx = document_index(p);
        if (idx < arr->size()) {
          next = arr->get(idx);
          normalised += "[" + p + "]";
        }
      } else {
        for (std::size_t k = 0; k < arr->size(); ++k)
          if (auto* t = arr->get(k)->as_table(); t && t->contains("name") && (*t)["name"].value<std::string>() == p) {
            next = arr->get(k);
            normalised += "[" + std::to_string(k) + "]";
          }
      }
      if (!next)
        throw InputError(origin, std::string(key),
                         "an index below " + std::to_string(arr->size()) + " or the name of an element of '" +
                             walked.substr(0, walked.rfind('.') == std::string::npos ? 0 : walked.rfind('.')) + "'",
                         "'" + p + "'");
      cur = next;
    } else {
      throw InputError(origin, std::string(key), "'" + walked + "' to be a table", describe(*cur));
    }
  }
  const std::string& leaf = parts.back();
  toml::node* value = parsed.get("v");
  (*origins_)[normalised + (cur->is_table() ? (normalised.empty() ? "" : ".") + leaf : "[" + leaf + "]")] = origin;
  if (auto* tbl = cur->as_table()) {
    tbl->insert_or_assign(leaf, *value);
  } else if (auto* arr = cur->as_array(); arr && is_index(leaf) && document_index(leaf) < arr->size()) {
    arr->replace(arr->begin() + static_cast<std::ptrdiff_t>(document_index(leaf)), *value);
  } else {
    throw InputError(origin, std::string(key), "a key inside a table", describe(*cur));
  }
}

// ---------------------------------------------------------------------------------------------
std::string describe(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "\"" + std::string(*node.value<std::string>()) + "\"";
    case toml::node_type::integer: return std::to_string(*node.value<std::int64_t>());
    case toml::node_type::floating_point: return format_number(*node.value<double>());
    case toml::node_type::boolean: return *node.value<bool>() ? "true" : "false";
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array of " + std::to_string(node.as_array()->size());
    default: return "a date or time";
  }
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0u : 1u)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
  // Smallest edit distance within max(2, |word|/3); ties go to a candidate with the same first letter.
  std::string best;
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  std::size_t best_score = 2 * limit + 2;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d > limit) continue;
    const bool same_first = !c.empty() && !word.empty() && c.front() == word.front();
    const std::size_t score = 2 * d + (same_first ? 0 : 1);
    if (score < best_score) {
      best_score = score;
      best = c;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
Reader::Reader(const toml::table& table, std::string source, std::string path)
    : table_(&table), source_(std::move(source)), path_(std::move(path)),
      used_(std::make_shared<std::vector<std::string>>()) {}

Reader::Reader(const Document& doc) : Reader(doc.table(), doc.source(), "") {
  origins_ = std::shared_ptr<const std::map<std::string, std::string>>(
      std::make_shared<std::map<std::string, std::string>>(doc.origins()));
}

const toml::node* Reader::get(std::string_view key) const {
  used_->emplace_back(key);
  return table_->get(key);
}

bool Reader::has(std::string_view key) const { return table_->contains(key); }

void Reader::accept(std::string_view key) { used_->emplace_back(key); }

std::string Reader::full_key(std::string_view key) const {
  if (path_.empty()) return std::string(key);
  if (key.empty()) return path_;
  return path_ + "." + std::string(key);
}

std::string Reader::where(std::string_view key) const {
  if (origins_ && !key.empty()) {
    // An overridden key, or a table below an overridden one.
    const std::string full = full_key(key);
    for (const auto& [k, origin] : *origins_)
      if (full == k || full.rfind(k + ".", 0) == 0 || full.rfind(k + "[", 0) == 0) return origin;
  }
  if (!key.empty())
    if (const toml::node* n = table_->get(key)) return where_of(n->source(), source_);
  return where_of(table_->source(), source_);
}

void Reader::fail(std::string_view key, const std::string& expected, const std::string& found) const {
  throw InputError(where(key), full_key(key), expected, found);
}

double Reader::number(std::string_view key) {
  const toml::node* n = get(key);
  if (!n) fail(key, "a number (required key)", "nothing");
  if (auto v = n->value_exact<double>()) {
    if (!std::isfinite(*v)) fail(key, "a finite number", describe(*n));
    return *v;
  }
  if (auto v = n->value_exact<std::int64_t>()) return static_cast<double>(*v);
  fail(key, "a number", describe(*n));
}

double Reader::number(std::string_view key, double fallback) { return has(key) ? number(key) : (accept(key), fallback); }

std::int64_t Reader::integer(std::string_view key) {
  const toml::node* n = get(key);
  if (!n) fail(key, "an integer (required key)", "nothing");
  if (auto v = n->value_exact<std::int64_t>()) return *v;
  if (auto v = n->value_exact<double>(); v && std::floor(*v) == *v && std::abs(*v) < 9e15)
    return static_cast<std::int64_t>(*v);
  fail(key, "an integer", describe(*n));
}

std::int64_t Reader::integer(std::string_view key, std::int64_t fallback) {
  return has(key) ? integer(key) : (accept(key), fallback);
}

std::int64_t Reader::integer(std::string_view key, std::int64_t fallback, std::int64_t min, std::int64_t max) {
  const std::int64_t v = integer(key, fallback);
  require_at_least(key, static_cast<double>(v), static_cast<double>(min));
  if (max < std::numeric_limits<std::int64_t>::max()) require_at_most(key, static_cast<double>(v), static_cast<double>(max));
  return v;
}

bool Reader::boolean(std::string_view key, bool fallback) {
  const toml::node* n = get(key);
  if (!n) return fallback;
  if (auto v = n->value_exact<bool>()) return *v;
  fail(key, "true or false", describe(*n));
}

std::string Reader::string(std::string_view key) {
  const toml::node* n = get(key);
  if (!n) fail(key, "a string (required key)", "nothing");
  if (auto v = n->value_exact<std::string>()) return *v;
  fail(key, "a string", describe(*n));
}

std::string Reader::string(std::string_view key, std::string_view fallback) {
  return has(key) ? string(key) : (accept(key), std::string(fallback));
}

std::string Reader::choice(std::string_view key, std::string_view fallback, const std::vector<std::string>& choices) {
  std::string v = string(key, fallback);
  if (std::find(choices.begin(), choices.end(), v) != choices.end()) return v;
  std::string list;
  for (std::size_t i = 0; i < choices.size(); ++i) list += (i ? ", " : "") + ("\"" + choices[i] + "\"");
  const std::string near = closest(v, choices);
  throw InputError(where(key), full_key(key), "one of " + list, "\"" + v + "\"",
                   near.empty() ? std::string() : "did you mean \"" + near + "\"?");
}

std::vector<double> Reader::numbers(std::string_view key) {
  const toml::node* n = get(key);
  if (!n) fail(key, "an array of numbers (required key)", "nothing");
  const toml::array* arr = n->as_array();
  if (!arr) fail(key, "an array of numbers", describe(*n));
  std::vector<double> out;
  for (const auto& el : *arr) {
    if (auto v = el.value_exact<double>(); v && std::isfinite(*v))
      out.push_back(*v);
    else if (auto i = el.value_exact<std::int64_t>())
      out.push_back(static_cast<double>(*i));
    else
      fail(key, "an array of finite numbers", "an element " + describe(el));
  }
  return out;
}

std::vector<std::string> Reader::strings(std::string_view key) {
  const toml::node* n = get(key);
  if (!n) fail(key, "an array of strings (required key)", "nothing");
  const toml::array* arr = n->as_array();
  if (!arr) fail(key, "an array of strings", describe(*n));
  std::vector<std::string> out;
  for (const auto& el : *arr) {
    if (auto v = el.value_exact<std::string>())
      out.push_back(*v);
    else
      fail(key, "an array of strings", "an element " + describe(el));
  }
  return out;
}

Vec3 Reader::vec3(std::string_view key) {
  const auto v = numbers(key);
  if (v.size() != 3) fail(key, "an array of 3 numbers [x, y, z]", "an array of " + std::to_string(v.size()));
  return {v[0], v[1], v[2]};
}

Vec3 Reader::vec3(std::string_view key, const Vec3& fallback) { return has(key) ? vec3(key) : (accept(key), fallback); }

void Reader::require_at_least(std::string_view key, double value, double min, bool strict) const {
  if (strict ? !(value > min) : !(value >= min))
    fail(key, std::string(strict ? "a value > " : "a value >= ") + format_number(min), format_number(value));
}

void Reader::require_at_most(std::string_view key, double value, double max, bool strict) const {
  if (strict ? !(value < max) : !(value <= max))
    fail(key, std::string(strict ? "a value < " : "a value <= ") + format_number(max), format_number(value));
}

Reader Reader::table(std::string_view key) {
  auto t = optional_table(key);
  if (!t) fail(key, "a table [" + full_key(key) + "] (required)", "nothing");
  return *t;
}

std::optional<Reader> Reader::optional_table(std::string_view key) {
  const toml::node* n = get(key);
  if (!n) return std::nullopt;
  const toml::table* t = n->as_table();
  if (!t) fail(key, "a table", describe(*n));
  Reader child(*t, source_, full_key(key));
  child.origins_ = origins_;
  return child;
}

std::vector<Reader> Reader::tables(std::string_view key) {
  const toml::node* n = get(key);
  std::vector<Reader> out;
  if (!n) return out;
  if (const toml::table* single = n->as_table()) {  // [irs] written once is accepted as one element
    out.emplace_back(*single, source_, full_key(key) + "[0]");
    out.back().origins_ = origins_;
    return out;
  }
  const toml::array* arr = n->as_array();
  if (!arr) fail(key, "an array of tables [[" + full_key(key) + "]]", describe(*n));
  std::size_t i = 0;
  for (const auto& el : *arr) {
    const toml::table* t = el.as_table();
    if (!t) fail(key, "an array of tables [[" + full_key(key) + "]]", "an element " + describe(el));
    out.emplace_back(*t, source_, full_key(key) + "[" + std::to_string(i++) + "]");
    out.back().origins_ = origins_;
  }
  return out;
}

void Reader::finish() const {
  std::vector<std::string> known(used_->begin(), used_->end());
  for (const auto& [k, node] : *table_) {
    const std::string key(k.str());
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    const std::string near = closest(key, known);
    throw InputError(where(key), full_key(key), "a known key", "unknown key '" + key + "'",
                     near.empty() ? std::string() : "did you mean '" + near + "'?");
  }
}

}  // namespace irisac::io
