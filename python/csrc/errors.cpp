// kam's C++ errors as Python exceptions: the classes live in kam/_errors.py; this translator
// raises the matching one with the error's site (function, field, row, index) as attributes.
#include <exception>
#include <kam/core/error.hpp>

#include "common.hpp"

namespace kam_python {

namespace {

/// Sets the Python error to an instance of kam._errors.<name> built from `e`; `unknown` adds the
/// name that was not known and the names that were.
void raise(const char* name, const char* what, const kam::error& e,
           const kam::unknown_name* unknown = nullptr) {
  const py::object cls = py::module_::import("kam._errors").attr(name);
  const py::object row = e.row() ? py::object(py::int_(*e.row())) : py::none();
  const py::object index = e.index() ? py::object(py::int_(*e.index())) : py::none();
  const py::object err =
      cls(py::str(what), py::arg("function") = e.function(), py::arg("field") = e.field(),
          py::arg("row") = row, py::arg("index") = index, py::arg("reason") = e.reason());
  if (unknown != nullptr) {
    err.attr("name") = unknown->name();
    err.attr("known") = unknown->known();
  }
  PyErr_SetObject(cls.ptr(), err.ptr());
}

}  // namespace

void bind_errors(py::module_&) {
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const kam::unknown_name& e) {
      raise("UnknownNameError", e.what(), e, &e);
    } catch (const kam::shape_mismatch& e) {
      raise("ShapeMismatchError", e.what(), e);
    } catch (const kam::empty_input& e) {
      raise("EmptyInputError", e.what(), e);
    } catch (const kam::non_finite_value& e) {
      raise("NonFiniteValueError", e.what(), e);
    } catch (const kam::duplicate_name& e) {
      raise("DuplicateNameError", e.what(), e);
    } catch (const kam::invalid_input& e) {
      raise("InvalidInputError", e.what(), e);
    } catch (const kam::out_of_bounds& e) {
      raise("OutOfBoundsError", e.what(), e);
    }
  });
}

}  // namespace kam_python
