"""Week 14: normalizing flows.

A normalizing flow is an invertible, differentiable map x = T(z) that turns samples z of a
simple base density (here the standard normal N(0, I) in D dimensions) into samples x of a
complicated one.  The density of x follows from the change of variables,

    log q(x) = log N(z) - log|det dT/dz(z)|,        z = T^{-1}(x),

so a flow gives both exact samples and an exact, normalised density.  The whole art is to
build maps whose inverse and Jacobian determinant are cheap.  You write two of them:

- the affine coupling layer of RealNVP (Dinh, Sohl-Dickstein & Bengio 2017), whose Jacobian
  is triangular: `coupling_forward`, `coupling_inverse`, and stacks of them,
  `realnvp_log_prob` and `realnvp_sample`;
- the planar flow (Rezende & Mohamed 2015), whose Jacobian is the identity plus a rank-one
  matrix: `planar_flow`, and the constraint on its parameters that keeps it invertible,
  `planar_u_hat`.

A flow with a tractable density is what a Boltzmann generator needs (Noé, Olsson, Köhler &
Wu, Science 365, eaaw1147, 2019): trained on the energy U(x) alone, it samples the Boltzmann
distribution exp(-U(x)) / Z, and importance weights exp(-U(x)) / q(x) make its averages exact.

Conventions used throughout:

- A batch of points is an array of shape (B, D); log-determinants and log-densities have
  shape (B,), one per point.
- A conditioner is a function `conditioner(params, h) -> (s, t)` written with jax.numpy:
  h has shape (B, D), and the log-scale s and the shift t have shape (B, D).  `params` is
  whatever the conditioner accepts (a dict or list of arrays); it is passed through.
- A mask is a concrete array (numpy or JAX, never traced by jax.jit or jax.grad) of shape
  (D,) whose entries are 0 or 1: coordinates with mask 1 pass through a coupling layer
  unchanged and are what the conditioner sees; coordinates with mask 0 are transformed.
- Write everything with jax.numpy, so that `jax.grad`, `jax.jacfwd` and `jax.jit` work
  through it with respect to the points and the parameters: the tests differentiate your
  maps, and the notebook trains a flow with `jax.grad`.
- Arguments that make no sense (arrays of the wrong shape, a mask that is not made of 0 and
  1, lists of different lengths) raise `ValueError` with a message that says what is wrong.
"""

import jax
import jax.numpy as jnp
import numpy as np


def _check_points(x, name):
    """Given: `x` as a float JAX array, after checking it is a batch of points (B, D).

    Works on traced arrays too (it looks only at the shape).

    Args:
        x: array-like, the points.
        name: what x is called in the error message ("x", "y", "z").

    Returns:
        x as a float JAX array.

    Raises:
        ValueError: if x is not 2-D.
    """
    x = jnp.asarray(x, dtype=float)
    if x.ndim != 2:
        raise ValueError(f"{name} must be a batch of points of shape (B, D), got shape {x.shape}")
    return x


def _check_mask(mask, dimension):
    """Given: `mask` as a float numpy array, after checking it is a mask of `dimension` 0s and 1s.

    The mask is concrete (never traced), so numpy can look at its values.

    Args:
        mask: array-like of shape (dimension,).
        dimension: D, the dimension of the points.

    Returns:
        mask as a float numpy array of shape (D,).

    Raises:
        ValueError: if mask does not have shape (D,) or an entry is neither 0 nor 1.
    """
    mask = np.asarray(mask, dtype=float)
    if mask.shape != (dimension,):
        raise ValueError(f"the mask must have shape ({dimension},) to match points of dimension "
                         f"{dimension}, got shape {mask.shape}")
    if not np.all((mask == 0) | (mask == 1)):
        raise ValueError(f"the mask must contain only 0 and 1, got {mask}")
    return mask


def coupling_forward(conditioner, params, x, mask):
    """The affine coupling layer of RealNVP, y = f(x), and log|det df/dx|.

    The coordinates with mask 1 pass through unchanged and are the only input of the
    conditioner; the coordinates with mask 0 are scaled by exp(s) and shifted by t:

        s, t = conditioner(params, x * mask)
        y = x * mask + (1 - mask) * (x * exp(s) + t)
        log_det = sum over the D coordinates of (1 - mask) * s

    Because s and t do not depend on the transformed coordinates, the Jacobian dy/dx is
    triangular (after reordering the coordinates) with diagonal 1 (mask 1) or exp(s_i)
    (mask 0), so its log-determinant is the sum above: no D x D determinant is needed.
    The entries of s and t at the coordinates with mask 1 are ignored.

    Args:
        conditioner: function (params, h) -> (s, t), h, s and t of shape (B, D).
        params: the conditioner's parameters (passed through).
        x: points, shape (B, D).
        mask: array of shape (D,) of 0s and 1s, concrete (never traced).

    Returns:
        A tuple (y, log_det): y of shape (B, D), log_det of shape (B,).

    Raises:
        ValueError: if x is not 2-D (call the given `_check_points`), or mask does not have
            shape (D,), or an entry of mask is neither 0 nor 1 (call the given `_check_mask`).
    """
    x = _check_points(x, "x")
    mask = _check_mask(mask, x.shape[1])
    s, t = conditioner(params, x * mask)
    y = x * mask + (1 - mask) * (x * jnp.exp(s) + t)
    return y, jnp.sum((1 - mask) * s, axis=1)


def coupling_inverse(conditioner, params, y, mask):
    """The inverse of `coupling_forward`, x = f^{-1}(y), and log|det df^{-1}/dy|.

    The coordinates with mask 1 are the same in x and y, so the conditioner, which sees only
    them, gives the same s and t from y * mask as it did from x * mask; undo the shift, then
    the scale:

        s, t = conditioner(params, y * mask)
        x = y * mask + (1 - mask) * (y - t) * exp(-s)
        log_det = -(sum over the D coordinates of (1 - mask) * s)

    The log-determinant of the inverse is minus the forward one at the same pair (x, y).

    Args:
        conditioner: function (params, h) -> (s, t), h, s and t of shape (B, D).
        params: the conditioner's parameters (passed through).
        y: points, shape (B, D).
        mask: array of shape (D,) of 0s and 1s, concrete (never traced).

    Returns:
        A tuple (x, log_det): x of shape (B, D), log_det of shape (B,).

    Raises:
        ValueError: if y is not 2-D (call the given `_check_points`), or mask does not have
            shape (D,), or an entry of mask is neither 0 nor 1 (call the given `_check_mask`).
    """
    y = _check_points(y, "y")
    mask = _check_mask(mask, y.shape[1])
    s, t = conditioner(params, y * mask)
    x = y * mask + (1 - mask) * (y - t) * jnp.exp(-s)
    return x, -jnp.sum((1 - mask) * s, axis=1)


def planar_flow(z, u, w, b):
    """The planar flow f(z) = z + u tanh(w . z + b) and log|det df/dz|.

    Each point moves along the fixed direction u by an amount that depends on its position
    along w.  The Jacobian is the identity plus a rank-one matrix,

        df/dz = I + u psi(z)^T,        psi(z) = (1 - tanh^2(w . z + b)) w,

    and the matrix determinant lemma gives det df/dz = 1 + u . psi(z): no D x D determinant is
    needed.  Return the logarithm of its absolute value (the determinant can be negative or
    zero when w . u < -1, where the map is not invertible; see `planar_u_hat`).  Use u as
    given: the constraint of `planar_u_hat` is not applied here.

    Args:
        z: points, shape (B, D).
        u: the direction of the displacement, shape (D,).
        w: the normal of the planes of equal displacement, shape (D,).
        b: the offset, a scalar.

    Returns:
        A tuple (f_z, log_det): f_z of shape (B, D), log_det = log|1 + u . psi(z)| of shape (B,).

    Raises:
        ValueError: if z is not 2-D (call the given `_check_points`), u or w does not have
            shape (D,), or b is not a scalar.
    """
    z = _check_points(z, "z")
    u, w, b = jnp.asarray(u, dtype=float), jnp.asarray(w, dtype=float), jnp.asarray(b, dtype=float)
    if u.shape != (z.shape[1],) or w.shape != (z.shape[1],):
        raise ValueError(f"u and w must have shape ({z.shape[1]},), got {u.shape} and {w.shape}")
    if b.ndim != 0:
        raise ValueError(f"b must be a scalar, got shape {b.shape}")
    activation = jnp.tanh(z @ w + b)  # (B,)
    f_z = z + activation[:, None] * u
    det = 1 + (1 - activation**2) * (w @ u)
    return f_z, jnp.log(jnp.abs(det))


def planar_u_hat(u, w):
    """The invertible reparameterisation of the planar flow's u (Rezende & Mohamed 2015, appendix A).

    The planar flow is invertible if and only if w . u >= -1.  Any unconstrained u (what an
    optimiser updates) is mapped to

        u_hat = u + (m(w . u) - w . u) w / |w|^2,        m(a) = -1 + softplus(a),

    with softplus(a) = log(1 + exp(a)).  Only the component of u along w changes, and it
    becomes w . u_hat = m(w . u) > -1.  Compute softplus stably (`jax.nn.softplus` or
    `jnp.logaddexp(0, a)`): w . u may be large, e.g. 1000, where exp(a) overflows.  w must
    not be zero.

    Args:
        u: shape (D,).
        w: shape (D,), nonzero.

    Returns:
        u_hat, shape (D,).

    Raises:
        ValueError: if u and w are not both of the same shape (D,).
    """
    u, w = jnp.asarray(u, dtype=float), jnp.asarray(w, dtype=float)
    if u.ndim != 1 or w.shape != u.shape:
        raise ValueError(f"u and w must both have the same shape (D,), got {u.shape} and {w.shape}")
    wu = w @ u
    m = -1 + jax.nn.softplus(wu)
    return u + (m - wu) * w / (w @ w)


def realnvp_log_prob(conditioner, params_list, masks, x):
    """The log-density of points x under a RealNVP flow: a stack of K coupling layers.

    The flow maps a standard normal z through the layers first to last,
    x = f_K(...f_2(f_1(z))), where layer k is `coupling_forward` with the conditioner,
    params_list[k] and masks[k].  Invert it last layer first with `coupling_inverse` and
    use the change of variables:

        log q(x) = log N(z; 0, I) + sum over the layers of log|det df_k^{-1}|,
        log N(z; 0, I) = -|z|^2 / 2 - (D / 2) log(2 pi).

    Call `coupling_inverse` for each layer (do not copy its formula): the tests of this
    function replace it with a correct one, so that a bug of the coupling layer costs only
    the coupling's points.

    Args:
        conditioner: function (params, h) -> (s, t), shared by all layers.
        params_list: a list of K parameter sets, one per layer.
        masks: a list of K masks of shape (D,) (or an array of shape (K, D)), concrete.
        x: points, shape (B, D).

    Returns:
        log q(x), shape (B,).

    Raises:
        ValueError: if x is not 2-D (call the given `_check_points`) or params_list and masks
            do not have the same length.
    """
    z = _check_points(x, "x")
    if len(params_list) != len(masks):
        raise ValueError(f"params_list and masks must have one entry per layer, got "
                         f"{len(params_list)} and {len(masks)}")
    log_det = jnp.zeros(z.shape[0])
    for params, mask in zip(reversed(params_list), reversed(masks)):
        z, layer_log_det = coupling_inverse(conditioner, params, z, mask)
        log_det = log_det + layer_log_det
    log_normal = -0.5 * jnp.sum(z**2, axis=1) - 0.5 * z.shape[1] * jnp.log(2 * jnp.pi)
    return log_normal + log_det


def realnvp_sample(conditioner, params_list, masks, z):
    """Push base points z through a RealNVP flow: x = f_K(...f_2(f_1(z))).

    Layer k is `coupling_forward` with the conditioner, params_list[k] and masks[k], applied
    first layer first.  With z drawn from the standard normal, x is a sample of the flow's
    density `realnvp_log_prob`.  Call `coupling_forward` for each layer (the tests replace
    it with a correct one, so that a bug of the coupling layer costs only the coupling's
    points).

    Args:
        conditioner: function (params, h) -> (s, t), shared by all layers.
        params_list: a list of K parameter sets, one per layer.
        masks: a list of K masks of shape (D,) (or an array of shape (K, D)), concrete.
        z: base points, shape (B, D).

    Returns:
        x, shape (B, D) (the points only, not the log-determinants).

    Raises:
        ValueError: if z is not 2-D (call the given `_check_points`) or params_list and masks
            do not have the same length.
    """
    x = _check_points(z, "z")
    if len(params_list) != len(masks):
        raise ValueError(f"params_list and masks must have one entry per layer, got "
                         f"{len(params_list)} and {len(masks)}")
    for params, mask in zip(params_list, masks):
        x, _ = coupling_forward(conditioner, params, x, mask)
    return x
