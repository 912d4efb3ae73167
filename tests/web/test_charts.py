"""The inline SVG chart helper: a series as a polyline, the target dashed, gaps kept."""

import re

import pytest

from rhythm.web.charts import Frame, line_chart, runs, value_range


@pytest.mark.parametrize(
    ("case", "values", "target", "bounds", "expected"),
    [
        ("values only", [3, 9, 6], None, (None, None), (3.0, 9.0)),
        ("target below", [50, 60], 30, (None, None), (30.0, 60.0)),
        ("fixed percent", [40, 60], None, (0, 100), (0.0, 100.0)),
        ("value past a bound", [120], None, (0, 100), (0.0, 120.0)),
        ("flat series gets a margin", [10, 10], None, (None, None), (9.0, 11.0)),
        ("flat zero", [0, 0], None, (None, None), (-1.0, 1.0)),
        ("nothing known", [None, None], None, (None, None), (0.0, 1.0)),
    ],
)
def test_value_range(case, values, target, bounds, expected):
    assert value_range(values, target, bounds) == expected


def test_runs_split_at_missing_points():
    assert runs([None, 1, 2, None, 4, None]) == [[(1, 1.0), (2, 2.0)], [(4, 4.0)]]
    assert runs([]) == []


def test_frame_places_points_evenly_and_the_low_end_at_the_bottom():
    frame = Frame(width=100, height=50, padding=5, low=0, high=100)
    assert [frame.x(i, 3) for i in range(3)] == [5, 50, 95]
    assert frame.x(0, 1) == 50
    assert (frame.y(0), frame.y(50), frame.y(100)) == (45, 25, 5)


def test_line_chart_draws_the_series_and_the_dashed_target():
    svg = line_chart([0, 50, 100], target=75, bounds=(0, 100), width=100, height=50, padding=5)
    assert svg.startswith('<svg class="chart" viewBox="0 0 100 50"')
    assert '<polyline class="series" fill="none" points="5,45 50,25 95,5"/>' in svg
    assert '<line class="target" x1="0" y1="15" x2="100" y2="15" stroke-dasharray="4 3"/>' in svg
    assert '<circle class="latest" cx="95" cy="5" r="3"/>' in svg
    assert svg.endswith("</svg>")


def test_line_chart_breaks_the_line_at_gaps_and_dots_lone_points():
    svg = line_chart([10, 20, None, 30, None, 40], width=100, height=50, padding=5)
    assert svg.count("<polyline") == 1
    assert svg.count('<circle class="point"') == 2  # the lone 30 and 40
    assert '<circle class="latest"' in svg


def test_line_chart_without_data_or_target_draws_an_empty_frame():
    svg = line_chart([None, None], label="No data")
    assert "<polyline" not in svg and "<line" not in svg and "<circle" not in svg
    assert "<title>No data</title>" in svg


def test_line_chart_escapes_its_label():
    svg = line_chart([1, 2], label='<script>"x"</script>')
    assert "<script>" not in svg
    assert 'aria-label="&lt;script&gt;&quot;x&quot;&lt;/script&gt;"' in svg


def test_points_stay_inside_the_drawing():
    svg = line_chart([5, -20, 300, 42], target=80, width=200, height=60, padding=4)
    (points,) = re.findall(r'points="([^"]+)"', svg)
    for pair in points.split():
        x, y = (float(n) for n in pair.split(","))
        assert 4 <= x <= 196 and 4 <= y <= 56


def test_each_known_point_has_its_value_as_a_tooltip():
    svg = line_chart([10, None, 30], tips=["Jan: 10%", "Feb: —", "Mar: <30%>"], width=100)
    assert svg.count('<circle class="tip"') == 2  # not the month without data
    assert "<title>Jan: 10%</title>" in svg and "<title>Mar: &lt;30%&gt;</title>" in svg
    assert "Feb" not in svg
    assert '<circle class="tip"' not in line_chart([10, 30])  # no tips asked, none drawn
