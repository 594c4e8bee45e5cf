"""Saved views (config.toml edited safely and atomically) and the spans of day navigation."""

from __future__ import annotations

import os
import tomllib
from datetime import date
from pathlib import Path

import pytest

from reader.core.config import ConfigError
from reader.core.paper import Paper
from reader.core.spans import Span, Step
from reader.core.views import all_views, builtin_views, check_view_name
from reader.storage.config_file import load_config, save_view
from reader.storage.library import Library

TODAY = date(2026, 6, 14)


class TestBuiltinViews:
    def test_the_seven_built_ins(self):
        views = builtin_views(TODAY, "2026-06-12")
        assert [(v.name, v.query) for v in views] == [
            ("Today", "date:2026-06-12"),
            ("This week", "date:2026-W24"),
            ("Starred", "is:starred"),
            ("Unread", "is:unread"),
            ("Has code", "has:code"),
            ("New", "is:new"),
            ("Rising", "age<=14d"),
        ]
        assert [v.sort for v in views] == [None] * 6 + ["rising"]

    def test_config_views_follow_and_may_replace_a_built_in(self):
        views = all_views({"Agents": "keyword:agent", "Unread": "is:unread has:code"}, TODAY, None)
        assert [v.name for v in views] == [
            "Today",
            "This week",
            "Starred",
            "Unread",
            "Has code",
            "New",
            "Rising",
            "Agents",
        ]
        assert views[3].query == "is:unread has:code" and not views[3].builtin
        assert views[0].query == "date:2026-06-14"  # no papers yet: today

    @pytest.mark.parametrize("name", ["", "   ", "x" * 41, "a\x1bb"])
    def test_bad_names(self, name: str):
        with pytest.raises(ValueError):
            check_view_name(name)

    def test_names_are_trimmed(self):
        assert check_view_name("  My   view ") == "My view"


class TestSaveView:
    def test_into_a_missing_file(self, tmp_path: Path):
        config = tmp_path / "config.toml"
        save_view(config, "Agents", "keyword:agent upvotes>=10")
        assert tomllib.loads(config.read_text()) == {"views": {"Agents": "keyword:agent upvotes>=10"}}
        assert load_config(config).views == {"Agents": "keyword:agent upvotes>=10"}

    def test_keeps_comments_settings_and_other_tables(self, tmp_path: Path):
        config = tmp_path / "config.toml"
        original = '# my settings\nmark_read_delay = 2.5  # slow reader\n\n[keymap]\n"paper.star" = "f"\n'
        config.write_text(original)
        save_view(config, 'Odd "name" [/]', 'title:"a \\"b\\"" OR -x')
        text = config.read_text()
        assert text.startswith(original)
        data = tomllib.loads(text)
        assert data["mark_read_delay"] == 2.5 and data["keymap"] == {"paper.star": "f"}
        assert data["views"] == {'Odd "name" [/]': 'title:"a \\"b\\"" OR -x'}

    def test_adds_to_an_existing_views_table_in_place(self, tmp_path: Path):
        config = tmp_path / "config.toml"
        config.write_text('[views]  # mine\nOld = "is:starred"\n\n[keymap]\n"app.quit" = "Q"\n')
        save_view(config, "New", "has:code")
        text = config.read_text()
        assert "# mine" in text
        assert tomllib.loads(text) == {"views": {"Old": "is:starred", "New": "has:code"}, "keymap": {"app.quit": "Q"}}

    def test_replacing_a_view_keeps_every_value(self, tmp_path: Path):
        config = tmp_path / "config.toml"
        config.write_text('theme = "nord"\n[views]\nOld = "is:starred"\n')
        save_view(config, "Old", "is:unread")
        assert tomllib.loads(config.read_text()) == {"theme": "nord", "views": {"Old": "is:unread"}}

    def test_a_broken_config_is_not_touched(self, tmp_path: Path):
        config = tmp_path / "config.toml"
        config.write_text("theme = \n")
        with pytest.raises(ConfigError, match="fix it before saving a view"):
            save_view(config, "X", "has:code")
        assert config.read_text() == "theme = \n"

    def test_a_write_that_fails_is_a_clear_error_and_changes_nothing(self, tmp_path: Path, monkeypatch):
        config = tmp_path / "config.toml"
        config.write_text('theme = "nord"\n')

        def disk_full(*args: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "fsync", disk_full)
        with pytest.raises(ConfigError, match="cannot write: No space left on device"):
            save_view(config, "X", "has:code")
        assert config.read_text() == 'theme = "nord"\n'
        assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]

    def test_no_temporary_file_is_left_behind(self, tmp_path: Path):
        config = tmp_path / "config.toml"
        save_view(config, "A", "has:code")
        save_view(config, "B", "is:unread")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]

    def test_config_rejects_a_view_that_is_not_a_string(self, tmp_path: Path):
        config = tmp_path / "config.toml"
        config.write_text("[views]\nBad = 3\n")
        with pytest.raises(ConfigError, match=r"views\.Bad must be a filter query"):
            load_config(config)


class TestSpans:
    @pytest.mark.parametrize(
        ("step", "first", "last", "label"),
        [
            (Step.DAY, "2026-06-12", "2026-06-12", "Fri 2026-06-12"),
            (Step.WEEK, "2026-06-08", "2026-06-14", "week 2026-W24"),
            (Step.MONTH, "2026-06-01", "2026-06-30", "June 2026"),
        ],
    )
    def test_around_a_day(self, step: Step, first: str, last: str, label: str):
        span = Span.around(step, date(2026, 6, 12))
        assert span.bounds() == (first, last) and span.label == label

    def test_december_and_february(self):
        assert Span.around(Step.MONTH, date(2025, 12, 31)).last == date(2025, 12, 31)
        assert Span.around(Step.MONTH, date(2024, 2, 10)).last == date(2024, 2, 29)

    def test_steps_cycle(self):
        assert [Step.DAY.next(), Step.WEEK.next(), Step.MONTH.next()] == [Step.WEEK, Step.MONTH, Step.DAY]

    def test_list_dates_skip_empty_days(self, tmp_path: Path):
        with Library.open(tmp_path / "library.db") as library:
            days = ["2026-06-05", "2026-06-08", "2026-06-12"]
            library.import_papers([Paper(id=f"2606.0000{n}", title=f"P{n}", daily_date=d) for n, d in enumerate(days)])
            assert library.latest_list_date() == "2026-06-12"
            assert library.list_date_before("2026-06-12") == "2026-06-08"
            assert library.list_date_before("2026-06-05") is None
            assert library.list_date_after("2026-06-05") == "2026-06-08"
            assert library.list_date_after("2026-06-12") is None
