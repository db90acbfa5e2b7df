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
VALIDATION_FRACTION = 0.7  # share of them held out
HIDDEN = 128  # hidden units of the network
EPOCHS = 400  # epochs of full-batch gradient descent
LEARNING_RATE = 0.02

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
# as the network starts memorising its training set.

# %% alt="Training and validation accuracy per epoch: training accuracy climbs towards 1 while validation accuracy peaks at the dashed best-epoch line and then declines"
curves = training_curves(
    SEED,
    samples=SAMPLES,
    validation_fraction=VALIDATION_FRACTION,
    hidden=HIDDEN,
    epochs=EPOCHS,
    learning_rate=LEARNING_RATE,
)
best = curves.best_epoch
print(f"final training accuracy:   {curves.train_accuracy[-1]:.1%}")
print(
    f"best validation accuracy:  {curves.validation_accuracy[best - 1]:.1%}"
    f" at epoch {best}"
)
print(f"final validation accuracy: {curves.validation_accuracy[-1]:.1%}")

epochs = np.arange(1, EPOCHS + 1)
fig, ax = plt.subplots(figsize=(8, 4), layout="constrained")
ax.plot(epochs, curves.train_accuracy, label="training")
ax.plot(epochs, curves.validation_accuracy, label="validation")
ax.axvline(
    best, color="black", linestyle="--", linewidth=1, label="best epoch"
)
ax.set(xlabel="epoch", ylabel="accuracy", ylim=(0, 1.02))
ax.legend(loc="lower right")
plt.show()

# %% [markdown]
# ## Early stopping
#
# `train` kept the parameters of the best-validation epoch. Measured on the
# held-out data they beat the parameters training ended with.

# %%
rng = np.random.default_rng(SEED)
X, y = noisy_classes(SAMPLES, rng=rng)
_, X_val, _, y_val = train_validation_split(X, y, VALIDATION_FRACTION, rng=rng)
print(
    f"best epoch's parameters: {accuracy(curves.best_params, X_val, y_val):.1%}"
)
print(f"last epoch's validation: {curves.validation_accuracy[-1]:.1%}")
