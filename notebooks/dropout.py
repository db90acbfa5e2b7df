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
