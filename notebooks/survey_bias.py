# %% [markdown]
# # The survey in the middle of the theater: run it yourself
#
# This notebook is the companion of the article
# [The survey in the middle of the theater](../survey_bias.md). It holds the
# same code, tested in the site's repository, and the experiments to play
# with. It needs only numpy and matplotlib: run the cells top to bottom, then
# change the knobs below and run them again.

# %% [markdown]
# ## Knobs

# %%
SEEDS_USED = (0, 1, 2, 3, 4)  # populations to simulate
STRENGTH = 1.0  # times John's selection strengths; 0: every step a lottery
MIN_EPISODES = 3  # the screening reaches nobody who has seen fewer

# %% [markdown]
# ## The code
#
# A population, John's three selection steps, a logistic regression, and
# John's study: survey, train, score on held-out answers and on the
# population.

# %%
# --8<-- "snippets/survey_bias.py:population"

# %%
# --8<-- "snippets/survey_bias.py:selection"

# %%
# --8<-- "snippets/survey_bias.py:model"

# %%
# --8<-- "snippets/survey_bias.py:survey"

# %% [markdown]
# ## Experiment 1: the model scored two ways
#
# At `STRENGTH` times John's selection, on each population of the knobs.

# %% alt="Dots per population: the model's accuracy on the survey's held-out answers, high, and on a random sample of the population, much lower"
import matplotlib.pyplot as plt

strengths = tuple(STRENGTH * s for s in STRENGTHS)
runs = [survey_run(seed, strengths) for seed in SEEDS_USED]
held = [100 * r["held_out"] for r in runs]
population = [100 * r["population"] for r in runs]
fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
for h, p in zip(held, population):
    ax.plot([0, 1], [h, p], marker="o", color="tab:blue")
ax.set_xticks([0, 1], ["held-out answers", "the population"])
ax.set(ylabel="accuracy (%)", xlim=(-0.5, 1.5))
plt.show()
for r in runs:
    print(
        f"survey says {r['likes_2']:.1%} will like it, the model forecasts "
        f"{r['forecast']:.1%}, the truth is {r['truth']:.1%}"
    )

# %% [markdown]
# ## Experiment 2: each step alone, against its strength

# %% alt="Line chart of the accuracy gap, held-out minus population, against selection strength, one line per step alone and one for all three"
factors = (0.0, 0.5, 1.0, 1.5, 2.0)
fig, ax = plt.subplots(figsize=(8, 3.5), layout="constrained")
for only, name in [(0, "theater"), (1, "middle rows"), (2, "answers")] + [
    (None, "all three")
]:
    gap = []
    for f in factors:
        st = tuple(
            f * s if only in (None, i) else 0.0
            for i, s in enumerate(STRENGTHS)
        )
        runs = [survey_run(s, st) for s in SEEDS_USED]
        gap.append(
            100 * np.mean([r["held_out"] - r["population"] for r in runs])
        )
    ax.plot(factors, gap, marker="o", label=name)
ax.axhline(0, color="black", linewidth=1)
ax.set(xlabel="selection strength", ylabel="gap (points)")
ax.legend()
plt.show()

# %% [markdown]
# ## Experiment 3: what helps
#
# A random sample of the population, and reweighting to the population's
# cells, here with the screening missing everyone under `MIN_EPISODES`
# episodes.

# %%
# --8<-- "snippets/survey_bias.py:random_sample"

# %%
# --8<-- "snippets/survey_bias.py:reweighting"

# %%
for size in (50, 200, 800):
    errors = [
        random_sample_run(s, size)["estimate"] - draw_people(s).likes.mean()
        for s in SEEDS_USED
    ]
    print(
        f"{size} people at random: mean absolute error "
        f"{100 * np.mean(np.abs(errors)):.1f} points"
    )
for m in (0, MIN_EPISODES):
    runs = [
        reweighted_run(s, (STRENGTHS[0], 0.0, 0.0), min_episodes=m)
        for s in SEEDS_USED
    ]
    print(f"theater only, nobody under {m} episodes:")
    for key in ("survey", "reweighted", "truth", "unreached"):
        print(f"  {key:10} {np.mean([r[key] for r in runs]):.1%}")

# %% [markdown]
# ## The page's comparisons, seed by seed
#
# Over 20 populations, as
# [How the numbers are made](../measuring.md) explains. With the functions'
# default settings (the knobs above do not reach them), this prints the
# sentences the page shows. The whole notebook runs in about 7 s on one core
# (measured 2026-12-07).

# %%
# --8<-- "snippets/paired.py:paired"

# %%
# --8<-- "snippets/paired.py:describe"

# %%
# --8<-- "snippets/survey_bias.py:comparisons"

# %%
found = {**step_comparisons(SEEDS), **remedy_comparisons(SEEDS)}
for name, comparison in found.items():
    print(f"{name}, {SUBJECTS[name]}:\n  {describe(comparison)}")

# %% [markdown]
# ## The page's last block

# %%
# --8<-- "snippets/survey_bias.py:main"

# %% [markdown]
# ## Exercises
#
# Three exercises from the end of the article. Try each in the empty cell
# below; the solutions are in a separate section at the end of this notebook.
#
# 1. **Predict, then run.** John collects five times as many answers. Does
#    the gap between his held-out score and the population's shrink?
# 2. **Change the code.** Compare the survey's shares of episodes seen with
#    the population's, with each step alone. Which steps does it catch?
# 3. **Explain.** Compare the share of likers in the training answers, the
#    held-out answers and the population. Why can no split of the survey
#    reveal the problem?

# %%
# Your attempts here.

# %% [markdown]
# ## Solutions (spoilers)
#
# **1.** The gap stays: every extra answer went through the same steps.

# %%
# --8<-- "snippets/survey_bias_exercises.py:bigger"

# %% [markdown]
# **2.** The theater step stands out; the middle rows and the optional
# answers barely move the episodes' shares.

# %%
# --8<-- "snippets/survey_bias_exercises.py:shares_check"

# %% [markdown]
# **3.** A random split of the survey has the survey's share of likers, not
# the population's.

# %%
# --8<-- "snippets/survey_bias_exercises.py:split_shares"
