"""``NamedTuple`` for the class syntax, at a third of ``typing.NamedTuple``'s cost.

``typing.NamedTuple`` (Python 3.11) builds each class with
``collections.namedtuple`` and then assigns the class's ``__bases__`` -- the very
``(tuple,)`` it has already -- which makes CPython recompute the type's slots:
about 0.25 ms a class, some five milliseconds of every check-in for the twenty
classes on its path.  This builds the same class (same fields, defaults,
methods, docstring, name and module) without that assignment.

Only the runtime uses it; type checkers see ``typing.NamedTuple``::

    if TYPE_CHECKING:
        from typing import NamedTuple
    else:
        from .records import NamedTuple
"""

from __future__ import annotations

import collections
from typing import Any

# As typing.NamedTuple: what a class body may not set, and what it sets anyway.
_PROHIBITED = frozenset({"__new__", "__init__", "__slots__", "__getnewargs__", "_fields",
                         "_field_defaults", "_make", "_replace", "_asdict", "_source"})
_SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})


class _NamedTupleMeta(type):
    def __new__(mcs, typename: str, bases: tuple[type, ...], ns: dict[str, Any]) -> Any:
        if not bases:  # NamedTuple itself
            return super().__new__(mcs, typename, bases, ns)
        if bases != (NamedTuple,):
            raise TypeError("a NamedTuple class can only inherit from NamedTuple")
        fields = list(ns.get("__annotations__", {}))
        defaults = []
        for name in fields:
            if name in ns:
                defaults.append(name)
            elif defaults:
                raise TypeError(f"Non-default namedtuple field {name} cannot follow default "
                                f"field{'s' if len(defaults) > 1 else ''} {', '.join(defaults)}")
        factory: Any = collections.namedtuple  # fields known only at run time
        made = factory(typename, fields, defaults=[ns[n] for n in defaults],
                       module=ns["__module__"])
        made.__annotations__ = dict(ns.get("__annotations__", {}))
        for key, value in ns.items():
            if key in _PROHIBITED:
                raise AttributeError(f"Cannot overwrite NamedTuple attribute {key}")
            if key not in _SPECIAL and key not in made._fields:
                setattr(made, key, value)
        return made


class NamedTuple(metaclass=_NamedTupleMeta):
    """Subclass it as ``typing.NamedTuple``: the class made is a plain namedtuple."""
