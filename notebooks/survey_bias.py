# %% [markdown]
# # The survey in the middle of the theater: run it yourself
#
# This notebook is the companion of the article [The survey in the middle of the theater](../survey_bias.md). It
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
# --8<-- "snippets/survey_bias.py:rescale"

# %%
# --8<-- "snippets/survey_bias.py:main"

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
# --8<-- "snippets/survey_bias_exercises.py:inside"

# %% [markdown]
# **2.** Stretch by `high - low`, then shift by `low`.

# %%
# --8<-- "snippets/survey_bias_exercises.py:rescale_to"

# %% [markdown]
# **3.** The outlier takes 1 and squeezes every other sample towards 0.

# %%
# --8<-- "snippets/survey_bias_exercises.py:outlier"
