"""A wrong scenario gets a message naming the file, the field and what was expected."""

from __future__ import annotations

import pytest

from diplomesa.scenario import ScenarioError, load


def write(tmp_path, text: str, name: str = "bad.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path) -> str:
    with pytest.raises(ScenarioError) as info:
        load(path)
    return info.value.render()


def test_out_of_range_parameter(tmp_path):
    path = write(tmp_path, 'extends = "istanbul_2025"\n[rules.R11]\nper_refusal = 3\n')
    msg = problems(path)
    assert str(path) in msg and "rules.R11.per_refusal" in msg and "[0, 1]" in msg


def test_unknown_field(tmp_path):
    msg = problems(write(tmp_path, 'extends = "istanbul_2025"\n[rules.R01]\nwat = 1\n'))
    assert "rules.R01.wat" in msg and "unknown field" in msg


def test_unknown_actor_in_a_role(tmp_path):
    msg = problems(write(tmp_path, 'extends = "istanbul_2025"\n[roles]\nrussia = "gorbachev"\n'))
    assert "roles.russia" in msg and "gorbachev" in msg


def test_unreadable_files(tmp_path):
    assert "not valid TOML" in problems(write(tmp_path, "title = [\n"))
    assert "empty" in problems(write(tmp_path, "", "empty.toml"))
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'title = "\xe9"\n')
    assert "not UTF-8" in problems(latin)
    assert "not found" in problems(tmp_path / "nope.toml")
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    assert "directory" in problems(folder)


def test_extends_cycle(tmp_path):
    write(tmp_path, 'extends = "b.toml"\ntitle = "a"\n', "a.toml")
    write(tmp_path, 'extends = "a.toml"\ntitle = "b"\n', "b.toml")
    assert "cycle" in problems(tmp_path / "a.toml")


def test_extends_inherits_and_overrides(tmp_path):
    path = write(tmp_path, 'extends = "istanbul_2025"\ntitle = "x"\n[rules.R05]\nenabled = false\n')
    spec = load(path)
    assert spec.title == "x" and not spec.rules.R05.enabled and spec.rules.R05.info_weight > 0
    assert spec.steps == load().steps


def test_editing_a_parent_is_seen_by_its_child(tmp_path):
    import os

    parent = write(tmp_path, 'extends = "istanbul_2025"\ntitle = "p"\nsteps = 30\n', "parent.toml")
    child = write(tmp_path, 'extends = "parent.toml"\ntitle = "c"\n', "child.toml")
    assert load(child).steps == 30
    parent.write_text('extends = "istanbul_2025"\ntitle = "p"\nsteps = 45\n', encoding="utf-8")
    st = parent.stat()
    os.utime(parent, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # a later edit, surely
    assert load(child).steps == 45


def test_loads_with_their_own_values_share_nothing_and_see_edits(tmp_path):
    """The parsed file is kept between loads (a sweep loads it once a run): each load with
    values of its own gets its own copy, and an edit of the file is still seen."""
    import os

    path = write(tmp_path, 'extends = "istanbul_2025"\ntitle = "s"\nsteps = 30\n')
    r22 = "rules.R22.reluctance_mean"
    a, b, plain = load(path, {r22: 0.3}), load(path, {r22: 0.7}), load(path)
    assert (a.rules.R22.reluctance_mean, b.rules.R22.reluctance_mean) == (0.3, 0.7)
    assert plain.rules.R22.reluctance_mean == load().rules.R22.reluctance_mean
    path.write_text('extends = "istanbul_2025"\ntitle = "s"\nsteps = 45\n', encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert load(path, {r22: 0.4}).steps == 45 and load(path, {r22: 0.3}).steps == 45


def test_an_override_is_judged_by_its_own_type_whatever_was_loaded_before():
    """``True == 1`` as a key of the load cache, but a number field refuses true: after a
    load with 1, a load with true is still refused (and the other way round)."""
    path = "rules.R22.reluctance_mean"
    for _ in range(2):
        assert load(None, {path: 1}).rules.R22.reluctance_mean == 1.0
        with pytest.raises(ScenarioError, match="reluctance_mean"):
            load(None, {path: True})


def test_extends_is_not_an_override():
    with pytest.raises(ScenarioError, match="extends: cannot be set by an override"):
        load("istanbul_2025", {"extends": "putin_attends"})


def test_a_scenario_or_overrides_of_the_wrong_kind_are_named():
    with pytest.raises(TypeError, match="scenario: expected a scenario name, a path"):
        load(123)
    with pytest.raises(TypeError, match="overrides: expected a mapping of dotted paths"):
        load(None, ["rules.R22.reluctance_mean=0.7"])
