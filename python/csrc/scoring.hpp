// Not API. What the weighted-sum bindings share (methods.cpp, reference.cpp): options from their
// string names, and a kam::score_result as the dict the Python layer reads.
#pragma once

#include <kam/scoring/options.hpp>
#include <kam/scoring/wsm.hpp>
#include <string>
#include <utility>

#include "common.hpp"

namespace kam_python {

/// Returns kam::score_options from the names of its enums; unknown names throw
/// kam::unknown_name naming `fn`.
inline kam::score_options score_options(const std::string& missing, const std::string& impute,
                                        const std::string& scale, unsigned threads,
                                        const char* fn) {
  kam::score_options o;
  o.missing = enum_arg<kam::missing_policy>(missing, "missing", fn);
  o.impute = enum_arg<kam::imputation>(impute, "impute", fn);
  o.scale = enum_arg<kam::score_scale>(scale, "scale", fn);
  o.threads = threads;
  return o;
}

/// Returns `r` as {"partial", "constant_criteria", "coverage" (None when not computed),
/// "scores"}, its vectors moved into numpy arrays.
template <typename Scalar>
py::dict score_dict(kam::score_result<Scalar>&& r) {
  py::dict out;
  out["partial"] = r.partial;
  out["constant_criteria"] = to_list(r.constant_criteria);
  out["coverage"] =
      r.coverage.size() == 0 ? py::object(py::none()) : py::object(to_numpy(std::move(r.coverage)));
  out["scores"] = to_numpy(std::move(r.scores));
  return out;
}

}  // namespace kam_python
