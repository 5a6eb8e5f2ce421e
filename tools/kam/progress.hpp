// A progress line on standard error, shown only when standard error is a terminal.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

namespace kam_tool {

/// Redraws one line on stderr ("kam score: pass 2/3 (score) 1200000 rows, 45%") at most five
/// times a second, and erases it when done. A command that runs several steps over different
/// files (`kam report`) names the step first ("kam report: position, pass 1/3 (fit) …"), so the
/// one line never shows "pass 1/3" twice without saying what it is reading. Silent when stderr
/// is not a terminal (a pipe, a file, a test), so that logs and captured output never contain it.
class progress {
 public:
  /// `label` starts the line (e.g. "kam score"). Shown only if stderr is a terminal.
  explicit progress(std::string label)
      : label_(std::move(label)), enabled_(::isatty(STDERR_FILENO) == 1) {}
  progress(const progress&) = delete;
  progress& operator=(const progress&) = delete;
  ~progress() { clear(); }

  /// Returns whether the line is shown.
  [[nodiscard]] bool enabled() const noexcept { return enabled_; }

  /// Names the step the next updates belong to (empty: none); the next update is drawn at once.
  void set_step(std::string step) {
    step_ = std::move(step);
    if (!step_.empty()) step_ += ", ";
    last_ = {};
  }

  /// Reports that phase `phase` has handled `rows` rows and read `bytes` of `total` bytes
  /// (total 0: unknown).
  void update(std::string_view phase, std::uint64_t rows, std::uint64_t bytes,
              std::uint64_t total) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (shown_ && last_ != std::chrono::steady_clock::time_point{} &&
        now - last_ < std::chrono::milliseconds(200)) {
      return;
    }
    last_ = now;
    shown_ = true;
    if (total > 0) {
      std::fprintf(stderr, "\r%s: %s%.*s %llu rows, %3.0f%%\033[K", label_.c_str(), step_.c_str(),
                   static_cast<int>(phase.size()), phase.data(),
                   static_cast<unsigned long long>(rows),
                   100.0 * static_cast<double>(bytes) / static_cast<double>(total));
    } else {
      std::fprintf(stderr, "\r%s: %s%.*s %llu rows\033[K", label_.c_str(), step_.c_str(),
                   static_cast<int>(phase.size()), phase.data(),
                   static_cast<unsigned long long>(rows));
    }
    std::fflush(stderr);
  }

  /// Erases the line (before a message or at the end).
  void clear() {
    if (!shown_) return;
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    shown_ = false;
  }

 private:
  std::string label_;
  std::string step_;  ///< "position, ", or empty
  bool enabled_ = false;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace kam_tool
