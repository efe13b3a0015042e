"""Oracles of the week 14 flows.py tests, written independently of the student's module.

- Conditioners (params, h) -> (s, t) on batches (B, D): a random tanh network with bounded
  log-scales, an affine one whose numbers can be followed by hand, and a probe whose shift
  is the sum of what it was given (it reveals what the coupling layer passed it).
- Coupling layers written with jnp.where on a boolean mask (the reference multiplies by the
  mask), with the same validation, for the tests of the RealNVP stacks to substitute for
  the student's `coupling_forward` and `coupling_inverse`.
- Log-determinants by brute force: each point's Jacobian by forward-mode autodiff
  (jax.jvp along each coordinate), numpy's slogdet; for the oracle flow of the network
  conditioner, compiled once for every set of masks.
- The network conditioner computes in numpy for numpy input and as one compiled function
  for JAX input: the student's code calls it without compiling its operations one by one.
- The planar flow in closed form and the invertible u_hat by projection onto w.
"""

import itertools
import math

import jax
import jax.numpy as jnp
import numpy as np
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from autograder.checks import assert_close, assert_shape

B = 5  # points per batch in every test (B != D, so a sum over the wrong axis has the wrong shape)
D = 4  # dimension of the coupling tests
HIDDEN = 6  # hidden units of the random conditioner

seeds = st.integers(0, 2**32 - 1)


def points(dimension, bound=3.0):
    """Batches (B, dimension) of floats in [-bound, bound]."""
    return arrays(np.float64, (B, dimension), elements=st.floats(-bound, bound, allow_subnormal=False))


# Every mask of D coordinates, the two constant ones included (all 1: the identity; all 0:
# the conditioner sees zeros and the layer is a fixed affine map); EDGE_MASKS are those with
# exactly one transformed or exactly one kept coordinate.
ALL_MASKS = [np.array(m, dtype=float) for m in itertools.product((0, 1), repeat=D)]
EDGE_MASKS = [m for m in ALL_MASKS if m.sum() in (1, D - 1)]
ONE_KEPT, ALL_BUT_ONE = EDGE_MASKS[0], EDGE_MASKS[-1]  # (0, 0, 0, 1) and (1, 1, 1, 0)
masks = st.sampled_from(ALL_MASKS)
masks_with_a_transformed_coordinate = st.sampled_from([m for m in ALL_MASKS if m.min() == 0])
N_LAYERS = 3  # coupling layers of the RealNVP tests
mask_stacks = st.lists(masks, min_size=N_LAYERS, max_size=N_LAYERS)
SPREAD_POINTS = np.linspace(-2, 2, B * D).reshape(B, D)  # a fixed batch for the pinned examples


def checked_pair(result, function, names, shape):
    """A function's (points, log-determinants), checked to be a pair of arrays of shapes (B, D) and (B,)."""
    assert isinstance(result, (tuple, list)) and len(result) == 2, (
        f"{function} must return the pair ({names[0]}, {names[1]}), got {type(result).__name__}")
    n, d = shape
    return (assert_shape(result[0], (n, d), f"{names[0]} of a batch of {n} points in D = {d}"),
            assert_shape(result[1], (n,), f"{names[1]} of a batch of {n} points (one per point)"))


# ---------------------------------------------------------------------------- conditioners


def array_namespace(x):
    """numpy for numpy input, jax.numpy for JAX arrays and tracers.

    The conditioners and oracles compute the tests' expected values in numpy (no JAX
    compilation), and stay traceable when the student's code calls them with JAX arrays.
    """
    return np if isinstance(x, (np.ndarray, np.generic, float, list)) else jnp


def network_conditioner(params, h):
    """A tanh network: s = 1.5 tanh(.) (bounded log-scales), t linear in the hidden layer.

    JAX input (concrete, or traced by jax.jvp and jax.jit) goes through one compiled function,
    not every operation.
    """
    xp = array_namespace(h)
    return _network(xp, params, h) if xp is np else _compiled_network(params, h)


@jax.jit
def _compiled_network(params, h):
    return _network(jnp, params, h)


def _network(xp, params, h):
    hidden = xp.tanh(h @ params["W1"] + params["b1"])
    s = 1.5 * xp.tanh(hidden @ params["Ws"] + params["bs"])
    t = hidden @ params["Wt"] + params["bt"]
    return s, t


def network_params(seed, dimension=D, scale=1.0):
    """Random weights of `network_conditioner`, every input feeding every hidden unit.

    `scale` multiplies the output weights: a smaller scale gives gentler layers.
    """
    rng = np.random.default_rng(seed)
    return {"W1": rng.normal(size=(dimension, HIDDEN)), "b1": 0.5 * rng.normal(size=HIDDEN),
            "Ws": scale * rng.normal(size=(HIDDEN, dimension)) / math.sqrt(HIDDEN),
            "bs": 0.3 * scale * rng.normal(size=dimension),
            "Wt": scale * rng.normal(size=(HIDDEN, dimension)), "bt": scale * rng.normal(size=dimension)}


def network_params_list(seed, n_layers, dimension, scale=1.0):
    """One set of `network_params` per layer, from the seeds seed, seed + 1, ..."""
    return [network_params(seed + k, dimension, scale) for k in range(n_layers)]


def affine_conditioner(params, h):
    """s = h Ws + bs, t = h Wt + bt: numbers that can be followed by hand."""
    return h @ params["Ws"] + params["bs"], h @ params["Wt"] + params["bt"]


def affine_params(Ws, bs, Wt, bt):
    return {name: np.array(value, dtype=float) for name, value in
            (("Ws", Ws), ("bs", bs), ("Wt", Wt), ("bt", bt))}


# The coupling layer of the worked examples (D = 2): s = (7, log 2), t = (5, 1) from the input (1, 0).
COUPLING_BY_HAND = affine_params(Ws=[[7.0, math.log(2.0)], [0.5, 0.5]], bs=[0, 0], Wt=[[5.0, 1.0], [1.0, 2.0]], bt=[0, 0])

# The two-layer flow of the RealNVP worked examples (D = 2): layer 1 (mask (1, 0)) maps
# x2 = 2 z2 + 1; layer 2 (mask (0, 1)) maps x1 = z1 + x2, its shift read from the kept x2.
TWO_LAYER_PARAMS = [affine_params(Ws=np.zeros((2, 2)), bs=[0.0, math.log(2.0)], Wt=np.zeros((2, 2)), bt=[0.0, 1.0]),
                    affine_params(Ws=np.zeros((2, 2)), bs=[0.0, 0.0], Wt=[[0.0, 0.0], [1.0, 0.0]], bt=[0.0, 0.0])]
TWO_LAYER_MASKS = [np.array([1.0, 0.0]), np.array([0.0, 1.0])]


def probe_conditioner(params, h):
    """s = 0 and every shift t_i = sum_j h_j: the shift of a transformed coordinate shows what the conditioner saw."""
    xp = array_namespace(h)
    total = xp.sum(h, axis=1, keepdims=True)
    return xp.zeros_like(h), total * xp.ones_like(h)


def assert_probe_saw(x, y, mask, name):
    """The probe conditioner shifted each transformed coordinate by the sum of its input: y_i - x_i = sum(name * mask).

    `name` is the points the conditioner should have seen ("x" forward, "y" inverse).
    """
    seen = {"x": x, "y": y}[name] * mask
    moved = mask == 0
    expected = np.repeat(np.sum(seen, axis=1, keepdims=True), moved.sum(), axis=1)
    assert_close(y[:, moved] - x[:, moved], expected,
                 f"the sum of the conditioner's input, read off the shift of the transformed coordinates "
                 f"(mask {mask}), versus sum({name} * mask)", rtol=1e-12, atol=1e-12)


# --------------------------------------------------------------------------- coupling layers


def _validated(x, mask):
    """x as a float array (numpy stays numpy) and the mask as booleans, after the checks of the docstrings."""
    x = array_namespace(x).asarray(x, dtype=float)
    if x.ndim != 2:
        raise ValueError(f"points must have shape (B, D), got {x.shape}")
    mask = np.asarray(mask, dtype=float)
    if mask.shape != (x.shape[1],) or not np.all((mask == 0) | (mask == 1)):
        raise ValueError(f"the mask must be {x.shape[1]} zeros and ones, got {mask}")
    return x, mask.astype(bool)


def coupling_forward_oracle(conditioner, params, x, mask):
    return _coupling_forward(conditioner, params, *_validated(x, mask))


def _coupling_forward(conditioner, params, x, keep):
    """The forward coupling of validated points, `keep` the mask as booleans (concrete, or traced by jax.jit)."""
    xp = array_namespace(x)
    s, t = conditioner(params, xp.where(keep, x, 0.0))
    return xp.where(keep, x, x * xp.exp(s) + t), xp.sum(xp.where(keep, 0.0, s), axis=1)


def coupling_inverse_oracle(conditioner, params, y, mask):
    y, keep = _validated(y, mask)
    xp = array_namespace(y)
    s, t = conditioner(params, xp.where(keep, y, 0.0))
    return xp.where(keep, y, (y - t) / xp.exp(s)), -xp.sum(xp.where(keep, 0.0, s), axis=1)


COUPLING_ORACLES = {"coupling_forward": coupling_forward_oracle, "coupling_inverse": coupling_inverse_oracle}


# ------------------------------------------------------------------------------ RealNVP


def flow_forward_oracle(conditioner, params_list, masks, z):
    """x = f_K(...f_1(z)) by the oracle couplings."""
    x = z
    for params, mask in zip(params_list, masks):
        x, _ = coupling_forward_oracle(conditioner, params, x, mask)
    return x


def network_flow_log_abs_det(params_list, masks, z):
    """`per_point_log_abs_det` of `flow_forward_oracle` with the network conditioner, compiled once.

    The same columns by jax.jvp and numpy's slogdet, in one compiled function for every
    parameter set and stack of masks of the same shapes (the masks are arrays of the trace,
    not constants), instead of every jax.numpy operation eagerly.
    """
    return np.linalg.slogdet(np.asarray(_network_flow_jacobians(params_list, np.asarray(masks, dtype=float), z)))[1]


@jax.jit
def _network_flow_jacobians(params_list, masks, z):
    def forward(v):
        for params, keep in zip(params_list, masks == 1):
            v, _ = _coupling_forward(network_conditioner, params, v, keep)
        return v

    return jax.vmap(lambda tangent: jax.jvp(forward, (z,), (tangent,))[1], out_axes=-1)(unit_tangents(z.shape))


def flow_inverse_oracle(conditioner, params_list, masks, x):
    """z = f_1^{-1}(...f_K^{-1}(x)) by the oracle couplings."""
    z = x
    for params, mask in zip(params_list[::-1], masks[::-1]):
        z, _ = coupling_inverse_oracle(conditioner, params, z, mask)
    return z


def log_prob_oracle(conditioner, params_list, masks, x):
    """log q(x) = log N(z) + the oracle inverse couplings' log-determinants, z = f^{-1}(x)."""
    z, log_det = x, 0.0
    for params, mask in zip(params_list[::-1], masks[::-1]):
        z, layer_log_det = coupling_inverse_oracle(conditioner, params, z, mask)
        log_det = log_det + np.asarray(layer_log_det)
    return log_normal(z) + log_det


def log_normal(z):
    """log N(z; 0, I) of each row of z (B, D)."""
    z = np.asarray(z, dtype=float)
    return -0.5 * np.sum(z**2, axis=1) - 0.5 * z.shape[1] * math.log(2 * math.pi)


# ----------------------------------------------------------------------- log-determinants


def per_point_log_abs_det(batched_map, x):
    """log|det| of each point's Jacobian of a map (B, D) -> (B, D) that treats points independently.

    Forward-mode autodiff, one jax.jvp per input coordinate k with the tangent e_k at every
    point at once: column k of point b's Jacobian is row b of the output tangent.  (This is
    what jax.jacfwd computes, without the (B, D, B, D) array of cross-point zeros, and with
    arrays of the batch's own shape, which keeps JAX from compiling new shapes.)
    """
    x = jnp.asarray(x, dtype=float)
    columns = [jax.jvp(batched_map, (x,), (jnp.asarray(tangent),))[1] for tangent in unit_tangents(x.shape)]
    jacobians = np.stack([np.asarray(column) for column in columns], axis=-1)  # (B, D, D): [b, i, k]
    return np.linalg.slogdet(jacobians)[1]


def unit_tangents(shape):
    """The tangents of the Jacobian's columns at points of shape (B, D): tangent k is e_k at every point, (D, B, D)."""
    n, d = shape
    return np.repeat(np.eye(d)[:, None, :], n, axis=1)


def students_log_abs_det(batched_map, x, name, variable):
    """`per_point_log_abs_det` of a map through the student's code; a map JAX cannot differentiate fails the test."""
    try:
        return per_point_log_abs_det(batched_map, x)
    except Exception as error:  # noqa: BLE001 - a function that jax cannot differentiate is the failure
        raise AssertionError(f"forward-mode autodiff (jax.jvp) could not differentiate {name} with respect to "
                             f"{variable}: {type(error).__name__}: {str(error).splitlines()[0]}") from None


# ------------------------------------------------------------------------------- planar


def planar_oracle(z, u, w, b):
    """f(z) = z + u tanh(z . w + b), numpy."""
    return z + np.outer(np.tanh(z @ w + b), u)


@jax.jit
def planar_log_abs_det_oracle(z, u, w, b):
    """log|det df/dz| of each point of the planar flow, from jax.jacfwd of one point and slogdet."""
    def one_point(x):
        return x + u * jnp.tanh(x @ w + b)

    return jnp.linalg.slogdet(jax.vmap(jax.jacfwd(one_point))(z))[1]


def u_hat_oracle(u, w):
    """The component of u perpendicular to w, plus m(w . u) w / |w|^2 along w, m(a) = softplus(a) - 1."""
    u, w = np.asarray(u, dtype=float), np.asarray(w, dtype=float)
    unit = w / np.linalg.norm(w)
    along = unit @ u
    return u - along * unit + (np.logaddexp(0.0, w @ u) - 1.0) * w / (w @ w)
