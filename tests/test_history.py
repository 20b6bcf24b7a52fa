from reader.history import History, Location
from reader.models import HEADLINE, TextRef
from reader.state import StateStore, corpus_key

A, B, C = Location("a"), Location("b", TextRef.point(2, 0, 10)), Location("c")


def test_back_and_forward_like_a_browser():
    history = History()
    for place in (A, B, C):
        history.visit(place)
    assert history.back() == B
    assert history.back() == A
    assert history.back() is None
    assert history.forward() == B
    history.visit(Location("d"))  # a new visit drops what was ahead
    assert not history.can_go_forward
    assert history.back() == B


def test_update_keeps_the_scroll_position_of_the_current_entry():
    history = History()
    history.visit(A)
    history.update(Location("a", TextRef.point(3, 0, 40)))
    history.visit(B)
    assert history.back() == Location("a", TextRef.point(3, 0, 40))


def test_revisiting_the_current_place_adds_nothing():
    history = History()
    history.visit(A)
    history.visit(A)
    assert len(history) == 1


def test_state_round_trip(tmp_path):
    store = StateStore(tmp_path / "state.json")
    key = corpus_key(["seeds"])
    assert store.recall(key) is None
    for place in (Location("abc", TextRef.point(2, 0, 7)), Location("abc", TextRef.point(HEADLINE, 1, 3))):
        assert store.remember(key, place) is None
        assert StateStore(tmp_path / "state.json").recall(key) == place


def test_corrupt_state_starts_fresh(tmp_path):
    path = tmp_path / "state.json"
    path.write_text("{not json", encoding="utf-8")
    store = StateStore(path)
    assert store.recall("x") is None
    assert store.remember("x", A) is None
    assert store.recall("x") == A


def test_unwritable_state_is_a_message_not_an_exception(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    store = StateStore(blocker / "sub" / "state.json")
    assert "could not save" in store.remember("x", A)


def test_settings_survive_and_do_not_count_as_places(tmp_path, monkeypatch):
    import reader.state

    monkeypatch.setattr(reader.state, "MAX_CORPORA", 2)
    store = StateStore(tmp_path / "state.json")
    store.remember_setting("theme", "textual-light")
    for name in "abc":
        store.remember(name, Location(name))
    assert store.recall("a") is None and store.recall("c") == Location("c")
    assert store.recall_setting("theme") == "textual-light"
