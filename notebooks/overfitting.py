# %% [markdown]
# # Overfitting: run it yourself
#
# This notebook is the companion of the article
# [Overfitting, and how to catch it](../overfitting.md). It holds the same
# code, tested in the site's repository, and the experiments behind the
# article's figures. It needs only numpy and matplotlib: run the cells top to
# bottom, then change the knobs below and run them again.

# %% [markdown]
# ## Knobs

# %%
SEED = 0  # data, split and initial weights all follow this seed
N_TRAIN = 10  # training points for Model A and Model B
NOISE = 0.15  # standard deviation of the noise on those points
DEGREE_B = 3  # degree of Model B (Model A always has N_TRAIN - 1)
SAMPLES = 400  # samples in the classification data set
HELD_OUT_FRACTION = 0.7  # share held out: half validation, half test
HIDDEN = 128  # hidden units of the network
EPOCHS = 400  # epochs of full-batch gradient descent
LEARNING_RATE = 0.02
DROPOUT_RATE = 0.5  # dropout on the hidden layer, for the last experiment

# %% [markdown]
# ## Model A and Model B
#
# Ten noisy points from a sine wave. Model A has one coefficient per point and
# passes through every one of them; Model B is a cubic.

# %%
# --8<-- "snippets/overfitting.py:curve_fits"

# %%
fits = fit_models(SEED, n_train=N_TRAIN, noise=NOISE, degree_b=DEGREE_B)
for name, model in (("Model A", fits.model_a), ("Model B", fits.model_b)):
    print(
        f"{name} (degree {model.degree()}): "
        f"training error {rmse(model, *fits.train):.3f}, "
        f"held-out error {rmse(model, *fits.held_out):.3f}"
    )

# %% alt="The dashed target sine wave with training points and faint held-out points; Model A swings wildly between and beyond the points while Model B follows the target"
import matplotlib.pyplot as plt

grid = np.linspace(0, 1, 500)
fig, ax = plt.subplots(figsize=(8, 4), layout="constrained")
ax.plot(grid, target(grid), "--", color="green", label="target")
ax.plot(grid, fits.model_a(grid), label="Model A")
ax.plot(grid, fits.model_b(grid), label="Model B")
ax.plot(*fits.held_out, ".", color="grey", markersize=3, label="held out")
ax.plot(*fits.train, "o", color="black", label="training points")
ax.set(xlabel="x", ylabel="y", ylim=(-2.2, 2.2))
ax.legend(loc="lower left")
plt.show()

# %% [markdown]
# ## Holding data out

# %%
# --8<-- "snippets/overfitting.py:split"

# %%
X, y = np.arange(20).reshape(10, 2), np.arange(10)
X_train, X_val, y_train, y_val = train_validation_split(X, y, 0.3, rng=SEED)
print("training labels:  ", y_train)
print("validation labels:", y_val)

# %% [markdown]
# ## A small network, and training it
#
# The network can train with dropout on its hidden layer, using the Dropout
# article's mask functions.

# %%
# --8<-- "snippets/dropout.py:mask"

# %%
# --8<-- "snippets/dropout.py:checks"

# %%
# --8<-- "snippets/overfitting.py:network"

# %%
# --8<-- "snippets/overfitting.py:training"

# %%
# --8<-- "snippets/overfitting.py:experiment"

# %% [markdown]
# ## The accuracy curves
#
# Training accuracy keeps climbing; validation accuracy peaks and then slides
# as the network starts memorising its training set. One run, one seed: the
# article shows the mean and range over five.

# %% alt="Training and validation accuracy per epoch for one run: training accuracy climbs towards 1 while validation accuracy peaks at the dashed best-epoch line and then declines"
settings = dict(
    samples=SAMPLES,
    held_out_fraction=HELD_OUT_FRACTION,
    hidden=HIDDEN,
    epochs=EPOCHS,
    learning_rate=LEARNING_RATE,
)
curves = training_curves(SEED, **settings)
accuracy_of, best = curves.accuracy, curves.best_epoch
print(f"final training accuracy:   {accuracy_of['train'][-1]:.1%}")
print(
    f"best validation accuracy:  {accuracy_of['validation'][best - 1]:.1%}"
    f" at epoch {best}"
)
print(f"final validation accuracy: {accuracy_of['validation'][-1]:.1%}")

epochs = np.arange(1, EPOCHS + 1)
fig, ax = plt.subplots(figsize=(8, 4), layout="constrained")
ax.plot(epochs, accuracy_of["train"], color="C1", label="training")
ax.plot(epochs, accuracy_of["validation"], color="C0", label="validation")
ax.axvline(
    best, color="black", linestyle="--", linewidth=1, label="best epoch"
)
ax.set(xlabel="epoch", ylabel="accuracy", ylim=(0, 1.02))
ax.legend(loc="lower right")
plt.show()

# %% [markdown]
# ## Early stopping, checked on data it was not chosen on
#
# `train` kept the parameters of the best-validation epoch. Their validation
# score flatters them (it is why they were chosen); the test data played no
# part in the choice.

# %%
print(
    f"validation at the best epoch: {accuracy_of['validation'][best - 1]:.1%}"
)
print(f"test at the best epoch:       {accuracy_of['test'][best - 1]:.1%}")
print(f"test at the last epoch:       {accuracy_of['test'][-1]:.1%}")

# %% [markdown]
# ## Dropout against overfitting
#
# The same run with dropout on the hidden layer: the gap between training and
# validation accuracy narrows. Try other rates, and other seeds.

# %% alt="Training and validation accuracy per epoch without dropout and with dropout: with dropout the training curve climbs more slowly and ends closer to the validation curve"
with_dropout = training_curves(SEED, dropout_rate=DROPOUT_RATE, **settings)
fig, ax = plt.subplots(figsize=(8, 4), layout="constrained")
for run, style, name in (
    (curves, "-", "no dropout"),
    (with_dropout, "--", f"dropout {DROPOUT_RATE:g}"),
):
    final = run.accuracy["train"][-1] - run.accuracy["validation"][-1]
    print(f"{name}: final gap {100 * final:.0f} points")
    ax.plot(
        epochs,
        run.accuracy["train"],
        style,
        color="C1",
        label=f"training, {name}",
    )
    ax.plot(
        epochs,
        run.accuracy["validation"],
        style,
        color="C0",
        label=f"validation, {name}",
    )
ax.set(xlabel="epoch", ylabel="accuracy", ylim=(0, 1.02))
ax.legend(loc="lower right", fontsize=8)
plt.show()

# %% [markdown]
# ## The page's comparisons, seed by seed
#
# The article compares early stopping, its optimism, patience and dropout
# seed by seed over 20 seeds, as
# [How the numbers are made](../measuring.md) explains. The cells below make
# the same comparisons with the functions' default settings (the knobs above do
# not reach them) and print the sentences the page shows. That is 40 training
# runs, about 15 seconds on one core.

# %%
# --8<-- "snippets/dropout_experiments.py:over_seeds"

# %%
# --8<-- "snippets/early_stopping.py:patience"

# %%
# --8<-- "snippets/paired.py:paired"

# %%
# --8<-- "snippets/paired.py:describe"

# %%
# --8<-- "snippets/dropout_experiments.py:comparisons"

# %%
# --8<-- "snippets/runs.py:remembered"

# %%
# No dropout and rate 0.5, on each seed.
training_curves = remembered(training_curves, total=2 * len(PAIRED_SEEDS))
chart = curves_over_seeds(SEEDS)  # the article's chart: the mean of these
mean = chart["validation"].mean(axis=0)
print(
    f"mean of {len(SEEDS)} seeds: validation peaks at epoch "
    f"{mean.argmax() + 1} ({mean.max():.0%}) and ends at {mean[-1]:.0%}"
)
scores = early_stopping_scores(PAIRED_SEEDS, PATIENCE)
print(
    f"epochs chosen on validation: {scores['best_epoch'].min()} to "
    f"{scores['best_epoch'].max()}"
)
print(
    f"with patience {PATIENCE}, training stops at epochs "
    f"{scores['stop_epoch'].min()} to {scores['stop_epoch'].max()}"
)
for name, comparison in overfitting_comparisons(PAIRED_SEEDS).items():
    print(f"{name}, {SUBJECTS[name]}:\n  {describe(comparison)}")

# %% [markdown]
# ## Exercises
#
# Four exercises from the end of the article. Try each in the empty cell below
# it; the solutions are in a separate section at the end of this notebook.
#
# 1. **Explain.** Model A passes through all ten of its training points. Where
#    on [0, 1] is it furthest from the target: between its training points, or
#    beyond the outermost ones? Check data seeds 0 to 9 on a fine grid, and
#    explain why.
# 2. **Predict, then run.** Fit polynomials of every degree from 0 to 9 to the
#    same ten points. How do the training error and the held-out error change
#    as the degree grows? Average over data seeds 0 to 9.
# 3. **Change the code.** Train the network with 8 hidden units instead of 128
#    on seeds 0, 1 and 2. Does the gap between training and validation
#    accuracy grow or shrink? Does validation accuracy improve?
# 4. **Change the code.** Keep 128 hidden units and give the network more
#    data: 1000 samples instead of 400 (300 training examples instead of 120).
#    What happens to the gap, and to validation accuracy?

# %%
# Your attempts here.

# %% [markdown]
# ## Solutions (spoilers)
#
# Each solution uses the functions defined above and prints its result. The
# article explains each one.
#
# **1.** Model A is worst beyond its outermost training points: nothing holds
# a degree 9 polynomial in place past the last point.

# %%
# --8<-- "snippets/overfitting_exercises.py:beyond_the_points"

# %% [markdown]
# **2.** Training error only falls; held-out error falls, then climbs.

# %%
# --8<-- "snippets/overfitting_exercises.py:degrees"

# %% [markdown]
# **3 and 4** train over seeds with the article's `curves_over_seeds`, defined
# above (a few seconds each: six training runs).

# %%
# --8<-- "snippets/overfitting_exercises.py:gap_over_seeds"

# %% [markdown]
# **3.** A narrower network: the gap shrinks on every seed, validation accuracy
# hardly moves.

# %%
# --8<-- "snippets/overfitting_exercises.py:narrower"

# %% [markdown]
# **4.** More data: the gap shrinks on every seed and validation accuracy
# rises.

# %%
# --8<-- "snippets/overfitting_exercises.py:more_data"
