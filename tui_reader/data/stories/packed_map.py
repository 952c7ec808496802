"""An int -> int map for hundreds of thousands of keys, at 16 bytes a key.

A dict of 300,000 ints takes ~30 MB; two sorted arrays take ~5 MB. Story detection keeps
two such maps for as long as the feed is open (how many articles use each word, and
which article has each URL), so they are packed: lookups bisect the sorted keys, and
changes go to a small dict on top, merged into the arrays when it grows.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping

_MERGE_AT = 16384
"""Changes kept in the overlay before they are merged into the arrays."""
_GONE = -(2**63) + 1
"""An overlay value: the key was removed (no real value is this small)."""


class PackedMap:
    """Sorted ``keys``/``values`` arrays ('q', 64-bit) with a dict of recent changes."""

    __slots__ = ("_keys", "_overlay", "_values")

    def __init__(self, items: Mapping[int, int] | Iterable[tuple[int, int]] = ()) -> None:
        pairs = sorted((items if isinstance(items, Mapping) else dict(items)).items())
        self._keys = array("q", [key for key, _ in pairs])
        self._values = array("q", [value for _, value in pairs])
        self._overlay: dict[int, int] = {}

    def get(self, key: int, default: int = 0) -> int:
        found = self._overlay.get(key)
        if found is not None:
            return default if found == _GONE else found
        keys = self._keys
        at = bisect_left(keys, key)
        if at < len(keys) and keys[at] == key:
            value: int = self._values[at]
            return value
        return default

    def __contains__(self, key: int) -> bool:
        return self.get(key, _MISSING) != _MISSING

    def set(self, key: int, value: int) -> None:
        self._overlay[key] = value
        if len(self._overlay) >= _MERGE_AT:
            self._merge()

    def add(self, key: int, step: int) -> int:
        """Add ``step`` to the value of ``key`` (0 when absent); a value of 0 is removed."""
        value = self.get(key) + step
        if value:
            self.set(key, value)
        else:
            self.discard(key)
        return value

    def discard(self, key: int) -> None:
        self._overlay[key] = _GONE
        if len(self._overlay) >= _MERGE_AT:
            self._merge()

    def items(self) -> Iterator[tuple[int, int]]:
        """Every (key, value), ascending by key."""
        self._merge()
        return zip(self._keys, self._values, strict=True)

    def __len__(self) -> int:
        self._merge()
        return len(self._keys)

    @property
    def nbytes(self) -> int:
        """Bytes held by the arrays (the overlay is small by construction)."""
        return (len(self._keys) + len(self._values)) * 8

    def _merge(self) -> None:
        if not self._overlay:
            return
        merged = dict(zip(self._keys, self._values, strict=True))
        for key, value in self._overlay.items():
            if value == _GONE:
                merged.pop(key, None)
            else:
                merged[key] = value
        self._overlay.clear()
        pairs = sorted(merged.items())
        self._keys = array("q", [key for key, _ in pairs])
        self._values = array("q", [value for _, value in pairs])

    def to_bytes(self) -> tuple[bytes, bytes]:
        """The two arrays as bytes (for the story cache)."""
        self._merge()
        return self._keys.tobytes(), self._values.tobytes()

    @classmethod
    def from_bytes(cls, keys: bytes, values: bytes) -> PackedMap | None:
        """The map :meth:`to_bytes` wrote; None when the bytes are not such arrays."""
        packed = cls()
        if len(keys) != len(values) or len(keys) % 8:
            return None
        packed._keys.frombytes(keys)
        packed._values.frombytes(values)
        if any(a >= b for a, b in zip(packed._keys, packed._keys[1:], strict=False)):
            return None  # not strictly ascending: a corrupt or foreign cache
        return packed


_MISSING = -(2**63)
