"""The Dropout figures draw the data they claim to draw (checked on data, not pixels)."""

import numpy as np
import pytest
from matplotlib.colors import to_hex
from snippets.dropout import dropout, keep_mask, mean_of_passes
from snippets.dropout_figures import (
    FIGURES,
    SLIDERS,
    expectation_alt,
    expectation_figure,
    mask_alt,
    mask_figure,
    network_figure,
    network_masks,
    sample_input,
)
from snippets.plotting import THEMES


@pytest.mark.parametrize("rate, seed", [(0.5, 0), (0.25, 3)])
def test_mask_figure_shows_the_mask_that_made_the_output(rate, seed):
    x = sample_input(seed=seed)
    source, mask_panel, output = mask_figure(rate=rate, seed=seed).axes
    np.testing.assert_array_equal(source.collections[0].get_array(), x)
    np.testing.assert_array_equal(
        mask_panel.collections[0].get_array(), keep_mask(x.shape, rate, rng=seed)
    )
    shown = output.collections[0].get_array()
    expected = dropout(x, rate, rng=seed)
    np.testing.assert_array_equal(np.ma.getmaskarray(shown), expected == 0)
    np.testing.assert_array_equal(shown.filled(0), expected)
    assert f"p = {rate:g}" in mask_panel.get_title()
    labels = [t.get_text() for t in mask_panel.texts]
    assert labels.count("drop") == int((expected == 0).sum())
    values = [t.get_text() for t in source.texts]
    assert values == [f"{v:.1f}" for v in x.ravel()]  # row by row, as the array prints
    assert source.get_ylim()[0] > source.get_ylim()[1]  # first row on top


def test_network_figure_drops_the_units_of_network_masks_and_a_new_set_each_step():
    sizes, steps, seed = (3, 5, 5, 2), 3, 4
    fig = network_figure(sizes=sizes, steps=steps, seed=seed)
    masks = network_masks(sizes[1:-1], 0.5, steps, seed=seed)
    for step, ax in enumerate(fig.axes):
        states = {}
        for patch in ax.patches:
            _, s, layer, unit, state = patch.get_gid().split("-")
            assert int(s) == step
            states[int(layer), int(unit)] = state == "kept"
        for layer, mask in enumerate(masks[step], start=1):
            np.testing.assert_array_equal([states[layer, i] for i in range(len(mask))], mask)
        assert all(states[0, i] for i in range(sizes[0]))  # inputs and outputs stay
        assert all(states[len(sizes) - 1, i] for i in range(sizes[-1]))
        hidden = np.concatenate(masks[step])  # the title counts the dropped units
        assert ax.get_title() == f"step {step + 1}: {(~hidden).sum()} of {hidden.size} dropped"
    flat = [np.concatenate(step) for step in masks]
    assert not np.array_equal(flat[0], flat[1]) and not np.array_equal(flat[1], flat[2])
    assert all(f.any() and not f.all() for f in flat)  # every step drops some, keeps some


def test_network_masks_come_from_one_generator_in_order():
    masks = network_masks((4, 6), 0.3, 2, seed=9)
    rng = np.random.default_rng(9)
    expected = [[keep_mask((4,), 0.3, rng=rng), keep_mask((6,), 0.3, rng=rng)] for _ in range(2)]
    for got, want in zip(masks, expected, strict=True):
        for g, w in zip(got, want, strict=True):
            np.testing.assert_array_equal(g, w)


def test_expectation_figure_plots_the_running_means_and_they_converge():
    rate, passes, seed = 0.5, 2000, 0
    x = sample_input(seed=seed)
    left, right = expectation_figure(rate=rate, passes=passes, seed=seed).axes
    unit = np.unravel_index(np.argmax(x), x.shape)
    scaled_line, unscaled_line = left.lines[:2]
    n = scaled_line.get_xdata()
    full = mean_of_passes(x, rate, passes, rng=seed)
    np.testing.assert_allclose(scaled_line.get_ydata(), full[n - 1][(slice(None), *unit)])
    assert n[-1] == passes
    # After 2000 passes the scaled mean is within 5 standard errors of x; unscaled of (1-p)x.
    tolerance = 5 * x[unit] * np.sqrt(rate / (1 - rate) / passes)
    assert abs(scaled_line.get_ydata()[-1] - x[unit]) <= tolerance
    assert abs(unscaled_line.get_ydata()[-1] - (1 - rate) * x[unit]) <= tolerance
    scaled_rms, unscaled_rms, theory = (line.get_ydata() for line in right.lines[:3])
    assert scaled_rms[-1] < 2 * theory[-1] and unscaled_rms[-1] > 10 * scaled_rms[-1]


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_each_figure_takes_the_colours_of_its_theme(name):
    for theme, colours in THEMES.items():
        fig = FIGURES[name](theme)
        titles = [t for ax in fig.axes if (t := ax.title).get_text()] or [fig._suptitle]
        assert titles and all(to_hex(t.get_color()) == colours.ink.lower() for t in titles)


def test_unknown_theme_is_a_value_error():
    with pytest.raises(ValueError, match="theme must be one of"):
        mask_figure("sepia")


@pytest.mark.parametrize("rate", SLIDERS["dropout-mask"].values)
def test_each_mask_frame_counts_in_its_title_and_alt_text_the_cells_it_drops(rate):
    x = sample_input()
    dropped = int((~keep_mask(x.shape, rate, rng=0)).sum())
    _, mask_panel, _ = mask_figure(rate=rate).axes
    assert f"this draw dropped {dropped} of {x.size}" in mask_panel.get_title()
    assert [t.get_text() for t in mask_panel.texts].count("drop") == dropped
    alt = mask_alt(rate=rate)
    assert f"rate {rate:g}, which dropped {dropped} of the {x.size} cells" in alt
    assert f"= {1 / (1 - rate):.3g}," in alt


@pytest.mark.parametrize("rate", SLIDERS["dropout-expectation"].values)
def test_each_expectation_frame_and_its_alt_text_state_the_same_final_means(rate):
    left, right = expectation_figure(rate=rate).axes
    scaled, unscaled = (line.get_ydata()[-1] for line in left.lines[:2])
    alt = expectation_alt(rate=rate)
    assert f"scaled version is at {scaled:.2f} and the unscaled version at {unscaled:.2f}" in alt
    # Beside this slider the page says: without the scaling the average settles on
    # (1 - rate) x, the wrong value at every rate above 0; at rate 0 the curves coincide.
    x = float(sample_input().max())
    passes = 2000
    error = x * (float(rate) * (1 - float(rate)) / passes) ** 0.5
    assert unscaled == pytest.approx((1 - float(rate)) * x, abs=5 * error + 1e-4)  # float32 sums
    if rate != 0:
        assert abs(unscaled - x) > 10 * error
    if rate == 0:  # nothing dropped: both means are x, and there is no gap to draw
        assert scaled == pytest.approx(unscaled) == pytest.approx(sample_input().max(), abs=1e-4)
        assert not right.lines and "gap is 0" in right.texts[0].get_text()
        assert "gap is 0" in alt
    else:
        rms_scaled, rms_unscaled, theory = (line.get_ydata()[-1] for line in right.lines[:3])
        assert f"it is {rms_scaled:.3f} with scaling" in alt
        assert f"theory predicts {theory:.3f}, and {rms_unscaled:.3f} without" in alt


def test_the_sliders_set_keyword_arguments_whose_defaults_are_among_their_values():
    import inspect

    for name, slider in SLIDERS.items():
        default = inspect.signature(FIGURES[name]).parameters[slider.parameter].default
        assert default in slider.values, name
