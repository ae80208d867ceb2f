"""The complaint lifecycle table on its own, without HTTP or a database."""

from api.auth.principal import Role
from api.complaints import lifecycle


def test_every_status_has_its_moves_and_closed_ends_them() -> None:
    assert set(lifecycle.MOVES) == set(lifecycle.STATUSES) == set(lifecycle.LABELS_ZH)
    assert lifecycle.allowed("received") == ["assigned", "unfounded"]
    assert lifecycle.allowed("assigned") == ["assigned", "verified", "unfounded"]
    assert lifecycle.allowed("verified") == lifecycle.allowed("unfounded") == ["closed"]
    assert lifecycle.allowed("closed") == []
    targets = {m.to for moves in lifecycle.MOVES.values() for m in moves}
    assert targets <= set(lifecycle.STATUSES) and "received" not in targets


def test_who_makes_which_move() -> None:
    assign = lifecycle.find_move("received", "assigned")
    screen = lifecycle.find_move("received", "unfounded")
    verify = lifecycle.find_move("assigned", "verified")
    close = lifecycle.find_move("verified", "closed")
    assert assign and screen and verify and close
    for move in (assign, screen):
        assert lifecycle.may_make(move, Role.ADMIN)
        assert not lifecycle.may_make(move, Role.INSPECTOR)
    for move in (verify, close):
        assert lifecycle.may_make(move, Role.INSPECTOR)
    every = [m for moves in lifecycle.MOVES.values() for m in moves]
    for role in (Role.VIEWER, Role.SYSTEM, Role.PUBLIC):
        assert not any(lifecycle.may_make(m, role) for m in every)
    assert lifecycle.find_move("received", "verified") is None


def test_what_each_move_needs() -> None:
    verify = lifecycle.find_move("assigned", "verified")
    assert verify is not None
    assert lifecycle.unmet(verify, {"reason"}) == [lifecycle.INPUTS["violation"]]
    assert lifecycle.unmet(verify, {"violation"}) == []
    assert lifecycle.unexpected(verify, {"violation", "reason", "assigned_to"}) == ["assigned_to"]
    unfounded = lifecycle.find_move("assigned", "unfounded")
    assert unfounded is not None and lifecycle.unmet(unfounded, set()) != []
