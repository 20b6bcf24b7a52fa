"""Back and forward over the places the reader has been, like a browser."""

from __future__ import annotations

from dataclasses import dataclass

from reader.models import EntityType, TextRef


@dataclass(frozen=True, slots=True)
class Location:
    """A place in the corpus: an article and a point in it.

    The point is a text position, not a screen row, so it survives a resize:
    `top` is the first character on screen (None: the top of the article),
    `mark` a stretch to highlight (the mention jumped to).  A place can also
    be an entity's profile (`entity` set, no article), so back and forward
    go through the profiles the reader looked at too.
    """

    article_id: str
    top: TextRef | None = None
    mark: TextRef | None = None
    entity: tuple[str, EntityType] | None = None
    """(name, type) of the profile this place is."""

    @classmethod
    def profile(cls, name: str, kind: EntityType) -> Location:
        return cls("", entity=(name, kind))


class History:
    """A list of visited locations and a cursor into it."""

    def __init__(self, limit: int = 500) -> None:
        self._stack: list[Location] = []
        self._index = -1
        self._limit = limit

    @property
    def current(self) -> Location | None:
        return self._stack[self._index] if self._index >= 0 else None

    @property
    def can_go_back(self) -> bool:
        return self._index > 0

    @property
    def can_go_forward(self) -> bool:
        return self._index < len(self._stack) - 1

    def visit(self, location: Location) -> None:
        """Go somewhere new: whatever was ahead is forgotten."""
        del self._stack[self._index + 1 :]
        if self.current == location:
            return
        self._stack.append(location)
        if len(self._stack) > self._limit:
            del self._stack[0]
        self._index = len(self._stack) - 1

    def update(self, location: Location) -> None:
        """Record where the reader is now within the current entry (e.g. after scrolling); an
        article's place never replaces a profile."""
        if self._index >= 0:
            if self._stack[self._index].entity is not None and location.entity is None:
                return
            self._stack[self._index] = location
        else:
            self.visit(location)

    def back(self) -> Location | None:
        if not self.can_go_back:
            return None
        self._index -= 1
        return self.current

    def forward(self) -> Location | None:
        if not self.can_go_forward:
            return None
        self._index += 1
        return self.current

    def __len__(self) -> int:
        return len(self._stack)
