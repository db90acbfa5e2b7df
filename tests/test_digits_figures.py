"""The figure of docs/digits.md shows the example before and after rescale; the numbers
the page states are the code's."""

import numpy as np
from snippets.digits import example, report
from snippets.digits_figures import FIGURES, numbers


def test_the_histograms_count_every_sample_and_span_its_range_before_and_after():
    x = example()
    before, after = FIGURES["digits-histograms"]("light").axes
    for ax, (low, high) in ((before, (x.min(), x.max())), (after, (0.0, 1.0))):
        bars = ax.patches
        assert sum(bar.get_height() for bar in bars) == x.size
        assert np.isclose(bars[0].get_x(), low)
        assert np.isclose(bars[-1].get_x() + bars[-1].get_width(), high)


def test_numbers_are_those_of_the_example_and_the_report():
    x = example()
    assert numbers() == {
        "report": report(),
        "size": x.size,
        "low": x.min(),
        "high": x.max(),
    }
