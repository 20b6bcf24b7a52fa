"""What the main screens look like, at the sizes people use (120x36, 80x24 and 60x20).

Regenerate after an intended change with `pytest tests/ui/test_snapshots.py --snapshot-update`
and look at the SVGs in tests/ui/__snapshots__/ before committing them.
"""

import pytest

from reader.ui.widgets.search_box import SearchBox
from tests.ui.conftest import settle

SIZES = [(120, 36), (80, 24), (60, 20)]
IDS = [f"{width}x{height}" for width, height in SIZES]


def scene(*keys):
    async def run_before(pilot):
        await settle(pilot)
        pilot.app.screen.query_one(SearchBox).cursor_blink = False
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_main_screen(snap_compare, make_app, size):
    """The seed's articles listed; the second article open, its names highlighted, the cursor on one."""
    assert snap_compare(
        make_app(), run_before=scene("j", "enter", "right_square_bracket"), terminal_size=size
    )


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_main_screen_in_chinese(snap_compare, make_app, size):
    """The same screen with the reader's own words in Chinese (LANG=zh_CN.UTF-8)."""
    assert snap_compare(
        make_app(language="zh"), run_before=scene("j", "enter", "right_square_bracket"), terminal_size=size
    )


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_search_in_progress(snap_compare, make_app, size):
    """`/放映` ranks the film-screening article first, with the match highlighted in its snippet."""
    assert snap_compare(make_app(), run_before=scene("slash", *"放映"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_profile(snap_compare, make_app, size):
    """Enter on a name: its profile (names, titles, the names it appears with, every mention)."""
    keys = ("j", "enter", "right_square_bracket", "enter")  # 乔俊杰
    assert snap_compare(make_app(), run_before=scene(*keys), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_entity_index(snap_compare, make_app, size):
    """`i`: every entity, filtered as typed (`wj`: 武进区 by its other name 武进, 武警…)."""
    assert snap_compare(make_app(), run_before=scene("i", "w", "j"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_help_screen(snap_compare, make_app, size):
    """`?` lists every key."""
    assert snap_compare(make_app(), run_before=scene("question_mark"), terminal_size=size)


@pytest.fixture
def archive(tmp_path):
    from tests.ui.test_archive_ui import write_archive

    write_archive(tmp_path)
    return tmp_path


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_archive_overview(snap_compare, make_app, archive, size):
    """`o` on a dated archive: papers, dates, issues and pages by month, the most mentioned names."""
    assert snap_compare(make_app([archive]), run_before=scene("o"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_archive_timeline(snap_compare, make_app, archive, size):
    """A name's profile in a dated archive: titles with their dates, its timeline, each issue newest first."""
    keys = ("enter", *["right_square_bracket"] * 3, "enter")  # 乔俊杰, after the byline and 市委(常委)
    assert snap_compare(make_app([archive]), run_before=scene(*keys), terminal_size=size)
