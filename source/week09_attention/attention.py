"""Weeks 9-10: attention, the building block of the transformer.

A sequence of n tokens is an array of shape (n, D): one feature vector per token.  Attention
lets every token (a *query*) gather information from every token it may see (the *keys*),
with weights that depend on how well they match:

    weights[i, j] = softmax_j( q_i . k_j / sqrt(d) ),        output_i = sum_j weights[i, j] v_j.

The weights of one query are a Boltzmann distribution over the keys, with the scores as
negative energies at the temperature sqrt(d).  You write

- `attention_weights`: the scaled scores and a stable, masked softmax over the keys;
- `scaled_dot_product_attention`: the weighted average of the values;
- `causal_mask`: the mask of an autoregressive model, where token i sees only j <= i;
- `multi_head_attention`: H attention heads side by side, each on its own block of features;
- `sinusoidal_positional_encoding`: the position signal of Vaswani et al. (2017);
- `layer_norm`: the normalisation of each token's features (Ba, Kiros & Hinton 2016).

Attention on its own has no notion of order: permuting the tokens permutes its output in
the same way (it is permutation equivariant).  A model of a spin chain must know which spin
is where, hence the positional encoding; and a model that generates a chain spin by spin
must not look at spins it has not generated yet, hence the causal mask.  The notebook puts
the pieces together into a transformer that learns the Boltzmann distribution of an Ising
chain.

Conventions used throughout:

- Queries q have shape (..., n, d), keys k (..., m, d), values v (..., m, dv); the leading
  axes "..." (a batch, heads) are the same for q, k and v, and a function acts on each
  leading index separately.
- A mask is a boolean array broadcastable to (..., n, m); True means "query i may attend to
  key j".  Every query row allows at least one key.
- Use jax.numpy, so that `jax.grad`, `jax.jacfwd`, `jax.vmap` and `jax.jit` work through
  your code: the tests differentiate attention with respect to its inputs, and the notebook
  trains a transformer built from your functions.  `causal_mask` and
  `sinusoidal_positional_encoding` depend on integers only and build constants: numpy or
  jax.numpy, as you like.
- Bad arguments (arrays of incompatible shapes, an odd encoding dimension, a number of heads
  that does not divide the model dimension) raise `ValueError` with a message that says
  what is wrong.  Shapes are static under `jax.jit`, so these checks work there too.
"""

import jax.numpy as jnp
import numpy as np


def attention_weights(q, k, mask=None):
    """The attention weights: a softmax over the keys of the scaled scores q k^T / sqrt(d).

        scores[..., i, j] = sum_a q[..., i, a] k[..., j, a] / sqrt(d)
        weights[..., i, j] = exp(scores[..., i, j]) / sum_j' exp(scores[..., i, j'])

    Each row (one query) is a probability distribution over the keys: non-negative, summing
    to 1, and unchanged if a constant is added to all of that query's scores.  Scores may be
    as large as 1e4 in magnitude: exp(1e4) overflows, so subtract each row's maximum before
    exponentiating (a constant per row, which changes nothing).

    Masking: where `mask` is False the weight is exactly 0 and the score there has no
    influence on the result at all (not on its value, not on its gradient), whatever its
    size; the remaining weights of the row are renormalised among the allowed keys.  Take
    the row maximum over the allowed keys only, or a masked score of 1e4 would make every
    allowed exponential underflow to 0.

    Args:
        q: queries, shape (..., n, d).
        k: keys, shape (..., m, d), with the same d and the same leading axes as q.
        mask: None (every query sees every key) or a boolean array broadcastable to
            (..., n, m), True where query i may attend to key j; every row allows at least
            one key.

    Returns:
        The weights, shape (..., n, m).

    Raises:
        ValueError: if q or k has fewer than 2 axes, their last axes (d) differ, or mask
            does not broadcast to (..., n, m).
    """
    ### BEGIN SOLUTION
    q = jnp.asarray(q, dtype=float)
    k = jnp.asarray(k, dtype=float)
    if q.ndim < 2 or k.ndim < 2 or q.shape[-1] != k.shape[-1]:
        raise ValueError(f"q and k must have shapes (..., n, d) and (..., m, d), got {q.shape} and {k.shape}")
    scores = q @ jnp.swapaxes(k, -1, -2) / jnp.sqrt(q.shape[-1])
    if mask is not None:
        mask = jnp.asarray(mask, dtype=bool)
        aligned = zip(mask.shape[::-1], scores.shape[::-1])  # axes matched from the right, as in broadcasting
        if mask.ndim > scores.ndim or any(size not in (1, target) for size, target in aligned):
            raise ValueError(f"a mask of shape {mask.shape} does not broadcast to the scores' shape {scores.shape}")
        scores = jnp.where(mask, scores, -jnp.inf)
    exponentials = jnp.exp(scores - jnp.max(scores, axis=-1, keepdims=True))
    return exponentials / jnp.sum(exponentials, axis=-1, keepdims=True)
    ### END SOLUTION


def scaled_dot_product_attention(q, k, v, mask=None):
    """Attention: each query's output is the average of the values, weighted by `attention_weights`.

        output[..., i, :] = sum_j weights[..., i, j] v[..., j, :]

    Call `attention_weights(q, k, mask)` for the weights.  A value at a masked position has
    weight 0 and so no influence on the output.  Without a mask, attention is permutation
    equivariant: permuting the queries permutes the outputs, and permuting the keys and the
    values together changes nothing.

    Args:
        q: queries, shape (..., n, d).
        k: keys, shape (..., m, d).
        v: values, shape (..., m, dv): one value per key.
        mask: as in `attention_weights`.

    Returns:
        The outputs, shape (..., n, dv).

    Raises:
        ValueError: if v has fewer than 2 axes or not one row per key (v.shape[-2] is not
            m = k.shape[-2]), and for the arguments that `attention_weights` rejects.
    """
    ### BEGIN SOLUTION
    v = jnp.asarray(v, dtype=float)
    if v.ndim < 2 or jnp.ndim(k) < 2 or v.shape[-2] != jnp.shape(k)[-2]:
        raise ValueError(f"v must have one row per key, shape (..., m, dv) with the m of k {jnp.shape(k)}, "
                         f"got {v.shape}")
    return attention_weights(q, k, mask) @ v
    ### END SOLUTION


def causal_mask(n):
    """The causal mask of an autoregressive model: token i may attend to tokens j <= i only.

    Entry [i, j] is True if j <= i: a lower-triangular boolean matrix with its diagonal.  With
    it, output i of attention depends on tokens 0 ... i and not at all on later ones, so a
    model can predict token i + 1 from the tokens before it, for every i in one pass.

    Args:
        n: the sequence length, an integer >= 1.

    Returns:
        A boolean array of shape (n, n).

    Raises:
        ValueError: if n < 1.
    """
    ### BEGIN SOLUTION
    if n < 1:
        raise ValueError(f"the sequence length must be at least 1, got {n}")
    positions = np.arange(n)  # a constant: numpy is enough
    return positions[None, :] <= positions[:, None]
    ### END SOLUTION


def multi_head_attention(params, x, num_heads, mask=None):
    """Multi-head self-attention of one sequence x of n tokens with D features.

    With H = num_heads heads of dh = D / H features each:

        Q = x @ wq,   K = x @ wk,   V = x @ wv                     each (n, D)
        head h: columns h*dh ... (h+1)*dh - 1 of Q, K and V      each (n, dh)
        out_h = scaled_dot_product_attention(Q_h, K_h, V_h, mask)     (n, dh), scaled by sqrt(dh)
        output = concat[out_0, ..., out_{H-1}] @ wo              heads in order, (n, D)

    Every head sees the same mask.  Use `scaled_dot_product_attention` (or
    `attention_weights`); the heads may be computed in a loop or all at once, with the heads
    as a leading axis of shape (H, n, dh).  There are no biases.

    Args:
        params: a dict with the matrices "wq", "wk", "wv" and "wo", each of shape (D, D).
        x: the sequence, shape (n, D).
        num_heads: H, a positive integer that divides D.
        mask: None or a boolean array broadcastable to (n, n), shared by all heads.

    Returns:
        The output sequence, shape (n, D).

    Raises:
        ValueError: if x is not 2-D, num_heads < 1 or does not divide D, or a weight matrix
            is not of shape (D, D).
    """
    ### BEGIN SOLUTION
    x = jnp.asarray(x, dtype=float)
    if x.ndim != 2:
        raise ValueError(f"x must be one sequence of shape (n, D), got shape {x.shape}")
    n, D = x.shape
    if num_heads < 1 or D % num_heads:
        raise ValueError(f"num_heads must be a positive divisor of D = {D}, got {num_heads}")
    for name in ("wq", "wk", "wv", "wo"):
        if jnp.shape(params[name]) != (D, D):
            raise ValueError(f"params[{name!r}] must have shape ({D}, {D}), got {jnp.shape(params[name])}")

    def split_heads(y):  # (n, D) -> (H, n, dh)
        return y.reshape(n, num_heads, D // num_heads).transpose(1, 0, 2)

    q, k, v = (split_heads(x @ params[name]) for name in ("wq", "wk", "wv"))
    heads = scaled_dot_product_attention(q, k, v, mask)  # (H, n, dh)
    return heads.transpose(1, 0, 2).reshape(n, D) @ params["wo"]
    ### END SOLUTION


def sinusoidal_positional_encoding(n, d):
    """The sinusoidal positional encoding of Vaswani et al. (2017), shape (n, d).

    For positions p = 0, ..., n-1 and pairs of features i = 0, ..., d/2 - 1:

        PE[p, 2i]     = sin(p / 10000^(2i/d))
        PE[p, 2i + 1] = cos(p / 10000^(2i/d))

    Sines and cosines alternate (interleaved), they are not two separate halves.  Each pair
    (2i, 2i+1) is a point on the unit circle at the angle p w_i, w_i = 10000^(-2i/d), so
    the encoding of position p + k is the encoding of p rotated by the angle k w_i in every
    pair: relative positions are a fixed linear map, whatever p.

    Args:
        n: the number of positions, an integer >= 1.
        d: the encoding dimension, an even integer >= 2.

    Returns:
        The encodings, shape (n, d), row p for position p.

    Raises:
        ValueError: if n < 1, or d is odd or < 2.
    """
    ### BEGIN SOLUTION
    if n < 1:
        raise ValueError(f"the number of positions must be at least 1, got {n}")
    if d < 2 or d % 2:
        raise ValueError(f"the encoding dimension must be even and at least 2, got {d}")
    positions = np.arange(n)[:, None]  # a constant: numpy is enough
    frequencies = 10000.0 ** (-np.arange(0, d, 2) / d)
    angles = positions * frequencies  # (n, d/2)
    return np.stack([np.sin(angles), np.cos(angles)], axis=-1).reshape(n, d)
    ### END SOLUTION


def layer_norm(x, gamma, beta, eps=1e-5):
    """Layer normalisation: each row of features standardised, then scaled and shifted.

        mean = mean of x over the last axis,   var = mean of (x - mean)^2 (biased, divide by D)
        layer_norm(x) = (x - mean) / sqrt(var + eps) * gamma + beta

    eps sits inside the square root.  With gamma = 1 and beta = 0 every row has mean 0 and
    variance var / (var + eps), almost 1; a constant row gives beta.  Shifting a row by a
    constant changes nothing, and neither does scaling it by c > 0 together with eps by c^2.

    Args:
        x: features, shape (..., D); every row x[..., :] is normalised on its own.
        gamma: the scales, shape (D,).
        beta: the shifts, shape (D,).
        eps: a small number >= 0 added to the variance.

    Returns:
        An array of the shape of x.

    Raises:
        ValueError: if x has no axis, gamma or beta is not of shape (D,), or eps < 0.
    """
    ### BEGIN SOLUTION
    x = jnp.asarray(x, dtype=float)
    if x.ndim < 1:
        raise ValueError("x must have a feature axis, shape (..., D)")
    for name, array in (("gamma", gamma), ("beta", beta)):
        if jnp.shape(array) != x.shape[-1:]:
            raise ValueError(f"{name} must have shape {x.shape[-1:]}, got {jnp.shape(array)}")
    if eps < 0:
        raise ValueError(f"eps must be >= 0, got {eps}")
    mean = jnp.mean(x, axis=-1, keepdims=True)
    variance = jnp.mean((x - mean) ** 2, axis=-1, keepdims=True)
    return (x - mean) / jnp.sqrt(variance + eps) * gamma + beta
    ### END SOLUTION
