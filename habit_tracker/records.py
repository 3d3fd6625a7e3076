"""``NamedTuple`` for the class syntax, at a fraction of ``typing.NamedTuple``'s cost.

``typing.NamedTuple`` (Python 3.11) builds each class with
``collections.namedtuple``, which compiles a ``__new__`` from source with
``eval`` (0.5M of the 0.64M instructions a class costs, callgrind), and then
assigns the class's ``__bases__`` -- the very ``(tuple,)`` it has already --
which makes CPython recompute the type's slots.  The check-in creates some twenty
of these classes on every run.

This builds the same kind of class (a tuple subclass with the same fields,
defaults, field properties, ``_make``, ``_replace``, ``_asdict``, repr, docstring,
name and module) without either.  Its ``__new__`` fills the tuple from the
arguments itself; for anything else (positional and keyword arguments mixed, a
wrong count, an unknown name) it hands over to the exact ``__new__`` that
``collections.namedtuple`` would have made, compiled on that first use by the
class, so the arguments accepted and the errors raised are namedtuple's own.

Only the runtime uses it; type checkers see ``typing.NamedTuple``::

    if TYPE_CHECKING:
        from typing import NamedTuple
    else:
        from .records import NamedTuple
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial
from operator import itemgetter
from typing import Any, TypeVar

T = TypeVar("T")

try:  # CPython's field accessor (what collections.namedtuple uses)
    from _collections import _tuplegetter
except ImportError:  # pragma: no cover - other interpreters
    def _tuplegetter(index: int, doc: str) -> Any:
        return property(itemgetter(index), doc=doc)

# As typing.NamedTuple: what a class body may not set, and what it sets anyway.
_PROHIBITED = frozenset({"__new__", "__init__", "__slots__", "__getnewargs__", "_fields",
                         "_field_defaults", "_make", "_replace", "_asdict", "_source"})
_SPECIAL = frozenset({"__module__", "__name__", "__annotations__", "__qualname__"})

_tuple_new = tuple.__new__


def _exact_new(typename: str, fields: tuple[str, ...], defaults: tuple[Any, ...]) -> Any:
    """The ``__new__`` collections.namedtuple makes for these fields and defaults."""
    import collections

    return collections.namedtuple(typename, fields, defaults=defaults).__new__


def _arg_list(fields: tuple[str, ...]) -> str:
    return ", ".join(fields) + ("," if len(fields) == 1 else "")


def _new_for(typename: str, fields: tuple[str, ...], defaults: tuple[Any, ...]) -> Any:
    count = len(fields)
    required = count - len(defaults)
    known = frozenset(fields)
    default_of = dict(zip(fields[required:], defaults, strict=True))
    exact: list[Any] = []

    def __new__(cls: type, *args: Any, **kwargs: Any) -> Any:
        if kwargs:
            if args:
                pass
            elif len(kwargs) == count:  # every field named (a KeyError: a wrong name)
                try:
                    return _tuple_new(cls, map(kwargs.__getitem__, fields))
                except KeyError:
                    pass
            elif kwargs.keys() <= known:
                try:
                    return _tuple_new(cls, [kwargs[name] if name in kwargs else default_of[name]
                                            for name in fields])
                except KeyError:  # a field without a default left out
                    pass
        else:
            given = len(args)
            if given == count:
                return _tuple_new(cls, args)
            if required <= given < count:
                return _tuple_new(cls, args + defaults[given - required:])
        # Anything else, mistakes included: namedtuple's own __new__ decides.
        if not exact:
            exact.append(_exact_new(typename, fields, defaults))
        return exact[0](cls, *args, **kwargs)

    __new__.__doc__ = f"Create new instance of {typename}({_arg_list(fields)})"
    return __new__


@classmethod  # type: ignore[misc]
def _make(cls: type, iterable: Any) -> Any:
    """Make a new object from a sequence or iterable."""
    made: tuple[Any, ...] = _tuple_new(cls, iterable)
    if len(made) != len(cls._fields):  # type: ignore[attr-defined]
        raise TypeError(f"Expected {len(cls._fields)} arguments, got {len(made)}")  # type: ignore[attr-defined]
    return made


def _replace(self: Any, /, **changes: Any) -> Any:
    """Return a new object replacing the given fields with new values."""
    made = self._make(map(changes.pop, self._fields, self))
    if changes:
        raise ValueError(f"Got unexpected field names: {list(changes)!r}")
    return made


def _repr(self: Any) -> str:
    """Return a nicely formatted representation string."""
    values = ", ".join(f"{name}={value!r}" for name, value in zip(self._fields, self, strict=True))
    return f"{type(self).__name__}({values})"


def _asdict(self: Any) -> dict[str, Any]:
    """Return a new dict which maps field names to their values."""
    return dict(zip(self._fields, self, strict=True))


def _getnewargs(self: Any) -> tuple[Any, ...]:
    """Return self as a plain tuple.  Used by copy and pickle."""
    return tuple(self)


def namedtuple_class(typename: str, fields: list[str], defaults: list[Any],
                     module: str, qualname: str | None = None) -> Any:
    """The class ``collections.namedtuple(typename, fields, defaults=defaults)``
    would make, with a ``__new__`` that needs no ``eval`` for positional calls."""
    names = tuple(sys.intern(name) for name in fields)
    default_values = tuple(defaults)
    namespace: dict[str, Any] = {
        "__doc__": f"{typename}({_arg_list(names)})",
        "__slots__": (),
        "_fields": names,
        "_field_defaults": dict(zip(names[len(names) - len(default_values):], default_values,
                                    strict=True)),
        "__new__": _new_for(typename, names, default_values),
        "_make": _make,
        "_replace": _replace,
        "__repr__": _repr,
        "_asdict": _asdict,
        "__getnewargs__": _getnewargs,
        "__match_args__": names,
        "__module__": module,
    }
    if qualname is not None:
        namespace["__qualname__"] = qualname
    for index, name in enumerate(names):
        namespace[name] = _tuplegetter(index, f"Alias for field number {index}")
    return type(typename, (tuple,), namespace)


def maker(cls: type[T]) -> Callable[[tuple[Any, ...]], T]:
    """``cls`` from a tuple of all its field values, in order, at C speed (no
    Python frame, no defaults, no checks): for loops that read thousands of rows."""
    made: Any = partial(_tuple_new, cls)  # (tuple.__new__'s stub types it as tuple)
    return made  # type: ignore[no-any-return]


class _NamedTupleMeta(type):
    def __new__(mcs, typename: str, bases: tuple[type, ...], ns: dict[str, Any]) -> Any:
        if not bases:  # NamedTuple itself
            return super().__new__(mcs, typename, bases, ns)
        if bases != (NamedTuple,):
            raise TypeError("a NamedTuple class can only inherit from NamedTuple")
        annotations = ns.get("__annotations__", {})
        fields = list(annotations)
        defaults = []
        for name in fields:
            if name in ns:
                defaults.append(name)
            elif defaults:
                raise TypeError(f"Non-default namedtuple field {name} cannot follow default "
                                f"field{'s' if len(defaults) > 1 else ''} {', '.join(defaults)}")
        for key in ns:
            if key in _PROHIBITED:
                raise AttributeError(f"Cannot overwrite NamedTuple attribute {key}")
        made = namedtuple_class(typename, fields, [ns[n] for n in defaults],
                                ns["__module__"], ns.get("__qualname__"))
        made.__annotations__ = dict(annotations)
        for key, value in ns.items():
            if key not in _SPECIAL and key not in made._fields:
                setattr(made, key, value)
        return made


class NamedTuple(metaclass=_NamedTupleMeta):
    """Subclass it as ``typing.NamedTuple``: the class made is a plain namedtuple."""
