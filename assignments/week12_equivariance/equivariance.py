"""Week 12: E(3) equivariance: rotations, forces and an equivariant graph network.

The laws of physics do not depend on where the laboratory stands or how it is turned.  For
N atoms at positions x (one row per atom), the Euclidean group E(3) of rotations,
reflections and translations acts as

    x -> x R^T + t,        R (3, 3) orthogonal (det +1: a rotation, -1: with a reflection), t (3,).

Quantities transform in one of three ways under it:

- invariant: a scalar such as the energy, E(x R^T + t) = E(x);
- vector (equivariant): a force rotates with the frame but ignores translations,
  F(x R^T + t) = F(x) R^T;
- position: new positions rotate and translate, x'(x R^T + t) = x'(x) R^T + t.

A model built from invariants and relative vectors x_i - x_j obeys these rules whatever
its weights, so it never has to learn them from data (Satorras, Hoogeboom & Welling 2021;
Batzner et al. 2022).  You write

- `random_rotation`: a uniformly (Haar) distributed rotation, to test and augment with;
- `lennard_jones_energy` and `forces`: an invariant energy and its equivariant forces
  F = -grad E, by automatic differentiation;
- `equivariance_error`: the check that measures how much a function breaks one of the
  rules above;
- `egnn_layer`: one layer of an E(n)-equivariant graph neural network (EGNN).

Conventions used throughout:

- Positions are arrays of shape (N, 3), one row per atom; R is (3, 3) and t is (3,).
- Use jax.numpy, so that `jax.grad`, `jax.jit` and `jax.vmap` work through
  `lennard_jones_energy`, `forces` and `egnn_layer` (the notebook trains through them).
  `random_rotation` and `equivariance_error` are called eagerly (outside jax.jit): they may
  use Python control flow and float().
- Randomness comes in as a `jax.random` key, never from global state.
- Bad arguments (arrays of the wrong shape, an unknown kind, a non-positive sigma) raise
  `ValueError` with a message that says what is wrong.
"""

import jax
import jax.numpy as jnp
import numpy as np

KINDS = ("invariant", "vector", "position")


def _check_positions(x, name="positions"):
    """A helper you may use: x as a float array, checked to have shape (N, 3) (ValueError otherwise)."""
    x = jnp.asarray(x, dtype=float)
    if x.ndim != 2 or x.shape[1] != 3:
        raise ValueError(f"{name} must have shape (N, 3), one row per atom, got shape {x.shape}")
    return x


def random_rotation(key):
    """A random rotation matrix, uniformly distributed over all rotations (Haar measure on SO(3)).

    "Uniform" means that no orientation is preferred: R and R0 R have the same distribution
    for every fixed rotation R0.  Two consequences that you can check: a fixed unit vector
    v is sent to a point R v distributed uniformly on the unit sphere, and the rotation
    angle w (with trace R = 1 + 2 cos w) has the density (1 - cos w) / pi on [0, pi], not
    a uniform one: small rotations are rare.

    Any correct algorithm is fine, for example:

    - QR: take a 3x3 matrix A of independent standard normals and its QR decomposition
      A = Q R'; multiply each column of Q by the sign of the matching diagonal entry of R'
      (without this fix Q is not uniform, because the QR routine picks the signs); Q is
      then uniform over all orthogonal matrices, so if det Q = -1 flip the sign of one
      column;
    - quaternions: normalise a 4-vector of independent standard normals to a unit
      quaternion (uniform on the 3-sphere) and convert it to a rotation matrix.

    Drawing three Euler angles uniformly does *not* give a uniform rotation.

    Args:
        key: a `jax.random` key.

    Returns:
        R, an array of shape (3, 3) with R^T R = I and det R = +1.  Different keys give
        different rotations; the same key gives the same rotation.
    """
    raise NotImplementedError('week 12, equivariance.py: random_rotation is not implemented yet')


def lennard_jones_energy(positions, epsilon=1.0, sigma=1.0):
    """The potential energy of N atoms that interact through the Lennard-Jones pair potential.

        E = sum_{i<j} 4 epsilon [ (sigma / r_ij)^12 - (sigma / r_ij)^6 ],    r_ij = |x_i - x_j|,

    each pair counted once.  Two atoms at r = 2^(1/6) sigma sit at the bottom of the well,
    E = -epsilon; at r = sigma the energy is 0.  The energy depends only on distances, so it
    is invariant under rotations, reflections, translations and relabelling of the atoms.

    It must be differentiable with `jax.grad` (the forces are minus its gradient).  Beware
    of the pairs i = j: r_ii = 0, and a term that is computed and then masked with
    jnp.where still gives a nan gradient; sum over the pairs i < j only (for example with
    np.triu_indices, whose indices depend only on N).

    Args:
        positions: array of shape (N, 3), distinct positions.
        epsilon: the depth of the well, > 0.
        sigma: the distance at which the pair energy crosses zero, > 0.

    Returns:
        The energy E, a scalar (0-d array).

    Raises:
        ValueError: if positions does not have shape (N, 3), or epsilon <= 0, or sigma <= 0.
    """
    raise NotImplementedError('week 12, equivariance.py: lennard_jones_energy is not implemented yet')


def forces(energy_fn, positions):
    """The forces on the atoms, minus the gradient of the energy: F_i = -dE/dx_i.

    Use automatic differentiation (`jax.grad`), which is exact, rather than finite
    differences.  Whatever energy_fn is, forces from a gradient are conservative; if the
    energy is invariant under translations they sum to zero (Newton's third law), if it is
    invariant under rotations they exert no total torque, and they rotate with the frame:
    F(x R^T) = F(x) R^T.  The result must stay traceable: the notebook calls `forces`
    inside jax.jit and differentiates it with respect to the parameters of energy_fn.

    Args:
        energy_fn: function (N, 3) -> scalar, written with jax.numpy.
        positions: array of shape (N, 3).

    Returns:
        The forces, shape (N, 3): row i is the force on atom i.

    Raises:
        ValueError: if positions does not have shape (N, 3).
    """
    raise NotImplementedError('week 12, equivariance.py: forces is not implemented yet')


def equivariance_error(f, x, R, t, kind):
    """How much f breaks the E(3) symmetry of its kind, for one group element (R, t).

    Moves the input, x -> x R^T + t, and compares f of the moved input with what the
    symmetry predicts from f(x):

        kind "invariant":  f(x R^T + t)  vs  f(x)
        kind "vector":     f(x R^T + t)  vs  f(x) R^T            (forces, velocities)
        kind "position":   f(x R^T + t)  vs  f(x) R^T + t        (new positions)

    and returns the largest absolute entry of the difference: 0 (up to rounding, about
    1e-15 times the size of the numbers) for a function with that symmetry.  R may be any
    orthogonal matrix: a rotation, or a rotation combined with a reflection (det R = -1).
    For kind "invariant" f may return an array of any shape (a scalar energy, a matrix of
    distances); for "vector" and "position" it returns an array of shape (M, 3).

    Args:
        f: the function to check, (N, 3) -> array.
        x: the input positions, shape (N, 3).
        R: an orthogonal matrix, shape (3, 3).
        t: a translation, shape (3,).
        kind: "invariant", "vector" or "position".

    Returns:
        The largest absolute entry of the difference, a float.

    Raises:
        ValueError: if kind is not one of "invariant", "vector", "position", or x is not
            (N, 3), R not (3, 3) or t not (3,).
    """
    raise NotImplementedError('week 12, equivariance.py: equivariance_error is not implemented yet')


def egnn_layer(params, h, x):
    """One E(n)-equivariant graph layer (EGNN, Satorras et al. 2021) on a fully connected graph.

    Each atom i carries invariant features h_i (F numbers) and a position x_i.  For every
    ordered pair i != j a message is computed from invariants only,

        m_ij = silu(concat[h_i, h_j, |x_i - x_j|^2] @ w_e + b_e)                    (M,)

    (the squared distance, no square root), and the layer returns

        x'_i = x_i + 1/(N-1) sum_{j != i} (x_i - x_j) (m_ij @ w_x)
        h'_i = h_i + silu(concat[h_i, sum_{j != i} m_ij] @ w_h + b_h)

    with silu(z) = z sigmoid(z) (`jax.nn.silu`).  Note the order h_i (the receiver) before
    h_j, the direction x_i - x_j, the mean over the N - 1 other atoms in x', and the residual
    terms x_i and h_i.  Because only |x_i - x_j|^2 enters the messages and x moves along
    relative vectors, h' is invariant and x' transforms as a position under any rotation,
    reflection and translation, and relabelling the atoms relabels the outputs.

    Write it vectorised (arrays of shape (N, N, ...) for the pairs, with the pairs i = j
    removed from both sums); it must work under jax.jit and be differentiable with respect
    to params, h and x (the notebook takes forces of an energy built from it).

    Args:
        params: dict with "w_e" (2F+1, M), "b_e" (M,), "w_x" (M, 1), "w_h" (F+M, F), "b_h" (F,).
        h: node features, shape (N, F).
        x: positions, shape (N, 3), N >= 2.

    Returns:
        A tuple (h_new, x_new) of shapes (N, F) and (N, 3).

    Raises:
        ValueError: if x does not have shape (N, 3), if h is not a 2-D array with one row
            per atom, or if N < 2.
    """
    raise NotImplementedError('week 12, equivariance.py: egnn_layer is not implemented yet')
