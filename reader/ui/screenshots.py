"""`reader --screenshot DIR`: the app takes SVG pictures of its own main screens.

Runs the real app headless (Textual's `run_test`), presses the same keys a
user would, and saves what the screen shows.  The README shows these files.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerFailed, WorkerState

from reader.config import Config
from reader.i18n import Language
from reader.state import StateStore
from reader.ui.app import ReaderApp

Scene = Callable[[Pilot[None]], Awaitable[None]]


async def settle(pilot: Pilot[None]) -> None:
    """Wait until loading, tagging and indexing are done and the screen is still.

    A worker's result can start another (names after the search index), so
    this waits for the workers, lets their messages be handled, and again,
    until none is left running.
    """
    app = pilot.app
    for _ in range(200):
        for worker in list(app.workers):
            try:
                await worker.wait()
            except (WorkerCancelled, WorkerFailed):
                pass  # superseded by a newer run of the same job, or failed (the app said so)
        await pilot.pause()
        if not any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
            break
    await pilot.pause()


async def main_screen(pilot: Pilot[None]) -> None:
    await pilot.press("j", "enter", "right_square_bracket", "right_square_bracket")


async def searching(pilot: Pilot[None]) -> None:
    await pilot.press("slash", *"拥军")
    await settle(pilot)


async def profile(pilot: Pilot[None]) -> None:
    """The profile of the first name of the second article (乔俊杰 on the seed page)."""
    await pilot.press("j", "enter", "right_square_bracket", "enter")


async def entity_index(pilot: Pilot[None]) -> None:
    await pilot.press("i", "w", "j")


async def help_screen(pilot: Pilot[None]) -> None:
    await pilot.press("question_mark")


async def overview(pilot: Pilot[None]) -> None:
    await pilot.press("o")


async def timeline(pilot: Pilot[None]) -> None:
    """The profile of the most mentioned person, from the entity index: on a dated archive,
    with titles, dates and timeline."""
    await pilot.press("i", "ctrl+t")
    await settle(pilot)
    await pilot.press("enter")


SCENES: dict[str, Scene] = {
    "main": main_screen,
    "search": searching,
    "profile": profile,
    "entities": entity_index,
    "help": help_screen,
    "overview": overview,
    "timeline": timeline,
}


async def _shoot(
    paths: Sequence[str],
    directory: Path,
    size: tuple[int, int],
    scenes: Sequence[str],
    language: Language | None,
) -> list[Path]:
    written = []
    for name in scenes:
        scene = SCENES[name]
        with tempfile.TemporaryDirectory() as scratch:  # a fresh start, not the user's saved place
            state = StateStore(Path(scratch) / "state.json")
            app = ReaderApp(paths or None, state=state, config=Config(), language=language)
            written.append(await _shoot_scene(app, scene, directory / f"{name}.svg", size))
    return written


async def _shoot_scene(app: ReaderApp, scene: Scene, path: Path, size: tuple[int, int]) -> Path:
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await scene(pilot)
        await settle(pilot)
        app.save_screenshot(filename=path.name, path=str(path.parent))
    return path


def take_screenshots(
    paths: Sequence[str],
    directory: str | os.PathLike[str],
    size: tuple[int, int] = (120, 36),
    scenes: Sequence[str] = ("main", "search", "profile", "entities", "help"),
    language: Language | None = None,
) -> list[Path]:
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    return asyncio.run(_shoot(paths, target, size, scenes, language))
