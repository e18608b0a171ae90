"""The bitemporal timeline arithmetic: changes from a date, corrections, endings."""

from __future__ import annotations

from datetime import date

from graph.history import Span, end_at, revise

D = date


def test_a_change_from_a_date_splits_the_span_that_covers_it() -> None:
    spans = [Span(D(2024, 1, 1), None, {"grade": "GENERAL", "name": "a"})]
    result = revise(spans, {"grade": "IMPORTANT"}, D(2025, 1, 1))
    assert result == [
        Span(D(2024, 1, 1), D(2025, 1, 1), {"grade": "GENERAL", "name": "a"}),
        Span(D(2025, 1, 1), None, {"grade": "IMPORTANT", "name": "a"}),
    ]


def test_a_change_leaves_earlier_spans_and_updates_later_ones() -> None:
    spans = [
        Span(D(2023, 1, 1), D(2024, 1, 1), {"grade": "GENERAL", "name": "a"}),
        Span(D(2024, 1, 1), D(2025, 1, 1), {"grade": "GENERAL", "name": "b"}),
        Span(D(2025, 1, 1), None, {"grade": "IMPORTANT", "name": "b"}),
    ]
    result = revise(spans, {"name": "c"}, D(2024, 6, 1))
    assert [(s.valid_from, s.valid_to, s.attrs["name"]) for s in result] == [
        (D(2023, 1, 1), D(2024, 1, 1), "a"),
        (D(2024, 1, 1), D(2024, 6, 1), "b"),
        (D(2024, 6, 1), D(2025, 1, 1), "c"),
        (D(2025, 1, 1), None, "c"),
    ]
    assert result[-1].attrs["grade"] == "IMPORTANT"


def test_a_correction_applies_to_all_valid_time() -> None:
    spans = [
        Span(D(2023, 1, 1), D(2024, 1, 1), {"name": "a"}),
        Span(D(2024, 1, 1), None, {"name": "b"}),
    ]
    result = revise(spans, {"sector": "CREDIT"}, None)
    assert [s.attrs for s in result] == [
        {"name": "a", "sector": "CREDIT"},
        {"name": "b", "sector": "CREDIT"},
    ]
    assert [(s.valid_from, s.valid_to) for s in result] == [
        (s.valid_from, s.valid_to) for s in spans
    ]


def test_ending_cuts_the_covering_span_and_drops_later_ones() -> None:
    spans = [
        Span(D(2023, 1, 1), D(2024, 1, 1), {"n": 1}),
        Span(D(2024, 1, 1), D(2026, 1, 1), {"n": 2}),
        Span(D(2026, 1, 1), None, {"n": 3}),
    ]
    assert end_at(spans, D(2025, 1, 1)) == [
        Span(D(2023, 1, 1), D(2024, 1, 1), {"n": 1}),
        Span(D(2024, 1, 1), D(2025, 1, 1), {"n": 2}),
    ]


def test_span_covers_its_first_day_but_not_its_end() -> None:
    span = Span(D(2024, 1, 1), D(2024, 2, 1))
    assert span.covers(D(2024, 1, 1)) and span.covers(D(2024, 1, 31))
    assert not span.covers(D(2024, 2, 1)) and not span.covers(D(2023, 12, 31))


def test_a_certificate_from_a_leap_day_ends_on_the_first_of_march() -> None:
    from resolvers.registrations import years_later

    assert years_later(D(2028, 2, 29), 3) == D(2031, 3, 1)
    assert years_later(D(2028, 2, 29), 4) == D(2032, 2, 29)
    assert years_later(D(2026, 11, 28), 3) == D(2029, 11, 28)
