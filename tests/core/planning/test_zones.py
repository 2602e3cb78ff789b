from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.planning import MAX_SUGGESTIONS, OFFSET_ZONES, resolve_zone


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("  AMERICA/NEW_YORK ", "America/New_York"),
        ("america/new york", "America/New_York"),
        ("UTC", "UTC"),
        ("utc", "UTC"),
        ("GMT", "UTC"),
        ("Z", "UTC"),
        ("berlin", "Europe/Berlin"),
        ("Berlin", "Europe/Berlin"),
        ("new york", "America/New_York"),
        ("new  york", "America/New_York"),
        ("kolkata", "Asia/Kolkata"),
        ("lord howe", "Australia/Lord_Howe"),
        ("sao_paulo", "America/Sao_Paulo"),
        ("asia/calcutta", "Asia/Calcutta"),
    ],
)
def test_resolve_zone_by_name(text: str, name: str) -> None:
    result = resolve_zone(text)
    assert result.found
    assert result.name == name
    assert result.zone == ZoneInfo(name)
    assert result.offset is None
    assert result.suggestions == ()


@pytest.mark.parametrize(
    ("text", "name", "minutes"),
    [
        ("UTC+2", "Africa/Johannesburg", 120),
        ("utc + 2", "Africa/Johannesburg", 120),
        ("+02:00", "Africa/Johannesburg", 120),
        ("GMT-5", "America/Bogota", -300),
        ("-0330", "America/St_Johns", -210),
        ("+5:30", "Asia/Kolkata", 330),
        ("+0545", "Asia/Kathmandu", 345),
        ("UTC+0", "UTC", 0),
        ("-00:00", "UTC", 0),
        ("UTC-12", "Etc/GMT+12", -720),
        ("+14", "Pacific/Kiritimati", 840),
    ],
)
def test_resolve_zone_by_offset(text: str, name: str, minutes: int) -> None:
    result = resolve_zone(text)
    assert result.name == name
    assert result.offset == timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["+13:30", "+99", "UTC+15", "+5:20", "-12:30"])
def test_resolve_zone_unknown_offset_gives_nothing(text: str) -> None:
    result = resolve_zone(text)
    assert not result.found
    assert result.suggestions == ()


@pytest.mark.parametrize("minutes", sorted(OFFSET_ZONES))
def test_offset_table_zones_have_that_standard_offset(minutes: int) -> None:
    zone = ZoneInfo(OFFSET_ZONES[minutes])
    for month in (1, 7):
        moment = datetime(2026, month, 15, 12, tzinfo=UTC).astimezone(zone)
        standard = moment.utcoffset()
        dst = moment.dst()
        assert standard is not None and dst is not None
        assert standard - dst == timedelta(minutes=minutes)


def test_etc_fallback_sign_is_inverted() -> None:
    zone = resolve_zone("UTC-12").zone
    assert zone is not None
    assert datetime(2026, 1, 1, tzinfo=UTC).astimezone(zone).utcoffset() == timedelta(hours=-12)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("berln", "Europe/Berlin"),
        ("new yrok", "America/New_York"),
        ("europe/berlim", "Europe/Berlin"),
        ("indianapolis", "America/Indiana/Indianapolis"),
    ],
)
def test_resolve_zone_suggests(text: str, expected: str) -> None:
    result = resolve_zone(text)
    assert not result.found
    assert expected in result.suggestions
    assert 1 <= len(result.suggestions) <= MAX_SUGGESTIONS


@pytest.mark.parametrize("text", ["", "   ", "x" * 65, "x" * 5000, "qqqqqq", "🙂", "日本"])
def test_resolve_zone_nothing(text: str) -> None:
    result = resolve_zone(text)
    assert not result.found
    assert result.zone is None and result.name is None
    assert len(result.suggestions) <= MAX_SUGGESTIONS


def test_long_input_rejected_before_matching() -> None:
    assert resolve_zone("europe/berlin" + " " * 60) == resolve_zone("x" * 65)
