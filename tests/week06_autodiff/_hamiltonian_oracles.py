"""Oracles of the week 6 hamiltonian.py tests, written independently of the student's module.

- Test systems: the harmonic oscillator, the pendulum and two coupled nonlinear
  oscillators in d = 2 (with hand-derived gradients, compiled once), and Hamiltonians that
  are not separable (a charged particle in a magnetic field, a position-dependent mass).
- A reference integrator in the velocity-Verlet form (positions, velocities and
  accelerations), which is algebraically the kick-drift-kick leapfrog.
- The Hamiltonian vector field from the gradient of H with respect to the whole phase-space
  point z = (q, p), rotated by the symplectic matrix, and an HNN loss built on it.
"""

import functools

import jax
import jax.numpy as jnp
import numpy as np
from hypothesis import settings
from hypothesis import strategies as st

D = 2  # phase-space dimension of the random tests: one shape, so JAX compiles once
BATCH = 6  # batch size of the HNN tests

coordinates = st.floats(-1.5, 1.5)
states = st.tuples(*[coordinates] * (2 * D)).map(lambda z: (np.array(z[:D]), np.array(z[D:])))
seeds = st.integers(0, 2**32 - 1)
# For the tests whose every example runs an eager jax.grad/vmap trace or hundreds of steps.
FEW_EXAMPLES = settings(max_examples=10)


# ----------------------------------------------------------------------------- potentials


@jax.jit
def oscillator_grad(q):
    """grad of V = |q|^2 / 2."""
    return q


@jax.jit
def pendulum_grad(q):
    """grad of V = sum(1 - cos q): independent pendula (g / l = 1)."""
    return jnp.sin(q)


def pendulum_energy(q, p, mass=1.0):
    """H = |p|^2 / (2 m) + sum(1 - cos q) along a trajectory (n, d) -> (n,)."""
    return np.sum(p**2, axis=-1) / (2 * mass) + np.sum(1.0 - np.cos(q), axis=-1)


COUPLING = 0.7


def coupled_potential(q):
    """V = (q1^4 + q2^4) / 4 + (q1^2 + q2^2) / 2 + c q1^2 q2^2 / 2: coupled anharmonic oscillators (d = 2)."""
    return 0.25 * jnp.sum(q**4) + 0.5 * jnp.sum(q**2) + 0.5 * COUPLING * q[0] ** 2 * q[1] ** 2


@jax.jit
def coupled_grad(q):
    """Hand-derived gradient of `coupled_potential`: q^3 + q + c q (q_other)^2."""
    return q**3 + q + COUPLING * q * q[::-1] ** 2


# ------------------------------------------------------------------- reference integrator


def velocity_verlet(grad_V, q0, p0, dt, n_steps, mass=1.0):
    """Velocity Verlet: x += dt v + dt^2 a / 2, v += dt (a + a_new) / 2, a = -grad_V / m.

    The same map as kick-drift-kick with p = m v; returns (q, p) trajectories (n + 1, d).
    """
    x, v = np.array(q0, float), np.array(p0, float) / mass
    a = -np.asarray(grad_V(x)) / mass
    xs, vs = [x], [v]
    for _ in range(n_steps):
        x = x + dt * v + 0.5 * dt**2 * a
        a_new = -np.asarray(grad_V(x)) / mass
        v = v + 0.5 * dt * (a + a_new)
        a = a_new
        xs.append(x)
        vs.append(v)
    return np.array(xs), mass * np.array(vs)


def symplectic_form(d):
    """J = [[0, I], [-I, 0]] of size 2d: z' = J grad H(z) are Hamilton's equations."""
    eye, zero = np.eye(d), np.zeros((d, d))
    return np.block([[zero, eye], [-eye, zero]])


# ------------------------------------------------------------------------- Hamiltonians


def h_oscillator(q, p):
    return 0.5 * jnp.sum(p**2) + 0.5 * jnp.sum(q**2)


def h_magnetic(q, p):
    """|p - A(q)|^2 / 2 + |q|^2 / 2 with vector potential A = (B / 2)(-q2, q1), B = 1.3: not separable."""
    vector_potential = 0.65 * jnp.array([-q[1], q[0]])
    return 0.5 * jnp.sum((p - vector_potential) ** 2) + 0.5 * jnp.sum(q**2)


def h_variable_mass(q, p):
    """|p|^2 / (2 m(q)) + V(q) + sin(q2) p1, m(q) = 1 + q1^2 / 2, V coupled anharmonic: not separable."""
    return jnp.sum(p**2) / (2.0 + q[0] ** 2) + coupled_potential(q) + jnp.sin(q[1]) * p[0]


HAMILTONIANS = {"oscillator": h_oscillator, "magnetic": h_magnetic, "variable_mass": h_variable_mass}


@functools.partial(jax.jit, static_argnums=0)
def _phase_space_gradient(H, z):
    d = z.shape[0] // 2
    return jax.grad(lambda x: H(x[:d], x[d:]))(z)


def vector_field_oracle(H, q, p):
    """J grad_z H(z) with z = (q, p): returns (dq/dt, dp/dt) as numpy arrays."""
    flow = symplectic_form(len(q)) @ np.asarray(_phase_space_gradient(H, jnp.concatenate([q, p])))
    return flow[:len(q)], flow[len(q):]


# ------------------------------------------------------------------------------ HNN loss


def traceable_vector_field(H, q, p):
    """(dH/dp, -dH/dq) by jax.grad, traceable under vmap and grad: inside the hnn_loss tests it
    stands in for the student's hamiltonian_vector_field (a bug there costs only that task)."""
    gradient_q, gradient_p = jax.grad(H, argnums=(0, 1))(q, p)
    return gradient_p, -gradient_q


def quadratic_H(params, q, p):
    """H = z^T A z / 2 with z = (q, p) and params {"A": symmetric (2d, 2d)}: a linear flow z' = J A z."""
    z = jnp.concatenate([q, p])
    return 0.5 * z @ params["A"] @ z


@jax.jit
def quadratic_loss_oracle(params, q, p, dq_dt, dp_dt):
    """The HNN loss of `quadratic_H` in closed form: residuals J A z_b - (dq_dt_b, dp_dt_b)."""
    z = jnp.concatenate([q, p], axis=1)  # (B, 2d)
    predicted = z @ (jnp.asarray(symplectic_form(q.shape[1])) @ params["A"]).T
    residual = predicted - jnp.concatenate([dq_dt, dp_dt], axis=1)
    return jnp.sum(residual**2) / q.shape[0]


def random_quadratic_problem(seed):
    """params {"A": symmetric 2D x 2D} and a batch q, p, dq_dt, dp_dt (BATCH, D), all normal."""
    rng = np.random.default_rng(seed)
    a = rng.normal(size=(2 * D, 2 * D))
    batch = [rng.normal(size=(BATCH, D)) for _ in range(4)]
    return {"A": jnp.asarray(a + a.T)}, batch


def mlp_H(params, q, p):
    """A small tanh network H_theta(q, p) = w2 . tanh(W1 z + b1) + b2, params a list of arrays."""
    w1, b1, w2, b2 = params
    return jnp.tanh(jnp.concatenate([q, p]) @ w1 + b1) @ w2 + b2


def random_mlp_params(seed, hidden=8):
    rng = np.random.default_rng(seed)
    return [jnp.asarray(rng.normal(size=(2 * D, hidden))), jnp.asarray(rng.normal(size=hidden)),
            jnp.asarray(rng.normal(size=hidden) / np.sqrt(hidden)), jnp.asarray(rng.normal())]
