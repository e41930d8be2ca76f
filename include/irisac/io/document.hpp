#pragma once
/// \file TOML documents (scenario and experiment files) and the checked reader every file goes
/// through. `--set KEY=VALUE` edits the document before it is read, so an override takes exactly
/// the path of a value written in the file.
///
/// Keys are dotted paths; an element of an array of tables is named by index or by its `name`:
///   irs.0.rows = 16,  irs.ris1.rows = 16,  system.carrier_hz = 28e9
#include <cstdint>
#include <map>
#include <memory>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "irisac/core/types.hpp"
#include "irisac/io/input_error.hpp"

namespace irisac::io {

/// Largest TOML file read (scenarios and experiments are a few kB; a [[user]] per line for the
/// `limits.nodes` default of 10000 nodes is about 1 MB).
inline constexpr std::uintmax_t kMaxTomlBytes = 64u << 20;

/// A parsed TOML file (or string) and the name it is reported under.
class Document {
 public:
  /// Parses `path`; syntax errors become InputError with the file, line and column.
  static Document from_file(const std::string& path);
  /// Parses `text`, reported as `source_name`.
  static Document from_string(std::string_view text, const std::string& source_name);

  /// Applies `KEY=VALUE`; VALUE is TOML (numbers, booleans, arrays, quoted or bare strings).
  /// Creates missing tables; an unknown key is still caught by the reader later.
  void set(std::string_view assignment);
  /// The KEY of a `KEY=VALUE` assignment as set() reads it (trailing blanks dropped).
  [[nodiscard]] static std::string assignment_key(std::string_view assignment);
  /// Removes `key` (dotted path, as for set()), reported as `origin`; `KEY=` with nothing after the
  /// '=' in set() does the same. A key that is not there is an error (a misspelt key is not ignored).
  void unset(std::string_view key, const std::string& origin);
  /// Sets `key` (dotted path) to a parsed TOML value given as text, reported as `origin`.
  void set_value(std::string_view key, std::string_view value_text, const std::string& origin);

  [[nodiscard]] const toml::table& table() const noexcept { return *table_; }
  [[nodiscard]] toml::table& table() noexcept { return *table_; }
  [[nodiscard]] const std::string& source() const noexcept { return source_; }
  /// Directory of the source file ("." for strings): relative paths inside are resolved from it.
  [[nodiscard]] const std::string& base_dir() const noexcept { return base_dir_; }
  /// For a document parsed from the text of a file: relative paths resolve from `dir`.
  void set_base_dir(std::string dir) { base_dir_ = std::move(dir); }
  /// Canonical TOML text of the current content (for hashing and provenance).
  [[nodiscard]] std::string to_toml() const;
  /// Keys set by set()/set_value(), normalised to reader form ("irs[0].rows"), with their origin
  /// ("--set irs.ris.rows"): errors about them name the override instead of a file line.
  [[nodiscard]] const std::map<std::string, std::string>& origins() const noexcept { return *origins_; }

  Document(const Document& other);
  Document& operator=(const Document& other);
  Document(Document&&) noexcept = default;
  Document& operator=(Document&&) noexcept = default;
  ~Document() = default;

 private:
  Document() = default;
  std::unique_ptr<toml::table> table_;
  std::string source_;
  std::string base_dir_ = ".";
  std::shared_ptr<std::map<std::string, std::string>> origins_ = std::make_shared<std::map<std::string, std::string>>();
};

/// A checked view of one table. Every getter records the key as used; finish() rejects the keys
/// nobody asked for, with a "did you mean" suggestion. Errors carry file:line:col and the full key.
class Reader {
 public:
  Reader(const toml::table& table, std::string source, std::string path);
  /// The top-level reader of a document (knows which keys came from --set).
  explicit Reader(const Document& doc);

  [[nodiscard]] bool has(std::string_view key) const;
  /// Required number (integers are accepted as numbers). Range checks are inclusive unless told.
  [[nodiscard]] double number(std::string_view key);
  [[nodiscard]] double number(std::string_view key, double fallback);
  [[nodiscard]] std::int64_t integer(std::string_view key);
  [[nodiscard]] std::int64_t integer(std::string_view key, std::int64_t fallback);
  /// Optional integer in [min, max] (the range errors of require_at_least/require_at_most).
  [[nodiscard]] std::int64_t integer(std::string_view key, std::int64_t fallback, std::int64_t min,
                                     std::int64_t max = std::numeric_limits<std::int64_t>::max());
  [[nodiscard]] bool boolean(std::string_view key, bool fallback);
  [[nodiscard]] std::string string(std::string_view key);
  [[nodiscard]] std::string string(std::string_view key, std::string_view fallback);
  /// A string that must be one of `choices`.
  [[nodiscard]] std::string choice(std::string_view key, std::string_view fallback,
                                   const std::vector<std::string>& choices);
  [[nodiscard]] std::vector<double> numbers(std::string_view key);
  [[nodiscard]] std::vector<std::string> strings(std::string_view key);
  [[nodiscard]] Vec3 vec3(std::string_view key);
  [[nodiscard]] Vec3 vec3(std::string_view key, const Vec3& fallback);

  /// Range checks on a value already read from `key` (for the error message).
  void require_at_least(std::string_view key, double value, double min, bool strict = false) const;
  void require_at_most(std::string_view key, double value, double max, bool strict = false) const;

  /// Sub-table; throws if absent (required) or returns nullopt (optional).
  [[nodiscard]] Reader table(std::string_view key);
  [[nodiscard]] std::optional<Reader> optional_table(std::string_view key);
  /// Array of tables, e.g. [[irs]] (an absent key gives an empty vector).
  [[nodiscard]] std::vector<Reader> tables(std::string_view key);
  /// Marks a key as known without reading it (consumed elsewhere).
  void accept(std::string_view key);

  /// Throws InputError for the first key that no getter asked for.
  void finish() const;

  /// Throws InputError at `key` (its line if present, else the table's).
  [[noreturn]] void fail(std::string_view key, const std::string& expected, const std::string& found) const;
  /// "file:line:col" of `key` (or of this table when `key` is absent).
  [[nodiscard]] std::string where(std::string_view key = {}) const;
  /// Full dotted path of `key`, e.g. "irs[0].rows".
  [[nodiscard]] std::string full_key(std::string_view key) const;
  [[nodiscard]] const std::string& source() const noexcept { return source_; }
  [[nodiscard]] const toml::table& raw() const noexcept { return *table_; }

 private:
  const toml::node* get(std::string_view key) const;
  const toml::table* table_;
  std::string source_, path_;
  std::shared_ptr<std::vector<std::string>> used_;
  std::shared_ptr<const std::map<std::string, std::string>> origins_;
};

/// Human-readable description of a TOML node for messages: `0`, `"abc"`, `a table`, `an array`.
[[nodiscard]] std::string describe(const toml::node& node);
/// Levenshtein distance, for "did you mean" suggestions.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);
/// The closest of `candidates` to `word` if it is close enough, else empty.
[[nodiscard]] std::string closest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace irisac::io
