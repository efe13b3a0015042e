"""Week 6, part 2: Hamiltonian dynamics with automatic differentiation.

A classical system with coordinates q and momenta p (both of shape (d,)) is described by
one scalar function, its Hamiltonian H(q, p) (the energy).  Hamilton's equations

    dq/dt = +dH/dp,        dp/dt = -dH/dq

give the motion, and `jax.grad` gives both derivatives from the code of H alone.  You write

- `hamiltonian_vector_field`: Hamilton's equations for any H written with jax.numpy;
- `leapfrog`: the kick-drift-kick (velocity Verlet) integrator for a separable
  H = |p|^2 / (2 m) + V(q).  It is symplectic and time reversible, so it conserves a
  "shadow" energy close to H for exponentially long times instead of drifting;
- `hnn_loss`: the training loss of a Hamiltonian neural network (Greydanus et al. 2019),
  which learns a scalar H_theta(q, p) whose vector field matches observed time derivatives.

Conventions used throughout:

- A state is a pair (q, p) of arrays of the same shape (d,); a batch of states has shape
  (B, d).  Functions `H(q, p)`, `grad_V(q)` and `H_fn(params, q, p)` passed in are written
  with jax.numpy and act on one state.
- Use jax.numpy, so that `jax.grad`, `jax.jacfwd` and `jax.jit` work through your code:
  the tests differentiate the leapfrog map with respect to its initial state and the HNN
  loss with respect to the network's parameters.  `leapfrog` may be a plain Python loop.
- Bad arguments (a non-positive time step or mass, a negative number of steps, arrays of
  mismatched shapes) raise `ValueError` with a message that says what is wrong.
"""

import jax
import jax.numpy as jnp


def hamiltonian_vector_field(H, q, p):
    """Hamilton's equations: the velocity of the state (q, p) in phase space.

        dq/dt = dH/dp(q, p),        dp/dt = -dH/dq(q, p).

    Obtain both partial derivatives of H by automatic differentiation (`jax.grad`).  For
    the harmonic oscillator H = p^2/2 + q^2/2 the result is (p, -q): a clockwise rotation
    of the phase plane.

    Args:
        H: function (q, p) -> scalar, the Hamiltonian, written with jax.numpy.
        q: coordinates, array of shape (d,).
        p: momenta, array of the same shape as q.

    Returns:
        A tuple (dq_dt, dp_dt) = (dH/dp, -dH/dq), each of the shape of q.

    Raises:
        ValueError: if q and p do not have the same shape.
    """
    q = jnp.asarray(q, dtype=float)
    p = jnp.asarray(p, dtype=float)
    if q.shape != p.shape:
        raise ValueError(f"q and p must have the same shape, got {q.shape} and {p.shape}")
    dH_dq, dH_dp = jax.grad(H, argnums=(0, 1))(q, p)
    return dH_dp, -dH_dq


def leapfrog(grad_V, q0, p0, dt, n_steps, mass=1.0):
    """Integrate H = |p|^2 / (2 mass) + V(q) with the kick-drift-kick leapfrog.

    One step of length dt is

        p <- p - (dt/2) grad_V(q)      half kick
        q <- q + dt p / mass           drift with the new momentum
        p <- p - (dt/2) grad_V(q)      half kick at the new position

    It is second order (the energy error scales as dt^2), time reversible (flip p, step,
    flip p: you are back where you started) and symplectic (it preserves phase-space
    area).  Do not reorder it: drift-kick-drift is also a leapfrog, but a different one.

    Args:
        grad_V: function (d,) -> (d,), the gradient of the potential (jax.numpy).
        q0: initial coordinates, shape (d,).
        p0: initial momenta, shape (d,).
        dt: time step, > 0.
        n_steps: number of steps, an integer >= 0.
        mass: the particle mass, a scalar > 0 (the same for all coordinates).

    Returns:
        A tuple (q_traj, p_traj), each of shape (n_steps + 1, d): row k is the state after
        k steps, so row 0 is (q0, p0) and n_steps = 0 gives that single row.

    Raises:
        ValueError: if dt <= 0, n_steps < 0, mass <= 0, q0 is not 1-D, or p0 does not have
            the shape of q0.
    """
    q = jnp.asarray(q0, dtype=float)
    p = jnp.asarray(p0, dtype=float)
    if q.ndim != 1 or p.shape != q.shape:
        raise ValueError(f"q0 and p0 must both have shape (d,), got {q.shape} and {p.shape}")
    if not dt > 0:
        raise ValueError(f"the time step dt must be positive, got {dt}")
    if n_steps < 0:
        raise ValueError(f"n_steps must be >= 0, got {n_steps}")
    if not mass > 0:
        raise ValueError(f"the mass must be positive, got {mass}")

    qs, ps = [q], [p]
    for _ in range(n_steps):
        p = p - 0.5 * dt * grad_V(q)
        q = q + dt * p / mass
        p = p - 0.5 * dt * grad_V(q)
        qs.append(q)
        ps.append(p)
    return jnp.stack(qs), jnp.stack(ps)


def hnn_loss(H_fn, params, q, p, dq_dt, dp_dt):
    """Loss of a Hamiltonian neural network: how far its vector field is from the data.

    The network is a scalar H_fn(params, q_b, p_b); its prediction for sample b is the
    Hamiltonian vector field (dH/dp, -dH/dq) at (q_b, p_b) (use
    `hamiltonian_vector_field`, and `jax.vmap` over the batch).  The loss is

        L = (1/B) sum_b [ |dH/dp(q_b, p_b) - dq_dt_b|^2 + |-dH/dq(q_b, p_b) - dp_dt_b|^2 ],

    the squared error summed over the 2d components of each sample and averaged over the
    batch.  It must stay differentiable in `params` (no float() or numpy inside), since
    training takes `jax.grad` of it.

    Args:
        H_fn: function (params, q, p) -> scalar for one state q, p of shape (d,).
        params: the network's parameters, any pytree that H_fn accepts (passed through).
        q: coordinates of the batch, shape (B, d).
        p: momenta of the batch, shape (B, d).
        dq_dt: the observed time derivatives of q, shape (B, d).
        dp_dt: the observed time derivatives of p, shape (B, d).

    Returns:
        The loss, a scalar.

    Raises:
        ValueError: if q is not 2-D or p, dq_dt, dp_dt do not all have the shape of q.
    """
    q, p, dq_dt, dp_dt = (jnp.asarray(a, dtype=float) for a in (q, p, dq_dt, dp_dt))
    if q.ndim != 2 or not p.shape == dq_dt.shape == dp_dt.shape == q.shape:
        raise ValueError("q, p, dq_dt and dp_dt must all have the same shape (B, d), got "
                         f"{q.shape}, {p.shape}, {dq_dt.shape} and {dp_dt.shape}")

    def field(q_b, p_b):
        return hamiltonian_vector_field(lambda q_, p_: H_fn(params, q_, p_), q_b, p_b)

    dq_pred, dp_pred = jax.vmap(field)(q, p)
    squared_error = jnp.sum((dq_pred - dq_dt) ** 2, axis=1) + jnp.sum((dp_pred - dp_dt) ** 2, axis=1)
    return jnp.mean(squared_error)
