"""Oracles of the week 1 tests, written independently of the student's module.

- The Müller-Brown surface written out term by term (not from the parameter table), with
  its gradient by `jax.grad`, and its stationary points (three minima, two saddles).
- Quadratic bowls f(x) = 1/2 x^T A x + b^T x with a random symmetric positive definite A,
  on which gradient descent and heavy-ball momentum have closed forms.
- A reference Armijo backtracking search, which also reports how close any trial came to
  the accept/reject boundary, so that tests can avoid ties that rounding could decide
  either way.
"""

import jax
import jax.numpy as jnp
import numpy as np
from hypothesis import strategies as st


def muller_brown_closed_form(xy):
    """V(x, y) of Müller & Brown (1979), Table I, written out; xy (..., 2) -> (...)."""
    x, y = xy[..., 0], xy[..., 1]
    return (
        -200.0 * jnp.exp(-((x - 1.0) ** 2) - 10.0 * y**2)
        - 100.0 * jnp.exp(-(x**2) - 10.0 * (y - 0.5) ** 2)
        - 170.0 * jnp.exp(-6.5 * (x + 0.5) ** 2 + 11.0 * (x + 0.5) * (y - 1.5) - 6.5 * (y - 1.5) ** 2)
        + 15.0 * jnp.exp(0.7 * (x + 1.0) ** 2 + 0.6 * (x + 1.0) * (y - 1.0) + 0.7 * (y - 1.0) ** 2)
    )


# Compiled once and shared by all tests: energy and gradient of one point (2,).
mb_energy = jax.jit(muller_brown_closed_form)
mb_grad = jax.jit(jax.grad(muller_brown_closed_form))
mb_grad_batch = jax.jit(jax.vmap(jax.grad(muller_brown_closed_form)))

# The stationary points of the surface (the handout lists the minima): (x, y, V), Newton-refined,
# |grad V| < 1e-12 there.
MINIMA = (
    (-0.5582236346, 1.4417258418, -146.6995172100),
    (0.6234994049, 0.0280377585, -108.1667241169),
    (-0.0500108230, 0.4666941049, -80.7678181297),
)
SADDLES = (
    (-0.8220015587, 0.6243128028, -40.6648435087),
    (0.2124865820, 0.2929883251, -72.2489401123),
)
# Starts 0.05 - 0.1 away from each minimum, inside its basin.
STARTS_NEAR_MINIMA = tuple((x + dx, y + dy) for (x, y, _), (dx, dy) in
                           zip(MINIMA, ((0.08, -0.05), (-0.06, 0.07), (0.05, 0.05))))

# Points of the usual plotting window of the surface.
mb_points = st.tuples(st.floats(-1.5, 1.2), st.floats(-0.5, 2.0)).map(np.array)
# A unit direction in the plane.
unit_directions = st.floats(0.0, 2 * np.pi).map(lambda angle: np.array([np.cos(angle), np.sin(angle)]))
seeds = st.integers(0, 2**32 - 1)

DIM = 3  # dimension of the quadratic bowls: one shape, so JAX compiles once


def quadratic_bowl(seed, dim=DIM):
    """(A, b, x0): A symmetric positive definite with eigenvalues in [0.5, 4], b and x0 normal."""
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.normal(size=(dim, dim)))
    a = (q * rng.uniform(0.5, 4.0, dim)) @ q.T
    return (a + a.T) / 2, rng.normal(size=dim), rng.normal(size=dim)


def quadratic_energy_and_grad(a, b):
    """f(x) = 1/2 x^T A x + b^T x and its gradient A x + b, written with jax.numpy."""
    a, b = jnp.asarray(a), jnp.asarray(b)
    return (lambda x: 0.5 * x @ (a @ x) + b @ x), (lambda x: a @ x + b)


def gradient_descent_closed_form(a, x0, lr, n_steps):
    """Rows x_k = (I - lr A)^k x0, k = 0..n_steps: gradient descent on 1/2 x^T A x."""
    step = np.eye(len(x0)) - lr * a
    return np.array([np.linalg.matrix_power(step, k) @ x0 for k in range(n_steps + 1)])


def momentum_closed_form(a, x0, lr, beta, n_steps):
    """Heavy ball on 1/2 x^T A x as a linear map of (x_k, x_{k-1}), with x_{-1} = x_0 (v_0 = 0).

    x_{k+1} = x_k - lr A x_k + beta (x_k - x_{k-1}), so
    (x_{k+1}, x_k) = M (x_k, x_{k-1}) with M = [[(1 + beta) I - lr A, -beta I], [I, 0]].
    """
    d = len(x0)
    eye = np.eye(d)
    m = np.block([[(1 + beta) * eye - lr * a, -beta * eye], [eye, np.zeros((d, d))]])
    state = np.concatenate([x0, x0])
    return np.array([(np.linalg.matrix_power(m, k) @ state)[:d] for k in range(n_steps + 1)])


def armijo_oracle(f, grad_fn, x, t0=1.0, c=1e-4, rho=0.5, max_iter=60):
    """(t, margin): the first t = t0 rho^k with finite f(x - t g) <= f(x) - c t |g|^2, or 0.0.

    `margin` is the smallest distance of a finite trial from its bound, relative to
    |f(x)| + t |g|^2; a tiny margin means rounding could decide that trial either way.
    """
    x = np.asarray(x, float)
    g = np.asarray(grad_fn(x), float)
    f_x, g_squared = float(f(x)), float(g @ g)
    margin = np.inf
    for k in range(max_iter):
        t = t0 * rho**k
        f_trial = float(f(x - t * g))
        if not np.isfinite(f_trial):
            continue
        bound = f_x - c * t * g_squared
        margin = min(margin, abs(f_trial - bound) / (abs(f_x) + t * g_squared + 1e-300))
        if f_trial <= bound:
            return t, margin
    return 0.0, margin


def line_search_descent_oracle(f, grad_fn, x0, n_steps):
    """(trajectory, margin): descent steps x - t g with t from `armijo_oracle` (defaults)."""
    trajectory, margin = [np.asarray(x0, float)], np.inf
    for _ in range(n_steps):
        x = trajectory[-1]
        t, step_margin = armijo_oracle(f, grad_fn, x)
        margin = min(margin, step_margin)
        trajectory.append(x - t * np.asarray(grad_fn(x), float))
    return np.array(trajectory), margin
