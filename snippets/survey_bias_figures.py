"""Figures and numbers of docs/survey_bias.md, drawn from the code it shows.

Every experiment runs on the populations of ``SEEDS`` (20); a figure shows
each seed, or the mean and the range over them.
"""

import numpy as np
from matplotlib.figure import Figure

from snippets.paired import describe
from snippets.plotting import Slider, Theme, panels, spread, themed, wrap
from snippets.survey_bias import (
    ASKED,
    EVERYONE,
    KEYS,
    REWEIGHTED,
    SEEDS,
    STEPS,
    STRENGTHS,
    draw_people,
    gaps,
    random_sample_run,
    remedy_comparisons,
    report,
    reweighted_run,
    step_comparisons,
    survey_run,
)

CACHED = (
    survey_run,
    random_sample_run,
    reweighted_run,
)  # the build keeps each run's result (hooks/results.py)
FACTORS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0)  # times STRENGTHS
SIZES = (50, 100, 200, 400, 800, 1600)  # people asked at random
STAGES = ("population", "in the\ntheater", "middle\nrows", "answered")


def scaled(factor: float, only: int | None = None) -> tuple[float, ...]:
    """STRENGTHS times ``factor``; with ``only``, the other steps at 0."""
    return tuple(
        factor * s if only in (None, i) else 0.0
        for i, s in enumerate(STRENGTHS)
    )


def runs_at(factor: float = 1.0, only: int | None = None) -> dict:
    """survey_run on every seed at ``scaled(factor, only)``: arrays (seeds,)."""
    runs = [survey_run(s, scaled(factor, only)) for s in SEEDS]
    return {key: np.array([r[key] for r in runs]) for key in runs[0]}


def strip(ax, x: float, values: np.ndarray, colour: str, label=None) -> None:
    """The values as dots spread sideways around x, their mean as a bar."""
    offsets = np.linspace(-0.15, 0.15, len(values))
    ax.scatter(x + offsets, values, s=14, color=colour, alpha=0.7, lw=0)
    ax.plot([x - 0.25, x + 0.25], [values.mean()] * 2, color=colour, lw=3)
    if label:
        ax.plot([], [], color=colour, lw=3, label=label)


def flattered_figure(
    theme: str | Theme = "light", *, layout: str = "desktop"
) -> Figure:
    """John's model scored on his held-out answers and on the population;
    the share who will like the episode, as the survey and model say."""
    r = runs_at()
    with themed(theme) as colours:
        fig, (left, right) = panels(layout, 2, height=4.2, phone_height=4.0)
        for h, p in zip(r["held_out"], r["population"], strict=True):
            left.plot([0, 1], [100 * h, 100 * p], color=colours.muted, lw=0.8)
        strip(left, 0, 100 * r["held_out"], colours.first)
        strip(left, 1, 100 * r["population"], colours.second)
        left.axhline(
            100 * (1 - r["truth"].mean()),
            color=colours.ink,
            ls="--",
            lw=1,
            label="always saying 'will not like it'",
        )
        left.set_xticks([0, 1], ["held-out answers", "the population"])
        left.set(ylabel="accuracy (%)", ylim=(35, 90), xlim=(-0.5, 1.5))
        left.set_title(wrap("The model, scored two ways", layout))
        left.legend(loc="upper right", fontsize=9)
        names = ("survey answers", "model's forecast", "the truth")
        for x, key, colour in zip(
            range(3),
            ("likes_2", "forecast", "truth"),
            (colours.first, colours.third, colours.second),
            strict=True,
        ):
            strip(right, x, 100 * r[key], colour)
        right.axhline(50, color=colours.ink, ls=":", lw=1)
        right.annotate(
            "a hit: over half like it",
            (2.4, 51),
            ha="right",
            fontsize=9,
            color=colours.ink,
        )
        right.set_xticks(range(3), [wrap(n, layout, 10) for n in names])
        right.set(
            ylabel="share who will like it (%)",
            ylim=(25, 85),
            xlim=(-0.5, 2.5),
        )
        right.set_title(wrap("Will people like the next episode?", layout))
        for ax in (left, right):
            ax.grid(True, axis="y")
    return fig


def funnel_figure(
    theme: str | Theme = "light",
    *,
    strength: float = 1.0,
    layout: str = "desktop",
) -> Figure:
    """At ``strength`` times the default selection: who will like it at
    each step, and the model's two scores, over the seeds."""
    r = runs_at(strength)
    shares = [r["truth"], r["likes_0"], r["likes_1"], r["likes_2"]]
    with themed(theme) as colours:
        fig, (left, right) = panels(layout, 2, height=4.2, phone_height=4.0)
        for x, share in enumerate(shares):
            left.bar(x, 100 * share.mean(), color=colours.first, width=0.6)
            left.errorbar(
                x,
                100 * share.mean(),
                yerr=[
                    [100 * (share.mean() - share.min())],
                    [100 * (share.max() - share.mean())],
                ],
                color=colours.ink,
                capsize=4,
            )
        left.set_xticks(range(4), STAGES)
        left.set(ylabel="share who will like it (%)", ylim=(0, 100))
        left.set_title(wrap(f"Selection strength {strength:g}", layout))
        strip(right, 0, 100 * r["held_out"], colours.first)
        strip(right, 1, 100 * r["population"], colours.second)
        right.set_xticks([0, 1], ["held-out answers", "the population"])
        right.set(ylabel="accuracy (%)", ylim=(35, 90), xlim=(-0.5, 1.5))
        gap = 100 * (r["held_out"] - r["population"]).mean()
        right.set_title(wrap(f"The model: a gap of {gap:.1f} points", layout))
        for ax in (left, right):
            ax.grid(True, axis="y")
    return fig


def funnel_alt(strength: float) -> str:
    """The alt text of the funnel's frame at ``strength``."""
    r = runs_at(strength)
    return (
        f"Two panels over {len(SEEDS)} populations at selection strength "
        f"{strength:g}. Left, bars of the share who will like the next "
        f"episode: {r['truth'].mean():.0%} of the population, "
        f"{r['likes_0'].mean():.0%} in the theater, "
        f"{r['likes_1'].mean():.0%} in the middle rows, "
        f"{r['likes_2'].mean():.0%} of those who answered. Right, the "
        f"model's accuracy: {r['held_out'].mean():.1%} on held-out answers, "
        f"{r['population'].mean():.1%} on the population."
    )


def step_runs() -> dict[str, np.ndarray]:
    """Per step alone ("theater", ...) and all ("all"): gaps and forecast
    errors ("<key>_forecast"), shape (seeds, FACTORS); at factor 1, the gap
    with each step made random ("off_<key>"), shape (seeds,)."""
    found = {}
    for i, key in enumerate((*KEYS, "all")):
        runs = [runs_at(f, None if key == "all" else i) for f in FACTORS]
        found[key] = np.array(
            [r["held_out"] - r["population"] for r in runs]
        ).T
        found[f"{key}_forecast"] = np.array(
            [r["forecast"] - r["truth"] for r in runs]
        ).T
    for i, key in enumerate(KEYS):
        off = tuple(0.0 if j == i else s for j, s in enumerate(STRENGTHS))
        found[f"off_{key}"] = gaps([survey_run(s, off) for s in SEEDS])
    return found


def steps_figure(
    theme: str | Theme = "light", *, layout: str = "desktop"
) -> Figure:
    """The gap and the forecast's error against selection strength, step by
    step; each step made random in turn at the default strength."""
    g = step_runs()
    x = np.array(FACTORS)
    with themed(theme) as colours:
        fig, axes = panels(layout, 3, height=4.4, phone_height=3.8)
        palette = (colours.second, colours.third, colours.muted, colours.first)
        labels = [f"{s} alone" for s in STEPS] + ["all three"]
        for ax, suffix, ylabel, title in (
            (
                axes[0],
                "",
                "held-out minus population (points)",
                "Accuracy gap",
            ),
            (
                axes[1],
                "_forecast",
                "forecast minus truth (points)",
                "Forecast error",
            ),
        ):
            for key, colour, label in zip(
                (*KEYS, "all"), palette, labels, strict=True
            ):
                spread(ax, x, 100 * g[key + suffix], colour, label)
            ax.axhline(0, color=colours.ink, lw=1)
            ax.set(
                xlabel=wrap(
                    "selection strength (1: John's survey)", layout, 22
                ),
                ylabel=ylabel,
                xlim=(0, FACTORS[-1]),
                ylim=(-15, 65),
            )
            ax.set_title(wrap(title, layout))
        names = ["none", "theater", "middle\nrows", "answers"]
        right = axes[2]
        for i, key in enumerate(("all", *(f"off_{k}" for k in KEYS))):
            values = g[key][:, FACTORS.index(1.0)] if key == "all" else g[key]
            strip(right, i, 100 * values, colours.first)
        right.axhline(0, color=colours.ink, lw=1)
        right.set_xticks(range(4), names)
        right.set(
            xlabel="step made random",
            ylabel="held-out minus population (points)",
            ylim=(-15, 65),
        )
        right.set_title(wrap("Gap, one step made random", layout))
        for ax in axes:
            ax.grid(True, axis="y")
        fig.legend(
            *axes[0].get_legend_handles_labels(),
            loc="outside lower center",
            ncols=1 if layout == "phone" else 4,
            fontsize=9,
        )
    return fig


def remedy_runs() -> dict[str, np.ndarray]:
    """Reweighting errors (seeds,) per REWEIGHTED scenario, raw and
    reweighted; random samples' estimates (seeds, SIZES); the truth."""
    truth = np.array([draw_people(s).likes.mean() for s in SEEDS])
    found = {"truth": truth}
    for name, kwargs in REWEIGHTED.items():
        runs = [reweighted_run(s, **kwargs) for s in SEEDS]
        for key in ("survey", "reweighted", "unreached", "effective"):
            found[f"{name}_{key}"] = np.array([r[key] for r in runs])
        found[f"{name}_answers"] = np.array([r["answers"] for r in runs])
    found["sample"] = np.array(
        [[random_sample_run(s, m)["estimate"] for m in SIZES] for s in SEEDS]
    )
    found["sample_accuracy"] = np.array(
        [[random_sample_run(s, m)["population"] for m in SIZES] for s in SEEDS]
    )
    everyone = [survey_run(s, shares=EVERYONE) for s in SEEDS]
    for key in ("likes_2", "forecast", "answers", "held_out", "population"):
        found[f"everyone_{key}"] = np.array([r[key] for r in everyone])
    return found


def remedies_figure(
    theme: str | Theme = "light", *, layout: str = "desktop"
) -> Figure:
    """Reweighting, where it recovers the truth and where it cannot; random
    samples of the population, by size."""
    r = remedy_runs()
    truth = 100 * r["truth"]
    with themed(theme) as colours:
        fig, (left, right) = panels(layout, 2, height=4.4, phone_height=4.4)
        names = (
            "theater\nonly",
            "nobody under\n3 episodes",
            "all three\nsteps",
        )
        for i, name in enumerate(REWEIGHTED):
            raw = 100 * r[f"{name}_survey"] - truth
            strip(
                left,
                i - 0.2,
                raw,
                colours.second,
                None if i else "as answered",
            )
            weighted = 100 * r[f"{name}_reweighted"] - truth
            strip(
                left,
                i + 0.2,
                weighted,
                colours.first,
                None if i else "reweighted",
            )
        left.axhline(0, color=colours.ink, lw=1)
        left.set_xticks(
            range(3), names, fontsize=9 if layout == "phone" else 10
        )
        left.set(ylabel="estimate minus truth (points)", ylim=(-5, 45))
        left.set_title(wrap("Reweighting to the population's cells", layout))
        left.legend(loc="upper left", fontsize=9)
        x = np.array(SIZES)
        spread(
            right,
            x,
            100 * r["sample"] - truth[:, None],
            colours.first,
            "people asked at random",
        )
        right.axhline(
            100 * r["reweighted_all_survey"].mean() - truth.mean(),
            color=colours.second,
            ls="--",
            label="John's survey",
        )
        right.axhline(
            100 * r["everyone_likes_2"].mean() - truth.mean(),
            color=colours.third,
            ls="-.",
            label="everyone in the theater",
        )
        right.axhline(0, color=colours.ink, lw=1)
        right.set(
            xscale="log",
            xlabel="people asked at random",
            ylabel="estimate minus truth (points)",
            ylim=(-15, 45),
            xlim=(x[0], x[-1]),
        )
        right.set_xticks(x, [str(m) for m in SIZES])
        right.minorticks_off()
        right.set_title(wrap("A small random sample", layout))
        right.legend(loc="upper right", bbox_to_anchor=(1, 0.86), fontsize=9)
        for ax in (left, right):
            ax.grid(True, axis="y")
    return fig


def numbers() -> dict[str, float | int | str]:
    """What docs/survey_bias.md states, computed by the build."""
    r, g, m = runs_at(), step_runs(), remedy_runs()
    zero = runs_at(0.0)
    values: dict[str, float | int | str] = {
        "report": report(),
        "seeds": len(SEEDS),
        "answers": float(r["answers"].mean()),
        "held_out": float(r["held_out"].mean()),
        "population": float(r["population"].mean()),
        "population_max": float(r["population"].max()),
        "constant": float(1 - r["truth"].mean()),
        "forecast": float(r["forecast"].mean()),
        "truth": float(r["truth"].mean()),
        "survey_share": float(r["likes_2"].mean()),
        "theater_share": float(r["likes_0"].mean()),
        "middle_share": float(r["likes_1"].mean()),
        "zero_gap": 100 * float(g["all"][:, 0].mean()),
        "zero_forecast": float(zero["forecast"].mean()),
        "max_factor": FACTORS[-1],
        "max_gap": 100 * float(g["all"][:, -1].mean()),
        "max_survey_share": float(runs_at(FACTORS[-1])["likes_2"].mean()),
        "forecast_error": 100
        * float(g["all_forecast"][:, FACTORS.index(1.0)].mean()),
        "gap": 100 * float(g["all"][:, FACTORS.index(1.0)].mean()),
        "asked": ASKED,
        "everyone_answers": float(m["everyone_answers"].mean()),
        "everyone_share": float(m["everyone_likes_2"].mean()),
        "everyone_forecast": float(m["everyone_forecast"].mean()),
        "forecast_error_survey": 100
        * float((r["likes_2"] - r["truth"]).mean()),
        "everyone_error": 100
        * float((m["everyone_likes_2"] - m["truth"]).mean()),
        "reweighted_theater_survey_error": 100
        * float((m["reweighted_theater_survey"] - m["truth"]).mean()),
        "everyone_gap": 100
        * float((m["everyone_held_out"] - m["everyone_population"]).mean()),
    }
    for key in KEYS:
        values[f"alone_{key}"] = 100 * float(
            g[key][:, FACTORS.index(1.0)].mean()
        )
        values[f"alone_{key}_forecast"] = 100 * float(
            g[f"{key}_forecast"][:, FACTORS.index(1.0)].mean()
        )
        values[f"off_{key}"] = 100 * float(g[f"off_{key}"].mean())
    for name in REWEIGHTED:
        for key in (
            "survey",
            "reweighted",
            "unreached",
            "effective",
            "answers",
        ):
            values[f"{name}_{key}"] = float(m[f"{name}_{key}"].mean())
        values[f"{name}_sd_survey"] = 100 * float(m[f"{name}_survey"].std())
        values[f"{name}_sd_reweighted"] = 100 * float(
            m[f"{name}_reweighted"].std()
        )
    values["alone_sum"] = sum(values[f"alone_{key}"] for key in KEYS)
    values["inflation"] = float(
        np.sqrt(
            values["reweighted_theater_answers"]
            / values["reweighted_theater_effective"]
        )
    )
    error = m["sample"] - m["truth"][:, None]
    for i, size in enumerate(SIZES):
        values[f"sample_error_{size}"] = 100 * float(
            np.abs(error[:, i]).mean()
        )
        values[f"sample_worst_{size}"] = 100 * float(np.abs(error[:, i]).max())
        values[f"sample_accuracy_{size}"] = float(
            m["sample_accuracy"][:, i].mean()
        )
    comparisons = {**step_comparisons(SEEDS), **remedy_comparisons(SEEDS)}
    for name, c in comparisons.items():
        values[f"claim_{name}"] = describe(c)
    return values


FIGURES = {
    "survey-bias-flattered": flattered_figure,
    "survey-bias-funnel": funnel_figure,
    "survey-bias-steps": steps_figure,
    "survey-bias-remedies": remedies_figure,
}

SLIDERS = {
    "survey-bias-funnel": Slider(
        "strength",
        "Selection strength",
        "strength",
        (0.0, 0.5, 1.0, 1.5, 2.0),
        funnel_alt,
    ),
}
