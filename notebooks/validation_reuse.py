# %% [markdown]
# # Your validation set wears out: run it yourself
#
# This notebook is the companion of the article
# [Your validation set wears out](../validation_reuse.md). It holds the same
# code, tested in the site's repository, and the experiments to play with. It
# needs only numpy and matplotlib: run the cells top to bottom, then change the
# knobs below and run them again.

# %% [markdown]
# ## Knobs

# %%
KS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)  # candidates compared
N_VAL = 200  # validation points
SIGNAL = 0.0  # 0: the labels are coin flips; try 0.3
SEEDS_USED = (0, 1, 2, 3, 4)  # the site's seeds

# %% [markdown]
# ## The code
#
# Data with a known true accuracy, candidates fitted on random feature
# subsets, and the best of k.

# %%
# --8<-- "snippets/validation_reuse.py:data"

# %%
# --8<-- "snippets/validation_reuse.py:candidates"

# %%
# --8<-- "snippets/validation_reuse.py:best_of_k"

# %% [markdown]
# ## Experiment 1: the best of k climbs, fresh data does not

# %% alt="Line chart against the number of candidates on a log scale: the winner's validation accuracy climbs with k while its true accuracy stays flat"
import matplotlib.pyplot as plt

runs = [best_of_k(KS, seed, n_val=N_VAL, signal=SIGNAL) for seed in SEEDS_USED]
val = np.array([v for v, _ in runs])
fresh = np.array([f for _, f in runs])
fig, ax = plt.subplots(figsize=(8, 3.5), layout="constrained")
ax.plot(KS, 100 * val.mean(axis=0), marker="o", label="winner, validation")
ax.plot(
    KS, 100 * fresh.mean(axis=0), marker="o", label="winner, true accuracy"
)
ax.set(xscale="log", xlabel="candidates compared (k)", ylabel="accuracy (%)")
ax.legend()
plt.show()

# %% [markdown]
# ## Experiment 2: how fast, next to the bound

# %%
# --8<-- "snippets/validation_reuse.py:bound"

# %% alt="The measured gap of one shared validation set and of independent candidates against k, under the sqrt(2 ln k) bound"
shared = np.mean(
    [selection_gaps(KS, seed, n_val=N_VAL) for seed in SEEDS_USED], axis=0
)
independent = np.mean(
    [
        selection_gaps(KS, seed, n_val=N_VAL, independent=True)
        for seed in SEEDS_USED
    ],
    axis=0,
)
fig, ax = plt.subplots(figsize=(8, 3.5), layout="constrained")
ax.plot(
    KS, [100 * selection_bound(k, N_VAL) for k in KS], "k--", label="bound"
)
ax.plot(KS, 100 * independent, marker="o", label="independent candidates")
ax.plot(KS, 100 * shared, marker="o", label="one shared validation set")
ax.set(xscale="log", xlabel="candidates compared (k)", ylabel="gap (points)")
ax.legend()
plt.show()

# %% [markdown]
# ## Experiment 3: what to do
#
# A test set looked at once, a validation set refreshed, cross-validation,
# and Thresholdout, over the seeds of the knobs above. The page compares
# Thresholdout over 20 seeds, so its averages differ a little from these; the
# next section makes the page's comparisons.

# %%
# --8<-- "snippets/validation_reuse.py:test_once"

# %%
# --8<-- "snippets/validation_reuse.py:refresh"

# %%
# --8<-- "snippets/validation_reuse.py:cross_validation"

# %%
# --8<-- "snippets/paired.py:paired"

# %%
# --8<-- "snippets/paired.py:describe"

# %%
# --8<-- "snippets/validation_reuse.py:thresholdout"

# %%
tests = np.mean([score_once(KS, seed) for seed in SEEDS_USED], axis=0)
print("winner on test data, per k:", np.round(tests, 3))
for every in (1000, 100, 10, 1):
    runs = [refreshed_search(1000, every, seed) for seed in SEEDS_USED]
    gap = np.mean([score for score, _ in runs]) - 0.5
    print(
        f"new set every {every:4d}: gap {gap:.1%}, {runs[0][1]} labelled points"
    )
cv = np.mean([cross_validation_gaps(KS, seed) for seed in SEEDS_USED], axis=0)
print("5-fold cross-validation gap, per k:", np.round(cv, 3))
for reusable in (False, True):
    attack = [
        reuse_attack((1000,), seed, reusable=reusable) for seed in SEEDS_USED
    ]
    vote = np.mean([a["vote"][0] for a in attack])
    print(
        f"{'Thresholdout' if reusable else 'plain holdout'}: the vote reports {vote:.1%}"
    )

# %% [markdown]
# ## The page's comparisons, seed by seed
#
# The plain holdout against Thresholdout, and against Thresholdout with a
# budget, over 20 seeds, as
# [How the numbers are made](../measuring.md) explains. With the functions'
# default settings (the knobs above do not reach them), this prints the
# sentences the page shows; the whole notebook runs in about 12 s on one core.

# %%
# --8<-- "snippets/validation_reuse.py:comparisons"

# %%
for name, comparison in thresholdout_comparisons(ATTACK_SEEDS).items():
    print(f"{name}, {SUBJECTS[name]}:\n  {describe(comparison)}")

# %% [markdown]
# ## The page's last block

# %%
# --8<-- "snippets/validation_reuse.py:main"

# %% [markdown]
# ## Exercises
#
# Three exercises from the end of the article. Try each in the empty cell
# below; the solutions are in a separate section at the end of this notebook.
#
# 1. **Predict, then run.** You compare 100 models and want the winner's
#    validation score to flatter it by less than one point on average. How
#    many validation points does the bound ask for? Measure the gap with them.
# 2. **Change the code.** Give the labels a weak signal (`signal=0.3`). Does
#    the winner get truly better as k grows? Does validation still flatter it?
# 3. **Explain.** With a new validation set before every candidate, the final
#    winner's score still sits a little above its truth. Why, and by how much?

# %%
# Your attempts here.

# %% [markdown]
# ## Solutions (spoilers)
#
# Each solution uses the functions defined above and prints its result. The
# article explains each one.

# %%
# --8<-- "snippets/validation_reuse_exercises.py:points_needed"

# %%
# --8<-- "snippets/validation_reuse_exercises.py:weak_signal"

# %%
# --8<-- "snippets/validation_reuse_exercises.py:best_of_two"
