"""The overview's size charts: samples per queue over the last minutes, drawn as SVG points."""

from __future__ import annotations

from ironmq_local.dashboard._history import MIN_SPAN, WINDOW, SizeHistory


class Ticks:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_a_chart_spans_its_history_and_ends_at_the_size_now() -> None:
    ticks = Ticks()
    history = SizeHistory(ticks)
    for size in (0, 4, 2):
        history.record("q", size)
        ticks.t += MIN_SPAN / 2
    points, top = history.chart("q", width=120, height=28)
    assert top == 4
    # three samples 30 s apart, then now: the oldest is 90 s back, the chart spans 90 s
    assert points == "0.0,27.0 40.0,1.0 80.0,14.0 120.0,14.0"


def test_a_young_history_fills_only_part_of_the_chart() -> None:
    ticks = Ticks()
    history = SizeHistory(ticks)
    history.record("q", 1)
    ticks.t += MIN_SPAN / 4
    points, _ = history.chart("q", width=120, height=28)
    assert points.split()[0] == "90.0,1.0"  # a quarter of the minimum span ago


def test_samples_within_a_second_replace_each_other_and_old_ones_go() -> None:
    ticks = Ticks()
    history = SizeHistory(ticks)
    history.record("q", 5)
    ticks.t += 0.5
    history.record("q", 6)
    assert history.chart("q")[1] == 6  # the 5 was replaced
    ticks.t += WINDOW + 1
    history.record("q", 1)
    points, top = history.chart("q")
    assert (top, len(points.split())) == (1, 2)  # the old sample left the window


def test_deleted_queues_are_forgotten() -> None:
    history = SizeHistory(Ticks())
    history.record("a", 1)
    history.record("b", 2)
    history.keep_only({"b"})
    assert history.chart("a") == ("", 0)
    assert history.chart("b")[1] == 2
