"""Start a new article: ``python scripts/new_article.py SLUG "Title"``.

Writes a complete, working skeleton that follows every rule of README.md's "Writing an article",
so that the strict build and the whole test suite pass before anything is edited:

- ``snippets/SLUG.py``: a tested function in a named section, and a ``main`` section that prints
  the page's result;
- ``tests/test_SLUG.py``: its tests;
- ``snippets/SLUG_figures.py``: one figure that follows the layout contract, and ``numbers()``,
  which computes what the page states (its printed result too);
- ``tests/test_SLUG_figures.py``: what the figure and the numbers show;
- ``docs/SLUG.md``: the page, with its credit box (a place for the source's link), its "Run it
  yourself" box, the figure pair and the printed result;
- ``notebooks/SLUG.py``: the companion notebook, ending with the exercises and their solutions;
- ``snippets/SLUG_exercises.py`` and ``tests/test_SLUG_exercises.py``: three exercises' tested
  solutions, which the page's "Exercises" section shows;
- the article and its notebook in ``nav`` (``mkdocs.yml``), and the article on the home page.

Then replace the placeholder concept (min-max scaling) with the article's own, step by step as
the README's checklist says. A SLUG is a Python module name (``batch_norm``); an existing or
invalid one is refused and nothing is written. ``--root`` scaffolds in another copy of the
project (the tests and the benchmark use it).
"""

from __future__ import annotations

import argparse
import keyword
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLUG = re.compile(r"[a-z][a-z0-9_]{1,29}")
# Names the site or the package already uses for something else.
RESERVED = {
    "index",
    "reference",
    "plotting",
    "downloads",
    "figures",
    "notebooks",
    "snippets",
    "stylesheets",
    "javascripts",
    "assets",
    "search",
}
NAV_NOTEBOOKS = "  - Run it yourself:"  # the nav section that lists the notebooks
HOME_ARTICLES = "## Articles"  # the home page's list of articles

MODULE = '''"""The code of docs/__SLUG__.md (a skeleton: min-max scaling, to replace)."""

# --8<-- [start:rescale]
import numpy as np


def rescale(x: np.ndarray) -> np.ndarray:
    """Map ``x`` linearly onto [0, 1]: its minimum to 0, its maximum to 1.

    Parameters
    ----------
    x
        Floating array of any shape, finite, with at least two different
        values. Never modified.

    Returns
    -------
    np.ndarray
        A new array of the shape and dtype of ``x``, in [0, 1].

    Raises
    ------
    TypeError
        If ``x`` is not a floating-point array.
    ValueError
        If ``x`` is empty, not finite, or all its values are equal.
    """
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        raise TypeError(
            f"x must be a floating-point array, got dtype {x.dtype}"
        )
    if x.size == 0 or not np.isfinite(x).all():
        raise ValueError(f"x must be non-empty and finite, got {x!r}")
    low, high = x.min(), x.max()
    if low == high:
        raise ValueError(f"x must hold two different values, got only {low}")
    return (x - low) / (high - low)


# --8<-- [end:rescale]


# --8<-- [start:main]
def example(seed: int = 0, size: int = 1000) -> np.ndarray:
    """``size`` samples of a normal distribution (mean 5, sd 2)."""
    return np.random.default_rng(seed).normal(5.0, 2.0, size=size)


def report(seed: int = 0) -> str:
    """The range of ``example(seed)`` before and after ``rescale``."""
    x = example(seed)
    y = rescale(x)
    return (
        f"before: min {x.min():5.2f}, max {x.max():5.2f}\\n"
        f"after:  min {y.min():5.2f}, max {y.max():5.2f}"
    )


if __name__ == "__main__":
    print(report())
# --8<-- [end:main]
'''

FIGURES = '''"""Figures and numbers of docs/__SLUG__.md, drawn from the code it shows."""

import numpy as np
from matplotlib.figure import Figure

__FIGURE_IMPORTS__


def histograms_figure(
    theme: str | Theme = "light", *, layout: str = "desktop"
) -> Figure:
    """Histograms of ``example()`` before and after ``rescale``."""
    x = example()
    with themed(theme) as colours:
        fig, axes = panels(
            layout, 2, height=3.4, phone_height=3.0, sharey=True
        )
        for ax, values, name in zip(
            axes, (x, rescale(x)), ("x", "rescale(x)"), strict=True
        ):
            ax.hist(values, bins=30, color=colours.first)
            ax.set_title(
                wrap(
                    f"{name}: from {values.min():.2f} to {values.max():.2f}",
                    layout,
                )
            )
            ax.set(xlabel="value", ylabel="samples")
            ax.grid(True, axis="y")
    return fig


FIGURES = {"__SLUG__-histograms": histograms_figure}


def numbers() -> dict[str, float | int | str]:
    """What docs/__SLUG__.md states, computed by the build."""
    x = example()
    return {
        "report": report(),
        "size": int(x.size),
        "low": float(np.min(x)),
        "high": float(np.max(x)),
    }
'''

TESTS = '''"""rescale: onto [0, 1] exactly, shape and dtype kept, input untouched, bad input refused;
the example and the report the page prints."""

import numpy as np
import pytest
from snippets.__SLUG__ import example, report, rescale


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_rescale_maps_the_minimum_to_0_the_maximum_to_1_and_keeps_shape_and_dtype(dtype):
    x = np.random.default_rng(0).normal(size=(3, 4)).astype(dtype)
    y = rescale(x)
    assert y.shape == x.shape and y.dtype == x.dtype
    assert y.min() == 0 and y.max() == 1
    reference = (x.astype(np.float64) - x.min()) / (float(x.max()) - x.min())
    np.testing.assert_allclose(y, reference, rtol=1e-6, atol=1e-7)


def test_rescale_is_exact_on_a_small_case_and_leaves_its_input_alone():
    x = np.array([3.0, -1.0, 2.0])
    before = x.copy()
    np.testing.assert_array_equal(rescale(x), [1.0, 0.0, 0.75])
    np.testing.assert_array_equal(x, before)


@pytest.mark.parametrize(
    "x, error, message",
    [
        (np.arange(3), TypeError, "x must be a floating-point array, got dtype int64"),
        (np.array([]), ValueError, "x must be non-empty and finite"),
        (np.array([1.0, np.nan]), ValueError, "x must be non-empty and finite"),
        (np.ones(3), ValueError, "x must hold two different values, got only 1.0"),
    ],
)
def test_rescale_refuses_bad_input_and_says_why(x, error, message):
    with pytest.raises(error, match=message):
        rescale(x)


def test_example_is_seeded_normal_samples_with_mean_5_and_sd_2():
    x = example(0)
    assert x.shape == (1000,)
    np.testing.assert_array_equal(x, example(0))
    assert not np.array_equal(x, example(1))
    # standard error of the mean: 2 / sqrt(1000) = 0.063; 5 of them
    assert abs(x.mean() - 5.0) < 0.32
    assert abs(x.std() - 2.0) < 0.2


def test_report_prints_the_examples_range_before_and_after():
    x = example(0)
    before, after = report(0).splitlines()
    assert before.split() == ["before:", "min", f"{x.min():.2f},", "max", f"{x.max():.2f}"]
    assert after == "after:  min  0.00, max  1.00"
'''

FIGURE_TESTS = '''"""The figure of docs/__SLUG__.md shows the example before and after rescale; the numbers
the page states are the code's."""

import numpy as np
from snippets.__SLUG__ import example, report
from snippets.__SLUG___figures import FIGURES, numbers


def test_the_histograms_count_every_sample_and_span_its_range_before_and_after():
    x = example()
    before, after = FIGURES["__SLUG__-histograms"]("light").axes
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
'''

EXERCISE_MODULE = '''"""Exercises of docs/__SLUG__.md, with solutions (a skeleton: to replace).

Each solution section runs after the page's code blocks (it uses
``rescale`` and ``example``). ``numbers()`` gives the site what each prints.
"""

# The solutions use the article's functions, as a reader's script would.
from snippets.__SLUG__ import example, rescale  # noqa: I001

# --8<-- [start:inside]
import numpy as np


def inside_report() -> str:
    """What ``rescale`` makes of values already between 0 and 1."""
    x = np.array([0.25, 0.5, 0.75])
    return f"rescale({x.tolist()}) = {rescale(x).tolist()}"


if __name__ == "__main__":
    print(inside_report())
# --8<-- [end:inside]


# --8<-- [start:rescale_to]
def rescale_to(x: np.ndarray, low: float, high: float) -> np.ndarray:
    """Map ``x`` linearly onto [low, high]: minimum to low, maximum to high."""
    if not low < high:
        raise ValueError(f"low must be below high, got {low} and {high}")
    return low + (high - low) * rescale(x)


def rescale_to_report(seed: int = 0) -> str:
    """The range of ``example(seed)`` mapped onto [-1, 1]."""
    y = rescale_to(example(seed), -1.0, 1.0)
    return f"min {y.min():.2f}, max {y.max():.2f}"


if __name__ == "__main__":
    print(rescale_to_report())
# --8<-- [end:rescale_to]


# --8<-- [start:outlier]
def outlier_report(seed: int = 0) -> str:
    """How much of [0, 1] the samples use once one outlier (100) joins them."""
    y = rescale(np.append(example(seed), 100.0))[:-1]
    return (
        "without the outlier the samples span [0, 1]; with it, "
        f"[{y.min():.3f}, {y.max():.3f}]"
    )


if __name__ == "__main__":
    print(outlier_report())
# --8<-- [end:outlier]


def numbers() -> dict[str, str]:
    """What the solutions print, for the page (the build)."""
    return {
        "inside": inside_report(),
        "rescale_to": rescale_to_report(),
        "outlier": outlier_report(),
    }
'''

EXERCISE_TESTS = '''"""The exercises of docs/__SLUG__.md: each solution's claim holds, and numbers() says what
the solutions print."""

import numpy as np
import pytest
from snippets.__SLUG__ import example
from snippets.__SLUG___exercises import (
    inside_report,
    numbers,
    outlier_report,
    rescale_to,
    rescale_to_report,
)


def test_values_already_between_0_and_1_are_still_stretched_to_fill_it():
    assert inside_report() == "rescale([0.25, 0.5, 0.75]) = [0.0, 0.5, 1.0]"


def test_rescale_to_maps_onto_the_interval_asked_for_and_refuses_an_empty_one():
    y = rescale_to(np.array([3.0, -1.0, 2.0]), -1.0, 1.0)
    np.testing.assert_allclose(y, [1.0, -1.0, 0.5])
    assert rescale_to_report() == "min -1.00, max 1.00"
    with pytest.raises(ValueError, match="low must be below high, got 1.0 and 1.0"):
        rescale_to(np.array([0.0, 1.0]), 1.0, 1.0)


def test_one_outlier_squeezes_the_other_samples_into_a_small_part_of_the_range():
    x = example(0)
    top = (x.max() - x.min()) / (100.0 - x.min())  # where the largest sample lands
    assert top < 0.2
    assert outlier_report().endswith(f"[0.000, {top:.3f}]")


def test_numbers_are_what_the_solutions_print():
    assert numbers() == {
        "inside": inside_report(),
        "rescale_to": rescale_to_report(),
        "outlier": outlier_report(),
    }
'''

PAGE = """---
description: >-
  __TITLE__: one or two sentences on what the article shows, for search results and link
  previews (replace them).
---

# __TITLE__

!!! quote "Where this comes from"

    This article expands a thread by Santiago ([@svpino](https://x.com/svpino))
    ([his threads, unrolled](https://threadreaderapp.com/user/svpino): replace this link with
    the thread's own). The words, code, figures and tests here are ours.

!!! tip "Run it yourself"

    The [__TITLE__ notebook](notebooks/__SLUG__.ipynb) holds this page's code with an experiment
    and knobs to turn. It needs numpy and, for the plots, matplotlib. Every function shown here
    is also listed, with its full docstring, in the [snippets reference](reference/index.md). Copy the
    page's code blocks in order into one file and it runs and prints the result at the end of the
    page.

    Take the code with you: {{ download }}, byte for byte what the tests run, with numpy as
    its only requirement (tested with {{ tested_with }}; [MIT licence](downloads/LICENSE.txt)).

    How the runs are set up and compared (seeds, pairs, the three splits, intervals):
    [how the numbers are made](measuring.md).

This page is a skeleton made by `scripts/new_article.py`: its placeholder idea, min-max scaling,
shows where each part of an article goes. Replace the text, the code, the figure and the numbers
with the article's own, following the checklist in README.md ("Writing an article").

## The code

`rescale` maps an array linearly onto the interval from 0 to 1:

```python
--8<-- "snippets/__SLUG__.py:rescale"
```

## What it does

![Two histograms of the same {{ __SLUG__.size }} samples of a normal distribution. On the left the
raw values, from {{ __SLUG__.low:.2f }} to {{ __SLUG__.high:.2f }}; on the right the values after
rescale, from 0 to 1, with the same shape.](figures/__SLUG__-histograms-light.svg#only-light)
![Two histograms of the same {{ __SLUG__.size }} samples of a normal distribution. On the left the
raw values, from {{ __SLUG__.low:.2f }} to {{ __SLUG__.high:.2f }}; on the right the values after
rescale, from 0 to 1, with the same shape.](figures/__SLUG__-histograms-dark.svg#only-dark)

The {{ __SLUG__.size }} samples ran from {{ __SLUG__.low:.2f }} to {{ __SLUG__.high:.2f }};
after `rescale` they run from 0 to 1, and the shape of their histogram has not changed.
__EXERCISES__
## Run it

The last block of the page draws the example and prints what `rescale` made of it:

```python
--8<-- "snippets/__SLUG__.py:main"
```

```text
{{ __SLUG__.report }}
```
"""

# The page's exercises (README, Writing an article: Exercises), before "Run it".
EXERCISES = """
## Exercises

Three exercises to do with the code of this page (replace them with the article's own: 3 to 5,
predict then run, change the code, explain). Each solution is hidden until you open it.

!!! question "1. Predict, then run: already between 0 and 1"

    What does `rescale` make of `np.array([0.25, 0.5, 0.75])`, whose values are already
    between 0 and 1? Guess, then run it.

??? success "Solution"

    Runs after the page's code blocks:

    ```python
    --8<-- "snippets/__SLUG___exercises.py:inside"
    ```

    It prints:

    ```text
    {{ __SLUG___exercises.inside }}
    ```

    `rescale` always sends the smallest value to 0 and the largest to 1, wherever they were.

!!! question "2. Change the code: any interval"

    Write `rescale_to(x, low, high)`, which maps `x` onto the interval from `low` to `high`,
    using `rescale`, and try it on the example with -1 and 1.

??? success "Solution"

    Runs after the page's code blocks:

    ```python
    --8<-- "snippets/__SLUG___exercises.py:rescale_to"
    ```

    It prints:

    ```text
    {{ __SLUG___exercises.rescale_to }}
    ```

    Stretch by `high - low`, then shift by `low`: the order of the values never changes.

!!! question "3. Explain: one outlier"

    Add one sample of 100 to the example and rescale. Where do the other samples land, and why?

??? success "Solution"

    Runs after the page's code blocks:

    ```python
    --8<-- "snippets/__SLUG___exercises.py:outlier"
    ```

    It prints:

    ```text
    {{ __SLUG___exercises.outlier }}
    ```

    The outlier becomes the maximum, so it takes 1 and squeezes every other sample towards 0:
    min-max scaling follows the extremes, however rare they are.
"""

NOTEBOOK = """# %% [markdown]
# # __TITLE__: run it yourself
#
# This notebook is the companion of the article [__TITLE__](../__SLUG__.md). It
# holds the same code, tested in the site's repository, and an experiment to
# play with. It needs only numpy and matplotlib: run the cells top to bottom,
# then change the knobs below and run them again.

# %% [markdown]
# ## Knobs

# %%
SEED = 0  # change it to draw other samples

# %% [markdown]
# ## The code

# %%
# --8<-- "snippets/__SLUG__.py:rescale"

# %%
# --8<-- "snippets/__SLUG__.py:main"

# %% [markdown]
# ## Experiment: before and after

# %% alt="Two histograms side by side: samples of a normal distribution, and the same samples after rescale, between 0 and 1, with the same shape"
import matplotlib.pyplot as plt

x = example(SEED)
fig, axes = plt.subplots(
    1, 2, figsize=(10, 3), layout="constrained", sharey=True
)
for ax, values, name in zip(axes, (x, rescale(x)), ("x", "rescale(x)")):
    ax.hist(values, bins=30)
    ax.set_title(name)
plt.show()

# %% [markdown]
# ## Exercises
#
# Three exercises from the end of the article. Try each in the empty cell
# below; the solutions are in a separate section at the end of this notebook.
#
# 1. **Predict, then run.** What does `rescale` make of [0.25, 0.5, 0.75]?
# 2. **Change the code.** Write `rescale_to(x, low, high)` and map the example
#    onto [-1, 1].
# 3. **Explain.** Add one sample of 100 to the example and rescale: where do
#    the others land, and why?

# %%
# Your attempts here.

# %% [markdown]
# ## Solutions (spoilers)
#
# **1.** The smallest value always goes to 0 and the largest to 1.

# %%
# --8<-- "snippets/__SLUG___exercises.py:inside"

# %% [markdown]
# **2.** Stretch by `high - low`, then shift by `low`.

# %%
# --8<-- "snippets/__SLUG___exercises.py:rescale_to"

# %% [markdown]
# **3.** The outlier takes 1 and squeezes every other sample towards 0.

# %%
# --8<-- "snippets/__SLUG___exercises.py:outlier"
"""

HOME_ENTRY = """[__TITLE__](__SLUG__.md)
:   One or two sentences on what the article shows and why a reader would care (replace
    them).

"""


def check_slug(slug: str, root: Path) -> None:
    """Raise ValueError saying why ``slug`` cannot name a new article in ``root``."""
    if (
        not SLUG.fullmatch(slug)
        or keyword.iskeyword(slug)
        or slug.endswith(("_figures", "_exercises"))
    ):
        raise ValueError(
            f"the slug must be a Python module name of 2 to 30 characters: a lowercase letter, "
            f"then lowercase letters, digits or '_', not ending in '_figures' or '_exercises' and not a Python "
            f"keyword (for example batch_norm), got {slug!r}"
        )
    if slug in RESERVED or slug.startswith("test_"):
        raise ValueError(f"the slug {slug!r} is a name the site already uses; choose another")
    taken = [path for path in planned(slug, root) if path.exists()]
    if taken:
        names = ", ".join(str(path.relative_to(root)) for path in taken)
        raise ValueError(f"an article {slug!r} already exists: {names}; choose another slug")


def check_title(title: str) -> None:
    """Raise ValueError unless ``title`` is one line of plain words."""
    if not title.strip() or len(title) > 60 or re.search(r'[\n"\\\[\]{}<>`*_#|]', title):
        raise ValueError(
            "the title must be one line of at most 60 characters without quotes, backslashes, "
            f"brackets, braces or Markdown marks (for example 'Batch normalisation'), "
            f"got {title!r}"
        )


def planned(slug: str, root: Path) -> list[Path]:
    """The files a new article ``slug`` is made of."""
    return [
        root / "snippets" / f"{slug}.py",
        root / "snippets" / f"{slug}_figures.py",
        root / "tests" / f"test_{slug}.py",
        root / "tests" / f"test_{slug}_figures.py",
        root / "docs" / f"{slug}.md",
        root / "notebooks" / f"{slug}.py",
        root / "snippets" / f"{slug}_exercises.py",
        root / "tests" / f"test_{slug}_exercises.py",
    ]


def figure_imports(slug: str) -> str:
    """The figure module's imports from the package, in the order ruff (isort) wants."""
    return "\n".join(
        sorted(
            [
                f"from snippets.{slug} import example, report, rescale",
                "from snippets.plotting import Theme, panels, themed, wrap",
            ]
        )
    )


def fill(template: str, slug: str, title: str) -> str:
    """``template`` with ``__SLUG__``, ``__TITLE__`` and ``__EXERCISES__`` filled in."""
    return (
        template.replace("__EXERCISES__", EXERCISES)
        .replace("__FIGURE_IMPORTS__", figure_imports(slug))
        .replace("__SLUG__", slug)
        .replace("__TITLE__", title)
    )


def yaml_text(title: str) -> str:
    """``title`` as a YAML mapping key: plain if it can be, else double-quoted."""
    plain = re.fullmatch(r"[A-Za-z0-9][^:#'&*!%@,\[\]{}]*", title) and not title.endswith(" ")
    return title if plain else f'"{title}"'


def add_to_nav(config: str, slug: str, title: str) -> str:
    """``mkdocs.yml``'s text with the article listed before the notebooks' section of ``nav``
    and its notebook at the end of that section."""
    lines = config.splitlines(keepends=True)
    try:
        nav = lines.index("nav:\n")
        section = lines.index(NAV_NOTEBOOKS + "\n", nav)
    except ValueError:
        raise ValueError(
            f"mkdocs.yml: no 'nav:' with a line {NAV_NOTEBOOKS!r} (the notebooks' section): "
            "add the article and its notebook to nav by hand"
        ) from None
    end = section + 1
    while end < len(lines) and lines[end].startswith("      - "):
        end += 1
    key = yaml_text(title)
    lines.insert(end, f"      - {yaml_text(title + ' notebook')}: notebooks/{slug}.ipynb\n")
    lines.insert(section, f"  - {key}: {slug}.md\n")
    return "".join(lines)


def add_to_home(home: str, slug: str, title: str) -> str:
    """The home page's text with the article at the end of its list of articles."""
    start = home.find(f"\n{HOME_ARTICLES}\n")
    if start < 0:
        raise ValueError(
            f"docs/index.md: no heading {HOME_ARTICLES!r}: add the article to the home page by hand"
        )
    end = home.find("\n## ", start + 1)
    end = len(home) if end < 0 else end + 1
    body = home[:end].rstrip("\n") + "\n\n"
    return body + fill(HOME_ENTRY, slug, title) + home[end:]


def new_article(slug: str, title: str, root: Path = ROOT) -> list[Path]:
    """Write the skeleton of article ``slug`` titled ``title`` into the project ``root``; the
    files written or changed. Raises ValueError, writing nothing, if it cannot."""
    check_slug(slug, root)
    check_title(title)
    config, home = root / "mkdocs.yml", root / "docs" / "index.md"
    new_config = add_to_nav(config.read_text(encoding="utf-8"), slug, title)
    new_home = add_to_home(home.read_text(encoding="utf-8"), slug, title)
    templates = [
        *(MODULE, FIGURES, TESTS, FIGURE_TESTS, PAGE, NOTEBOOK),
        *(EXERCISE_MODULE, EXERCISE_TESTS),
    ]
    written = planned(slug, root)
    for path, template in zip(written, templates, strict=True):
        path.write_text(fill(template, slug, title), encoding="utf-8")
    config.write_text(new_config, encoding="utf-8")
    home.write_text(new_home, encoding="utf-8")
    return [*written, config, home]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Create a working skeleton of a new article (see README.md)."
    )
    parser.add_argument("slug", help="Python module name of the article, e.g. batch_norm")
    parser.add_argument("title", help='the title, e.g. "Batch normalisation"')
    parser.add_argument("--root", type=Path, default=ROOT, help="the project (default: this one)")
    args = parser.parse_args(argv)
    try:
        written = new_article(args.slug, args.title, args.root.resolve())
    except ValueError as error:
        print(f"new_article: {error}", file=sys.stderr)
        return 2
    root = args.root.resolve()
    print(f"new article {args.slug!r}: wrote")
    for path in written:
        print(f"  {path.relative_to(root)}")
    print(
        "The build and the tests pass as it is. Next: replace the placeholder (min-max scaling) "
        "step by step, following README.md, 'Writing an article'; `bash scripts/serve.sh` shows "
        f"the page at http://127.0.0.1:8000/{args.slug}/"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
