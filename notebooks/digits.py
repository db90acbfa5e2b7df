# %% [markdown]
# # The same lessons on real handwriting: run it yourself
#
# This notebook is the companion of the article
# [The same lessons on real handwriting](../digits.md). It holds the same
# code, tested in the site's repository, and the experiments behind the
# article's figures. It needs numpy, matplotlib and the data file
# `digits.csv.gz` (download it from the article's "Run it yourself" box) saved
# in the folder the notebook runs in. Run the cells top to bottom, then change
# the knobs below and run them again.

# %% [markdown]
# ## Knobs

# %%
SEED = 0  # split, random labels, initial weights and masks follow this seed
LABEL_NOISE = 0.3  # share of training and validation labels made random
DROPOUT_RATE = 0.8  # dropout on the hidden layer, for the second run
N_TRAIN = 300  # training images (at most 697)
EPOCHS = 300  # epochs of full-batch gradient descent
EVERY = 10  # score the three splits every EVERY epochs

# %% [markdown]
# ## The data

# %%
# --8<-- "snippets/digits.py:data"

# %%
X, y = load_digits()
print(
    f"{X.shape[0]} images of {X.shape[1]} pixels, values {X.min():g} to "
    f"{X.max():g}; images per digit: {np.bincount(y).tolist()}"
)

# %% alt="Two handwritten examples of each digit from 0 to 9, as 8 by 8 grey pixels"
import matplotlib.pyplot as plt

fig, axes = plt.subplots(2, 10, figsize=(10, 2.4), layout="constrained")
for digit in range(10):
    for row, index in enumerate(np.flatnonzero(y == digit)[:2]):
        axes[row, digit].imshow(X[index].reshape(8, 8), cmap="gray_r")
        axes[row, digit].set_axis_off()
plt.show()

# %% [markdown]
# ## Noisy labels

# %%
# --8<-- "snippets/digits.py:noise"

# %% [markdown]
# ## The network of the Overfitting article, trained on the digits

# %%
# --8<-- "snippets/dropout.py:mask"

# %%
# --8<-- "snippets/dropout.py:checks"

# %%
# --8<-- "snippets/overfitting.py:network"

# %%
# --8<-- "snippets/digits.py:training"

# %%
runs = {
    rate: digits_run(
        SEED,
        n_train=N_TRAIN,
        label_noise=LABEL_NOISE,
        dropout_rate=rate,
        epochs=EPOCHS,
        every=EVERY,
    )
    for rate in (0.0, DROPOUT_RATE)
}
for rate, run in runs.items():
    best = int(np.argmax(run.accuracy["validation"]))
    print(
        f"dropout {rate:g}: training {run.accuracy['train'][-1]:.0%}, "
        f"test {run.accuracy['test'][-1]:.1%} after the last epoch, "
        f"{run.accuracy['test'][best]:.1%} at epoch {run.epochs[best]} "
        "(chosen on validation)"
    )

# %% alt="Accuracy and loss against epochs on the training, validation and test splits, without dropout and with dropout"
fig, axes = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
for (rate, run), style in zip(runs.items(), ("-", "--")):
    for part in ("train", "validation", "test"):
        label = f"{part}, dropout {rate:g}"
        axes[0].plot(run.epochs, 100 * run.accuracy[part], style, label=label)
        axes[1].plot(run.epochs, run.loss[part], style, label=label)
axes[0].set(xlabel="epoch", ylabel="accuracy (%)")
axes[1].set(xlabel="epoch", ylabel="cross-entropy loss")
axes[0].legend(fontsize=8)
plt.show()

# %% [markdown]
# ## The page's comparisons, seed by seed
#
# The article compares dropout, early stopping and more data seed by seed
# over ten seeds, as [How the numbers are made](../measuring.md) explains.
# The cells below make the same comparisons with the functions' default
# settings (the knobs above do not reach them) and print the sentences the
# page shows. That is 80 training runs, one to three minutes on one core.

# %%
# --8<-- "snippets/digits.py:over_seeds"

# %%
# --8<-- "snippets/paired.py:paired"

# %%
# --8<-- "snippets/paired.py:describe"

# %%
# --8<-- "snippets/digits.py:comparisons"

# %%
# --8<-- "snippets/runs.py:remembered"

# %%
digits_run = remembered(digits_run, total=80)
chosen, found = digits_findings(PAIRED)
print(f"rates chosen on validation: {chosen}")
for name, comparison in found.items():
    print(f"{name}, {subject(name)}:\n  {describe(comparison)}")

# %% [markdown]
# ## Exercises
#
# Three exercises from the end of the article. Try each in the empty cell
# below; the solutions are in a separate section at the end of this notebook.
#
# 1. **Predict, then run.** `noisy_labels` replaces 30% of 1,000 labels with
#    random digits. How many end up different from the original?
# 2. **Change the code.** Train seed 0 on 75 images instead of 300, for 100
#    epochs. Does it still fit its training images? What is its test accuracy?
# 3. **Explain.** With 30% random labels, validation accuracy stays far from
#    100%, yet the epoch it chooses has a high test accuracy. Why?

# %%
# Your attempts here.

# %% [markdown]
# ## Solutions (spoilers)
#
# **1.** 300 labels are redrawn, and one in ten lands on its own digit.

# %%
# --8<-- "snippets/digits_exercises.py:changed"

# %% [markdown]
# **2.** Both are fitted; fewer examples read new digits worse.

# %%
# --8<-- "snippets/digits_exercises.py:fewer"

# %% [markdown]
# **3.** Random labels lower every epoch's score by about the same share:
# what moves the score is agreement with the true labels.

# %%
# --8<-- "snippets/digits_exercises.py:noisy_choice"
