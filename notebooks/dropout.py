# %% [markdown]
# # Dropout: run it yourself
#
# This notebook is the companion of the article
# [Dropout, taken apart](../dropout.md). It holds the same code, tested in the
# site's repository, and a few experiments to play with. It needs only numpy and
# matplotlib: run the cells top to bottom, then change the knobs below and run
# them again.

# %% [markdown]
# ## Knobs

# %%
RATE = 0.5  # probability of dropping each unit, in [0, 1]
SEED = 0  # change it to draw other masks
SHAPE = (4, 6)  # size of the example array
PASSES = 2000  # dropout passes averaged in the expectation experiment

# %% [markdown]
# ## The code
#
# The layer itself, then the two small functions it is made of, then the checks
# that turn bad input into a clear error.

# %%
# --8<-- "snippets/dropout.py:dropout"

# %%
# --8<-- "snippets/dropout.py:mask"

# %%
# --8<-- "snippets/dropout.py:checks"

# %% [markdown]
# ## Experiment 1: what dropout does to an array
#
# About `RATE` of the units become zero; every survivor is divided by
# `1 - RATE`.

# %%
x = (np.random.default_rng(SEED).integers(1, 10, size=SHAPE) / 10).astype(
    np.float32
)
y = dropout(x, RATE, rng=SEED)
print("input:\n", x)
print("output:\n", y)
print(
    f"dropped {np.mean(y == 0):.0%} of the units (rate {RATE}); survivors x {1 / (1 - RATE):.3g}"
)

# %% alt="Three heat maps side by side: the input array, the keep mask with dropped cells dark, and the output, in which the kept cells are brighter because they were scaled up"
import matplotlib.pyplot as plt

fig, axes = plt.subplots(1, 3, figsize=(10, 2.8), layout="constrained")
for ax, values, title in zip(
    axes,
    (x, keep_mask(x.shape, RATE, rng=SEED), y),
    ("input x", f"keep mask (rate {RATE})", "output"),
):
    ax.imshow(values, cmap="cividis")
    ax.set_title(title)
    ax.set_xticks([])
    ax.set_yticks([])
plt.show()

# %% [markdown]
# ## Experiment 2: why the survivors are scaled
#
# Average many dropout passes over the same input. With the scaling the average
# settles on `x`; without it, on `(1 - RATE) * x`.

# %%
# --8<-- "snippets/dropout.py:expectation"

# %% alt="Running mean of one unit over many dropout passes on a log axis: the scaled curve settles on the dashed input line, the unscaled curve settles at a fraction of it"
scaled = mean_of_passes(x, RATE, PASSES, rng=SEED)
unscaled = mean_of_passes(x, RATE, PASSES, rng=SEED, scale=False)
print(
    "largest gap to x after all passes, scaled:  ",
    np.abs(scaled[-1] - x).max(),
)
print(
    "largest gap to x after all passes, unscaled:",
    np.abs(unscaled[-1] - x).max(),
)

unit = np.unravel_index(np.argmax(x), x.shape)
fig, ax = plt.subplots(figsize=(8, 3.5), layout="constrained")
ax.plot(scaled[(slice(None), *unit)], label="scaled by 1/(1 - rate)")
ax.plot(unscaled[(slice(None), *unit)], label="not scaled")
ax.axhline(
    x[unit], color="black", linestyle="--", linewidth=1, label="input x"
)
ax.set(
    xscale="log", xlabel="passes averaged", ylabel="mean output of one unit"
)
ax.minorticks_off()
ax.legend()
plt.show()

# %% [markdown]
# ## Experiment 3: only during training
#
# With `training=False` the layer hands back the input unchanged, so a trained
# network gives the same answer every time.

# %%
rng = np.random.default_rng(SEED)
print(
    "training:  two calls, two masks:",
    dropout(x, RATE, rng=rng)[0],
    dropout(x, RATE, rng=rng)[0],
)
print(
    "inference: the input unchanged: ",
    np.array_equal(dropout(x, RATE, training=False), x),
)

# %% [markdown]
# ## Experiment 4: bad input gets a clear error

# %%
for bad_x, bad_rate in [
    (np.arange(3), 0.5),
    (np.ones(3), 1.5),
    (np.ones(3), "0.5"),
]:
    try:
        dropout(bad_x, bad_rate)
    except (TypeError, ValueError) as error:
        print(f"{type(error).__name__}: {error}")

# %% [markdown]
# ## The page's experiments: dropout against overfitting, seed by seed
#
# The article's figures and its sentences about what dropout does to a network
# come from the cells below. They train the Overfitting article's network with
# every dropout rate of the sweep and every width, on each of 20 seeds, and
# compare the settings seed by seed, as
# [How the numbers are made](../measuring.md) explains. A rate or a width is
# chosen on validation data and judged on test data. They use the functions'
# default settings (the knobs above do not reach them) and print the sentences
# the page shows.
#
# That is 320 training runs: a little over a minute on one core (72 s on the
# machine that builds this site). A line reports the progress every 32 runs.

# %%
import numbers  # noqa: F401  (the Overfitting article's code uses these)
from typing import NamedTuple  # noqa: F401

# %%
# --8<-- "snippets/overfitting.py:split"

# %%
# --8<-- "snippets/overfitting.py:network"

# %%
# --8<-- "snippets/overfitting.py:training"

# %%
# --8<-- "snippets/overfitting.py:experiment"

# %%
# --8<-- "snippets/dropout_experiments.py:over_seeds"

# %%
# --8<-- "snippets/dropout_experiments.py:remove_units"

# %%
# --8<-- "snippets/paired.py:paired"

# %%
# --8<-- "snippets/paired.py:describe"

# %%
# --8<-- "snippets/early_stopping.py:patience"

# %%
# --8<-- "snippets/dropout_experiments.py:comparisons"

# %%
# --8<-- "snippets/runs.py:remembered"

# %%
# Every rate on every seed, and the narrow widths; the wide networks with
# dropout and the networks whose units are silenced are among these runs.
runs = len(PAIRED_SEEDS) * (len(RATES) + len(WIDTHS) - 1)
training_curves = remembered(training_curves, total=runs)
found = dropout_findings(PAIRED_SEEDS)

# %%
print(f"the best rate, chosen on validation: {found.best_rate:g}")
print(
    f"the best width without dropout, chosen on validation: {found.best_narrow}"
)
for name, comparison in found.comparisons.items():
    print(f"{name}, {SUBJECTS[name]}:\n  {describe(comparison)}")

# %% [markdown]
# ## Exercises
#
# Four exercises from the end of the article. Try each in the empty cell below
# it; the solutions are in a separate section at the end of this notebook.
#
# 1. **Predict, then run.** Dropout at rate 0.3 on 10,000 units: what share
#    comes out as zero? Count it for a few seeds. Why is it not exactly 0.3,
#    and by about how much does it miss?
# 2. **Predict, then run.** The mean of dropout's output on a million ones is
#    1 at every rate. Predict its standard deviation at rates 0.2, 0.5 and 0.8
#    from the variance formula x² · p / (1 − p), then measure it.
# 3. **Change the code.** Write `row_dropout(x, rate)` that keeps or drops
#    whole rows of an (n, features) array, and check that no row comes out
#    partly dropped and that the mean stays about 1.
# 4. **Explain.** The article's `dropout_fast` compares one random byte with
#    `t = floor(256 * rate)` and gives the bytes equal to `t` a second draw.
#    Why does it need that at rate 0.3 and not at 0.5? What share would it
#    drop at 0.3 without it?

# %%
# Your attempts here.

# %% [markdown]
# ## Solutions (spoilers)
#
# Each solution uses the functions defined above and prints its result. The
# article explains each one.
#
# **1.** The share dropped is binomial: it scatters around 0.3 by about
# sqrt(0.3 · 0.7 / 10,000).

# %%
# --8<-- "snippets/dropout_exercises.py:dropped_share"

# %% [markdown]
# **2.** The standard deviation is sqrt(p / (1 − p)): 0.5, 1 and 2.

# %%
# --8<-- "snippets/dropout_exercises.py:output_spread"

# %% [markdown]
# **3.** A mask of shape (n, 1) holds one draw per row; broadcasting stretches
# it across the columns.

# %%
# --8<-- "snippets/dropout_exercises.py:row_dropout"

# %% [markdown]
# **4.** One byte can only express multiples of 1/256: 0.5 is one (128/256),
# 0.3 is not (76.8/256). This cell runs on its own.

# %%
# --8<-- "snippets/dropout_exercises.py:byte_threshold"
