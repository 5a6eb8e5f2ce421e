"""kam's exceptions: every error kam raises for bad input or configuration is a kam.Error.

Each carries where the problem was found, as kam's C++ ``kam::error_site`` does:
``function`` (the entry point that rejected the input: a C++ one such as ``"kam::score"``, or
``"kam.score"`` for what the Python layer checks itself: DataFrame columns, ``method``,
``threads``), ``field`` (the criterion, column or
parameter; ``""`` when none applies), ``row`` (the 0-based position of the account at fault, or
``None``), ``index`` (the element of a list-valued field, or ``None``) and ``reason`` (the message
without the site). For DataFrame input, ``label`` is the index label of ``row`` (else ``None``).

The subclasses also derive from the built-in exception a Python caller already handles:
``InvalidInputError`` and its subclasses are ``ValueError``; ``OutOfBoundsError`` (a value outside
its allowed range, C++ ``std::out_of_range``) is both ``ValueError`` and ``IndexError``;
``UnknownNameError`` (an unknown criterion, column or option name) is both ``KeyError`` and
``ValueError``, and lists the accepted names in ``known``.
"""

from __future__ import annotations


class Error(Exception):
    """Base of every exception kam raises for bad input or configuration."""

    def __init__(self, message: str, *, function: str = "", field: str = "",
                 row: int | None = None, index: int | None = None, reason: str = "") -> None:
        super().__init__(message)
        self.function = function
        self.field = field
        self.row = row
        self.index = index
        self.reason = reason or message
        self.label = None

    def __str__(self) -> str:  # KeyError would quote the message
        msg = str(self.args[0]) if self.args else ""
        if self.label is not None:
            msg += f" (index label {self.label!r})"
        return msg


class InvalidInputError(Error, ValueError):
    """Bad data or configuration (C++ ``kam::invalid_input``)."""


class ShapeMismatchError(InvalidInputError):
    """Sizes that must agree do not (C++ ``kam::shape_mismatch``)."""


class EmptyInputError(InvalidInputError):
    """Nothing to work on: no accounts, no criteria (C++ ``kam::empty_input``)."""


class NonFiniteValueError(InvalidInputError):
    """NaN or infinity where it is not allowed (C++ ``kam::non_finite_value``)."""


class DuplicateNameError(InvalidInputError):
    """A name given twice where names must be unique (C++ ``kam::duplicate_name``)."""


class OutOfBoundsError(Error, ValueError, IndexError):
    """A value or parameter outside its allowed range (C++ ``kam::out_of_bounds``)."""


class UnknownNameError(Error, KeyError, ValueError):
    """A name that is not known (C++ ``kam::unknown_name``); ``known`` lists the accepted ones."""

    def __init__(self, message: str, **site) -> None:
        super().__init__(message, **site)
        self.name = ""
        self.known: list[str] = []


__all__ = [
    "Error",
    "InvalidInputError",
    "ShapeMismatchError",
    "EmptyInputError",
    "NonFiniteValueError",
    "DuplicateNameError",
    "OutOfBoundsError",
    "UnknownNameError",
]
