"""Figures and numbers of the article on validation data that wears out.

Every experiment runs over ``SEEDS``; a figure shows the mean and the range over them.
"""

import inspect

import numpy as np
from matplotlib.figure import Figure

from snippets.paired import describe
from snippets.plotting import Theme, panels, spread, themed, wrap
from snippets.validation_reuse import (
    ATTACK_KS,
    ATTACK_SEEDS,
    BUDGET,
    SEEDS,
    best_of_k,
    cross_validation_gaps,
    expected_best_independent,
    final_reports,
    refreshed_search,
    report,
    reuse_attack,
    score_once,
    selection_bound,
    selection_gaps,
    thresholdout,
    thresholdout_comparisons,
)

CACHED = (
    selection_gaps,
    refreshed_search,
    reuse_attack,
    cross_validation_gaps,
)  # the build keeps each run's result (hooks/results.py)
KS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)  # candidates compared
N_VALS = (
    50,
    100,
    200,
    400,
    800,
    1600,
)  # validation sizes, at K_FIXED candidates
K_FIXED = 100
EVERY = (1000, 100, 10, 1)  # candidates per validation set, of 1000


def climb_runs() -> dict[str, np.ndarray]:
    """The winner's validation, fresh and test accuracy, shape (seeds, KS)."""
    runs = [best_of_k(KS, seed) for seed in SEEDS]
    return {
        "validation": np.array([v for v, _ in runs]),
        "fresh": np.array([f for _, f in runs]),
        "test": np.array([score_once(KS, seed) for seed in SEEDS]),
    }


def climb_figure(
    theme: str | Theme = "light", *, layout: str = "desktop"
) -> Figure:
    """The best of k candidates: validation accuracy climbs, fresh and test stay at 50%."""
    runs = climb_runs()
    ks = np.array(KS)
    with themed(theme) as colours:
        fig, (ax,) = panels(layout, 1, height=4.2, phone_height=4.8)
        spread(
            ax,
            ks,
            100 * runs["validation"],
            colours.first,
            "winner, on the validation data that chose it",
        )
        spread(
            ax,
            ks,
            100 * runs["test"],
            colours.third,
            "winner, on test data looked at once",
        )
        ax.plot(
            ks,
            100 * runs["fresh"].mean(axis=0),
            color=colours.second,
            linewidth=2,
            linestyle="--",
            label="winner, true accuracy (exact)",
        )
        ax.set(
            xscale="log",
            xlabel="candidates compared (k)",
            ylabel="accuracy (%)",
            ylim=(40, 66),
            xlim=(1, ks[-1]),
        )
        ax.set_title(
            wrap(
                f"Labels are coin flips: the best of k looks better and better (mean and range of {len(SEEDS)} seeds)",
                layout,
            )
        )
        ax.grid(True)
        if layout == "phone":
            fig.legend(loc="outside lower center", fontsize=10)
        else:
            ax.legend(loc="upper left", fontsize=10)
    return fig


def gap_runs() -> dict[str, np.ndarray]:
    """Gaps (winner's score minus truth), shape (seeds, KS) or (seeds, N_VALS)."""
    return {
        "shared": np.array([selection_gaps(KS, seed) for seed in SEEDS]),
        "independent": np.array(
            [selection_gaps(KS, seed, independent=True) for seed in SEEDS]
        ),
        "cross_validation": np.array(
            [cross_validation_gaps(KS, seed) for seed in SEEDS]
        ),
        "by_n_val": np.array(
            [
                [selection_gaps((K_FIXED,), seed, n_val=n)[0] for n in N_VALS]
                for seed in SEEDS
            ]
        ),
    }


def gap_figure(
    theme: str | Theme = "light", *, layout: str = "desktop"
) -> Figure:
    """The gap against k and against the validation size, next to the sqrt(2 ln k) bound."""
    runs = gap_runs()
    ks, n_vals = np.array(KS), np.array(N_VALS)
    with themed(theme) as colours:
        fig, (left, right) = panels(layout, 2, height=4.4, phone_height=4.2)
        left.plot(
            ks,
            [100 * selection_bound(k, 200) for k in KS],
            color=colours.ink,
            linestyle="--",
            linewidth=1.5,
            label="bound, sqrt(2 ln k) standard errors",
        )
        left.plot(
            ks,
            [100 * expected_best_independent(k, 200) for k in KS],
            color=colours.muted,
            linewidth=3,
            label="independent candidates (exact)",
        )
        spread(
            left,
            ks,
            100 * runs["independent"],
            colours.second,
            "independent candidates (measured)",
        )
        spread(
            left,
            ks,
            100 * runs["shared"],
            colours.first,
            "one validation set of 200",
        )
        spread(
            left,
            ks,
            100 * runs["cross_validation"],
            colours.third,
            "5-fold cross-validation, 400 points",
        )
        left.set(
            xscale="log",
            xlabel="candidates compared (k)",
            ylabel="winner's score minus truth (points)",
            xlim=(1, ks[-1]),
            ylim=(-2, 15),
        )
        left.set_title(wrap("Against k (200 validation points)", layout))
        right.plot(
            n_vals,
            [100 * selection_bound(K_FIXED, n) for n in N_VALS],
            color=colours.ink,
            linestyle="--",
            linewidth=1.5,
            label="bound",
        )
        spread(
            right, n_vals, 100 * runs["by_n_val"], colours.first, "measured"
        )
        right.set(
            xscale="log",
            xlabel="validation points (n)",
            ylabel="winner's score minus truth (points)",
            xlim=(n_vals[0], n_vals[-1]),
            ylim=(0, 30),
        )
        right.set_xticks(n_vals, [str(n) for n in N_VALS])
        right.minorticks_off()
        right.set_title(wrap(f"Against n (best of {K_FIXED})", layout))
        for ax in (left, right):
            ax.grid(True)
        fig.legend(
            *left.get_legend_handles_labels(),
            loc="outside lower center",
            ncols=1 if layout == "phone" else 3,
            fontsize=10,
        )
    return fig


def remedy_runs() -> dict[str, np.ndarray]:
    """Refreshing: gap and labelled points per EVERY; the attacks with and without Thresholdout."""
    refresh = np.array(
        [
            [refreshed_search(1000, every, seed) for every in EVERY]
            for seed in SEEDS
        ]
    )
    attacks = {
        reusable: [
            reuse_attack(ATTACK_KS, seed, reusable=reusable)
            for seed in ATTACK_SEEDS
        ]
        for reusable in (False, True)
    }
    return {
        "refresh_gap": refresh[:, :, 0] - 0.5,
        "refresh_points": refresh[0, :, 1],
        **{
            f"{name}_{'thresholdout' if reusable else 'holdout'}": np.array(
                [run[name] for run in runs]
            )
            for reusable, runs in attacks.items()
            for name in ("best", "vote")
        },
        "from_holdout": np.array(
            [run["from_holdout"] for run in attacks[True]]
        ),
        "vote_budget": np.array(
            [
                reuse_attack(ATTACK_KS, s, reusable=True, budget=BUDGET)[
                    "vote"
                ]
                for s in ATTACK_SEEDS
            ]
        ),
    }


def remedy_figure(
    theme: str | Theme = "light", *, layout: str = "desktop"
) -> Figure:
    """Refreshing the validation data and what it costs; Thresholdout against two attacks."""
    runs = remedy_runs()
    points = runs["refresh_points"]
    ks = np.array(ATTACK_KS)
    with themed(theme) as colours:
        fig, (left, right) = panels(layout, 2, height=4.4, phone_height=4.2)
        spread(
            left,
            points,
            100 * runs["refresh_gap"],
            colours.first,
            "final winner's last score minus truth",
        )
        for x, every in zip(points, EVERY, strict=True):
            left.annotate(
                f"every {every}",
                (
                    x,
                    100
                    * runs["refresh_gap"][:, list(EVERY).index(every)].mean(),
                ),
                xytext=(4, 4),
                textcoords="offset points",
                fontsize=10,
            )
        left.set(
            xscale="log",
            xlabel=wrap(
                "labelled validation points used, 1000 candidates",
                layout,
                chars=30,
            ),
            ylabel="gap (points)",
            ylim=(0, 14),
            xlim=(100, 1e6),
        )
        left.set_title(wrap("A new validation set every n candidates", layout))
        for name, colour, label in (
            ("vote", colours.second, "vote of rules that beat chance"),
            ("best", colours.first, "best rule"),
        ):
            spread(
                right,
                ks,
                100 * runs[f"{name}_holdout"],
                colour,
                f"{label}, holdout reused",
            )
            right.plot(
                ks,
                100 * runs[f"{name}_thresholdout"].mean(axis=0),
                color=colour,
                linewidth=2,
                linestyle="--",
                marker="o",
                label=f"{label}, Thresholdout",
            )
        right.axhline(50, color=colours.ink, linewidth=1, linestyle=":")
        right.set(
            xscale="log",
            xlabel="one-feature rules asked about (k)",
            ylabel=wrap("reported accuracy (%), truth 50%", layout, chars=22),
            ylim=(45, 76),
            xlim=(ks[0], ks[-1]),
        )
        right.set_title(wrap("Holdout reused, or behind Thresholdout", layout))
        if layout == "phone":
            fig.legend(
                *right.get_legend_handles_labels(),
                loc="outside lower center",
                fontsize=9,
            )
        else:
            right.legend(loc="upper left", fontsize=9)
        for ax in (left, right):
            ax.grid(True)
    return fig


def numbers() -> dict[str, float | int | str]:
    """The numbers the article states, from the same runs as its figures."""
    climb, gaps, remedies = climb_runs(), gap_runs(), remedy_runs()
    at = {k: i for i, k in enumerate(KS)}
    values: dict[str, float | int | str] = {
        "seeds": len(SEEDS),
        "report": report(),
        "k_max": KS[-1],
        "k_fixed": K_FIXED,
        "validation_k1": float(climb["validation"][:, 0].mean()),
        "validation_max": float(climb["validation"][:, -1].mean()),
        "validation_max_min": float(climb["validation"][:, -1].min()),
        "test_max": float(climb["test"][:, -1].mean()),
        "test_min": float(climb["test"].min()),
        "test_high": float(climb["test"].max()),
        "refresh_points_never": int(remedies["refresh_points"][0]),
        "refresh_points_always": int(remedies["refresh_points"][-1]),
    }
    for k in (10, 100, 1000):
        values[f"gap_{k}"] = 100 * float(gaps["shared"][:, at[k]].mean())
        values[f"independent_{k}"] = 100 * float(
            gaps["independent"][:, at[k]].mean()
        )
        values[f"exact_{k}"] = 100 * expected_best_independent(k, 200)
        values[f"bound_{k}"] = 100 * selection_bound(k, 200)
        values[f"cv_{k}"] = 100 * float(
            gaps["cross_validation"][:, at[k]].mean()
        )
        values[f"cv_bound_{k}"] = 100 * selection_bound(k, 400)
    for i, n in enumerate(N_VALS):
        values[f"gap_n{n}"] = 100 * float(gaps["by_n_val"][:, i].mean())
    for i, every in enumerate(EVERY):
        values[f"refresh_gap_{every}"] = 100 * float(
            remedies["refresh_gap"][:, i].mean()
        )
    for name in ("best", "vote"):
        for mechanism in ("holdout", "thresholdout"):
            values[f"{name}_{mechanism}"] = float(
                remedies[f"{name}_{mechanism}"][:, -1].mean()
            )
    values["vote_thresholdout_max"] = float(
        remedies["vote_thresholdout"][:, -1].max()
    )
    values["vote_holdout_min"] = float(remedies["vote_holdout"][:, -1].min())
    # Thresholdout here, against the conditions of its guarantee: how many of the k answers
    # came from the holdout, and the pick-the-best result seed by seed.
    values["from_holdout_min"] = int(remedies["from_holdout"][:, -1].min())
    values["from_holdout_max"] = int(remedies["from_holdout"][:, -1].max())
    best = final_reports(ATTACK_SEEDS)
    for name, c in thresholdout_comparisons(ATTACK_SEEDS).items():
        values[f"claim_{name}"] = describe(c)
    values["best_budget"] = float(best["best_budget"].mean())
    values["best_per_seed"] = "; ".join(
        f"{h:.1%}, {t:.1%}, {b:.1%}"
        for h, t, b in zip(
            best["best_holdout"],
            best["best_thresholdout"],
            best["best_budget"],
            strict=True,
        )
    )
    values["attack_seeds"] = len(ATTACK_SEEDS)
    values["budget"] = BUDGET
    unanswered = np.isnan(remedies["vote_budget"][:, -1])
    values["vote_budget_unanswered"] = int(unanswered.sum())
    # The noise the guarantee asks for (Dwork et al., arXiv:1506.02629, Theorem 25):
    # tau / (96 ln(4m / beta)), for answers within tau = 5 points of the truth,
    # m = 1000 questions, failing with probability beta = 0.05 at most.
    values["theorem_sigma"] = 0.05 / (96 * np.log(4 * 1000 / 0.05))
    values["theorem_ratio"] = (
        0.01 / values["theorem_sigma"]
    )  # the paper's 0.01
    # The gate's noise as thresholdout draws it (Laplace of scale 2 sigma on the threshold, 4
    # sigma in each comparison; a Laplace of scale b has standard deviation b sqrt(2)), and the
    # authors' scaling of the parameters to a holdout of n points (4 / sqrt(n), 1 / sqrt(n)).
    sigma = inspect.signature(thresholdout).parameters["sigma"].default
    values["gate_noise_sd"] = float(
        np.sqrt(2 * ((2 * sigma) ** 2 + (4 * sigma) ** 2))
    )
    values["scaled_threshold"] = 4 / np.sqrt(1000)
    values["scaled_sigma"] = 1 / np.sqrt(1000)
    return values


FIGURES = {
    "validation-reuse-climb": climb_figure,
    "validation-reuse-gap": gap_figure,
    "validation-reuse-remedies": remedy_figure,
}
