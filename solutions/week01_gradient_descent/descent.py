"""Week 1: gradient descent on a potential energy surface.

The Müller-Brown potential (Müller & Brown, Theor. Chim. Acta 53, 75 (1979)) is a
two-dimensional model of a chemical energy landscape: a sum of four Gaussian-like terms

    V(x, y) = sum_k A_k exp(a_k dx_k^2 + b_k dx_k dy_k + c_k dy_k^2),
    dx_k = x - x0_k,  dy_k = y - y0_k,

with three minima (reactant, intermediate, product) joined by two saddle points.  You
write the surface, its gradient by hand, and three ways of walking downhill on it: plain
gradient descent, heavy-ball momentum, and steps whose length comes from an Armijo
backtracking line search.

Conventions used throughout:

- Points are arrays whose last axis holds (x, y); a batch of points has shape (..., 2).
- Optimizers take `grad_fn(x) -> (d,)` and `f(x) -> scalar`, written with `jax.numpy`, and
  a start point `x0` of shape (d,).  They return the whole trajectory, shape
  (n_steps + 1, d), whose row 0 is `x0`, and leave `x0` unchanged (no in-place updates).
- Arguments that make no sense (lr <= 0, n_steps < 0, a start point that is not 1-D, ...)
  raise `ValueError` with a message that says what is wrong.
- Use `jax.numpy`, so that `jax.grad` and `jax.jit` work through the potential.  The
  optimizers may be plain Python loops.
"""

import jax.numpy as jnp

# Table I of Müller & Brown (1979); index k = 0..3 runs over the four terms.
MULLER_BROWN_PARAMS = {
    "A": (-200.0, -100.0, -170.0, 15.0),
    "a": (-1.0, -1.0, -6.5, 0.7),
    "b": (0.0, 0.0, 11.0, 0.6),
    "c": (-10.0, -10.0, -6.5, 0.7),
    "x0": (1.0, 0.0, -0.5, -1.0),
    "y0": (0.0, 0.5, 1.5, 1.0),
}


def muller_brown(xy):
    """Müller-Brown potential energy V(x, y).

    V = sum_k A_k exp(a_k dx^2 + b_k dx dy + c_k dy^2), with dx = x - x0_k and
    dy = y - y0_k, and the constants of `MULLER_BROWN_PARAMS`.

    Args:
        xy: array of shape (..., 2); the last axis holds (x, y).

    Returns:
        The energy, an array of shape (...) (a scalar for one point of shape (2,)).
        Written with jax.numpy, so that `jax.grad(muller_brown)` works.

    Raises:
        ValueError: if `xy` is 0-d (it has no last axis) or the last axis of `xy` does not
            have length 2.
    """
    xy = jnp.asarray(xy, dtype=float)
    if xy.ndim == 0 or xy.shape[-1] != 2:
        raise ValueError(f"xy must have shape (..., 2), got shape {xy.shape}")
    p = {key: jnp.asarray(value) for key, value in MULLER_BROWN_PARAMS.items()}
    dx = xy[..., 0:1] - p["x0"]  # (..., 4): one column per term k
    dy = xy[..., 1:2] - p["y0"]
    exponent = p["a"] * dx**2 + p["b"] * dx * dy + p["c"] * dy**2
    return jnp.sum(p["A"] * jnp.exp(exponent), axis=-1)


def muller_brown_grad(xy):
    """Gradient (dV/dx, dV/dy) of the Müller-Brown potential, derived by hand.

    Differentiate each term with the chain rule: with E_k = A_k exp(a_k dx^2 + b_k dx dy
    + c_k dy^2),
        dV/dx = sum_k E_k (2 a_k dx + b_k dy),
        dV/dy = sum_k E_k (b_k dx + 2 c_k dy).
    Do not call jax.grad here: this function is what automatic differentiation is
    checked against.

    Args:
        xy: array of shape (..., 2).

    Returns:
        An array of shape (..., 2): the gradient at every point.

    Raises:
        ValueError: if `xy` is 0-d (it has no last axis) or the last axis of `xy` does not
            have length 2.
    """
    xy = jnp.asarray(xy, dtype=float)
    if xy.ndim == 0 or xy.shape[-1] != 2:
        raise ValueError(f"xy must have shape (..., 2), got shape {xy.shape}")
    p = {key: jnp.asarray(value) for key, value in MULLER_BROWN_PARAMS.items()}
    dx = xy[..., 0:1] - p["x0"]
    dy = xy[..., 1:2] - p["y0"]
    terms = p["A"] * jnp.exp(p["a"] * dx**2 + p["b"] * dx * dy + p["c"] * dy**2)
    dv_dx = jnp.sum(terms * (2 * p["a"] * dx + p["b"] * dy), axis=-1)
    dv_dy = jnp.sum(terms * (p["b"] * dx + 2 * p["c"] * dy), axis=-1)
    return jnp.stack([dv_dx, dv_dy], axis=-1)


def gradient_descent(grad_fn, x0, lr, n_steps):
    """Plain gradient descent: x_{k+1} = x_k - lr * grad_fn(x_k).

    Args:
        grad_fn: function (d,) -> (d,), the gradient of the energy (written with jax.numpy).
        x0: start point, shape (d,).
        lr: step size (learning rate), > 0.
        n_steps: number of steps, an integer >= 0.

    Returns:
        The trajectory, an array of shape (n_steps + 1, d): row 0 is x0, row k is x_k.
        With n_steps = 0 it holds x0 alone.

    Raises:
        ValueError: if lr <= 0, n_steps < 0, or x0 is not 1-D.
    """
    x0 = jnp.asarray(x0, dtype=float)
    if x0.ndim != 1:
        raise ValueError(f"x0 must be a 1-D array of shape (d,), got shape {x0.shape}")
    if lr <= 0:
        raise ValueError(f"the step size lr must be positive, got {lr}")
    if n_steps < 0:
        raise ValueError(f"n_steps must be >= 0, got {n_steps}")

    trajectory = [x0]
    for _ in range(n_steps):
        x = trajectory[-1]
        trajectory.append(x - lr * grad_fn(x))
    return jnp.stack(trajectory)


def momentum_descent(grad_fn, x0, lr, beta, n_steps):
    """Heavy-ball momentum (Polyak): a particle with friction rolling on the surface.

    v_0 = 0,  v_{k+1} = beta v_k - lr grad_fn(x_k),  x_{k+1} = x_k + v_{k+1}.

    beta = 0 is plain gradient descent; beta close to 1 is little friction.  (The form
    u_{k+1} = beta u_k + grad_fn(x_k), x_{k+1} = x_k - lr u_{k+1} gives the same trajectory.)

    Args:
        grad_fn: function (d,) -> (d,).
        x0: start point, shape (d,).
        lr: step size, > 0.
        beta: momentum coefficient, 0 <= beta < 1.
        n_steps: number of steps, an integer >= 0.

    Returns:
        The trajectory, shape (n_steps + 1, d), row 0 is x0.

    Raises:
        ValueError: if lr <= 0, beta is outside [0, 1), n_steps < 0, or x0 is not 1-D.
    """
    x0 = jnp.asarray(x0, dtype=float)
    if x0.ndim != 1:
        raise ValueError(f"x0 must be a 1-D array of shape (d,), got shape {x0.shape}")
    if lr <= 0:
        raise ValueError(f"the step size lr must be positive, got {lr}")
    if not 0 <= beta < 1:
        raise ValueError(f"the momentum beta must lie in [0, 1), got {beta}")
    if n_steps < 0:
        raise ValueError(f"n_steps must be >= 0, got {n_steps}")

    trajectory = [x0]
    v = jnp.zeros_like(x0)
    for _ in range(n_steps):
        x = trajectory[-1]
        v = beta * v - lr * grad_fn(x)
        trajectory.append(x + v)
    return jnp.stack(trajectory)


def backtracking_line_search(f, grad_fn, x, t0=1.0, c=1e-4, rho=0.5, max_iter=60):
    """Armijo backtracking: how far to step along -g, g = grad_fn(x).

    Try t = t0, t0 rho, t0 rho^2, ... (k = 0, 1, ..., max_iter - 1) and return the first t
    that gives sufficient decrease (the Armijo condition)

        f(x - t g) <= f(x) - c t |g|^2.

    A trial point where f is not finite (nan, +inf or -inf) fails the condition.  If no
    trial succeeds, return exactly 0.0 (do not move).

    Args:
        f: the energy, function (d,) -> scalar (written with jax.numpy).
        grad_fn: its gradient, function (d,) -> (d,).
        x: the current point, shape (d,).
        t0: first trial step, > 0.
        c: sufficient-decrease constant, 0 < c < 1.
        rho: shrink factor, 0 < rho < 1.
        max_iter: number of trials, an integer >= 0.

    Returns:
        The accepted step t (a float or a scalar array), or 0.0.

    Raises:
        ValueError: if t0 <= 0, c or rho is outside (0, 1), max_iter < 0, or x is not 1-D.
    """
    x = jnp.asarray(x, dtype=float)
    if x.ndim != 1:
        raise ValueError(f"x must be a 1-D array of shape (d,), got shape {x.shape}")
    if t0 <= 0:
        raise ValueError(f"the first trial step t0 must be positive, got {t0}")
    if not 0 < c < 1:
        raise ValueError(f"the Armijo constant c must lie in (0, 1), got {c}")
    if not 0 < rho < 1:
        raise ValueError(f"the shrink factor rho must lie in (0, 1), got {rho}")
    if max_iter < 0:
        raise ValueError(f"max_iter must be >= 0, got {max_iter}")

    g = grad_fn(x)
    f_x = f(x)
    g_squared = jnp.sum(g**2)
    t = float(t0)
    for _ in range(max_iter):
        f_trial = f(x - t * g)
        if jnp.isfinite(f_trial) and f_trial <= f_x - c * t * g_squared:
            return t
        t *= rho
    return 0.0


def line_search_descent(f, grad_fn, x0, n_steps):
    """Gradient descent whose step length comes from the Armijo line search.

    x_{k+1} = x_k - t_k grad_fn(x_k), with t_k = backtracking_line_search(f, grad_fn, x_k)
    (its default t0, c, rho, max_iter): every step starts its search afresh from t0.  The
    energy f never increases along the trajectory.

    Args:
        f: the energy, function (d,) -> scalar.
        grad_fn: its gradient, function (d,) -> (d,).
        x0: start point, shape (d,).
        n_steps: number of steps, an integer >= 0.

    Returns:
        The trajectory, shape (n_steps + 1, d), row 0 is x0.

    Raises:
        ValueError: if n_steps < 0 or x0 is not 1-D.
    """
    x0 = jnp.asarray(x0, dtype=float)
    if x0.ndim != 1:
        raise ValueError(f"x0 must be a 1-D array of shape (d,), got shape {x0.shape}")
    if n_steps < 0:
        raise ValueError(f"n_steps must be >= 0, got {n_steps}")

    trajectory = [x0]
    for _ in range(n_steps):
        x = trajectory[-1]
        t = backtracking_line_search(f, grad_fn, x)
        trajectory.append(x - t * grad_fn(x))
    return jnp.stack(trajectory)
