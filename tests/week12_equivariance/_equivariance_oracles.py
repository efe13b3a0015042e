"""Oracles of the week 12 equivariance.py tests, written independently of the student's module.

- The test's own orthogonal matrices (never the student's `random_rotation`): Haar
  rotations from numpy's QR with the sign fix, optionally times a mirror, and a few
  hand-picked ones (a quarter turn, a mirror, the inversion).
- Atomic clusters: a perturbed octahedron of N = 6 atoms (all distances between about 0.8
  and 2), moved to a random place and orientation; the Lennard-Jones energy as a loop over
  pairs and its forces derived by hand; the LJ13 icosahedron.
- Energies written with jax.numpy for the forces tests (springs, a trap, gravity, an
  embedded-atom many-body term), so that the student's `forces` can differentiate them.
- A zoo of functions of positions with known symmetries, and the equivariance error by its
  definition, for the tests of `equivariance_error`.
- The EGNN layer as explicit loops over the ordered pairs.
"""

import itertools

import jax
import jax.numpy as jnp
import numpy as np
from hypothesis import settings
from hypothesis import strategies as st

N_ATOMS = 6  # every random cluster has 6 atoms: one shape, so JAX compiles few times
seeds = st.integers(0, 2**32 - 1)
# For the tests whose every example differentiates or compiles through the student's code.
FEW_EXAMPLES = settings(max_examples=10)


# ---------------------------------------------------------------------------- the group E(3)


def haar_rotation(rng):
    """A uniform rotation from the QR decomposition of a Gaussian matrix, with the sign fix."""
    q, r = np.linalg.qr(rng.normal(size=(3, 3)))
    q = q * np.sign(np.diag(r))
    return q if np.linalg.det(q) > 0 else -q


MIRROR_Z = np.diag([1.0, 1.0, -1.0])
QUARTER_TURN_Z = np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])  # e_x -> e_y


def _axis_angle(axis, angle):
    """Rodrigues' formula: the rotation by angle about the unit vector axis."""
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    return np.eye(3) + np.sin(angle) * k + (1 - np.cos(angle)) * k @ k


GENERIC_ROTATION = _axis_angle(np.array([1.0, 2.0, 2.0]) / 3, 1.0)  # 1 rad about (1, 2, 2)/3


def orthogonal_matrix(seed, reflect):
    """A Haar rotation (seeded), times the mirror z -> -z if reflect: an element of O(3)."""
    rotation = haar_rotation(np.random.default_rng(seed))
    return rotation @ MIRROR_Z if reflect else rotation


orthogonal_matrices = st.builds(orthogonal_matrix, seeds, st.booleans())
translations = st.lists(st.floats(-3.0, 3.0), min_size=3, max_size=3).map(np.array)


def describe(R):
    """A rotation or a reflection, for the failure messages."""
    kind = "rotation" if np.linalg.det(R) > 0 else "reflection (det R = -1)"
    return f"the {kind} R = {np.array2string(np.asarray(R), precision=3, separator=', ')}"


# ------------------------------------------------------------------------------ clusters


OCTAHEDRON = 0.8 * np.array([[1.0, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]])


def cluster(seed, n=N_ATOMS):
    """n atoms near an octahedron of edge 1.13 (each moved by at most 0.15 per coordinate),
    randomly oriented and shifted: all pair distances lie between about 0.8 and 2."""
    rng = np.random.default_rng(seed)
    base = np.concatenate([OCTAHEDRON, rng.uniform(-2, 2, size=(max(n - 6, 0), 3))])[:n]
    x = base + rng.uniform(-0.15, 0.15, size=(n, 3))
    return x @ haar_rotation(rng).T + rng.uniform(-2, 2, size=3)


clusters = st.builds(cluster, seeds)


def lj_energy_oracle(x, epsilon=1.0, sigma=1.0):
    """sum over i < j of 4 eps ((s/r)^12 - (s/r)^6), a loop over pairs in numpy."""
    total = 0.0
    for i, j in itertools.combinations(range(len(x)), 2):
        s6 = (sigma / np.linalg.norm(x[i] - x[j])) ** 6
        total += 4 * epsilon * (s6 * s6 - s6)
    return total


def lj_forces_oracle(x, epsilon=1.0, sigma=1.0):
    """F_i = sum_j 24 eps (2 (s/r)^12 - (s/r)^6) (x_i - x_j) / r^2, derived by hand."""
    diff = x[:, None, :] - x[None, :, :]
    r2 = np.sum(diff**2, axis=-1) + np.eye(len(x))  # the diagonal is masked below
    s6 = (sigma**2 / r2) ** 3
    magnitude = 24 * epsilon * (2 * s6 * s6 - s6) / r2 * (1 - np.eye(len(x)))
    return np.sum(magnitude[:, :, None] * diff, axis=1)


@jax.jit
def lj_energy_jax(x):
    """The Lennard-Jones energy (eps = sigma = 1) in jax.numpy, over the pairs i < j."""
    i, j = np.triu_indices(x.shape[0], 1)
    s6 = 1.0 / jnp.sum((x[i] - x[j]) ** 2, axis=-1) ** 3
    return jnp.sum(4.0 * (s6 * s6 - s6))


def icosahedron(radius):
    """The 13-atom Mackay icosahedron: one atom at the centre and 12 at the vertices
    (0, +-1, +-phi) and their cyclic permutations, scaled to the given distance from the centre."""
    phi = (1 + np.sqrt(5)) / 2
    vertices = []
    for a, b in itertools.product((-1.0, 1.0), repeat=2):
        v = np.array([0.0, a, b * phi])
        vertices += [v, np.roll(v, 1), np.roll(v, 2)]
    vertices = np.array(vertices) * radius / np.sqrt(1 + phi**2)
    return np.concatenate([np.zeros((1, 3)), vertices])


LJ13_MINIMUM = -44.326801  # Wales & Doye, J. Phys. Chem. A 101, 5111 (1997), eps = sigma = 1


def lj13_optimal_radius():
    """E(r) = 4 (A r^-12 - B r^-6) over the icosahedron's fixed shape is smallest at r^6 = 2A/B."""
    unit = icosahedron(1.0)
    d2 = np.array([np.sum((unit[i] - unit[j]) ** 2) for i, j in itertools.combinations(range(13), 2)])
    return (2 * np.sum(d2**-6) / np.sum(d2**-3)) ** (1 / 6)


# ------------------------------------------------------------- energies for the forces tests
# Compiled once (jax.jit), so that the student's jax.grad through them stays fast.


@jax.jit
def spring_energy(x):
    """Springs of stiffness 1 + (i + j)/5 and rest length 1 + (i - j)^2/10 between every pair."""
    i, j = np.triu_indices(x.shape[0], 1)
    k, rest = 1 + (i + j) / 5, 1 + (i - j) ** 2 / 10
    r = jnp.sqrt(jnp.sum((x[i] - x[j]) ** 2, axis=-1))
    return jnp.sum(0.5 * k * (r - rest) ** 2)


@jax.jit
def embedded_atom_energy(x):
    """A Finnis-Sinclair-like many-body energy: pair repulsion minus the square root of the density
    rho_i = sum_j exp(-2 (r_ij - 1)) at each atom; not a sum over pairs, invariant under E(3) and
    relabelling."""
    n = x.shape[0]
    others = 1.0 - jnp.eye(n)
    r = jnp.sqrt(jnp.sum((x[:, None, :] - x[None, :, :]) ** 2, axis=-1) + jnp.eye(n))  # 1 on the diagonal
    density = jnp.sum(others * jnp.exp(-2.0 * (r - 1.0)), axis=1)
    return 0.5 * jnp.sum(others * jnp.exp(-4.0 * (r - 1.0))) - jnp.sum(jnp.sqrt(density))


INVARIANT_ENERGIES = {"Lennard-Jones": lj_energy_jax, "springs": spring_energy, "embedded-atom": embedded_atom_energy}


# ------------------------------------------------------------------- the zoo of functions
# In numpy (no compilation): equivariance_error is called eagerly and may pass numpy or JAX arrays.


def _centred(x):
    return x - np.mean(x, axis=0)


def _pair_distances(x):
    return np.sqrt(np.sum((x[:, None, :] - x[None, :, :]) ** 2, axis=-1))


def _chiral_volume(x):
    """(x1 - x0) . ((x2 - x0) x (x3 - x0)): a pseudoscalar, it changes sign under a reflection."""
    return np.dot(x[1] - x[0], np.cross(x[2] - x[0], x[3] - x[0]))


def _pair_pull(x):
    """sum_j (x_i - x_j) exp(-|x_i - x_j|^2 / 2): a force built from relative vectors."""
    diff = x[:, None, :] - x[None, :, :]
    return np.sum(diff * np.exp(-0.5 * np.sum(diff**2, axis=-1, keepdims=True)), axis=1)


E_Z = np.array([0.0, 0.0, 1.0])

# name -> (f, the kinds of symmetry it has); f maps (N, 3) -> an array.  "vector" and
# "position" functions return (M, 3).
_ZOO = {
    # E(3)-symmetric functions
    "pair distances": (_pair_distances, {"invariant"}),
    "Lennard-Jones energy": (lj_energy_oracle, {"invariant"}),
    "radius of gyration": (lambda x: np.sqrt(np.mean(np.sum(_centred(x) ** 2, axis=1))), {"invariant"}),
    "positions relative to the centroid": (_centred, {"vector"}),
    "pair pull": (_pair_pull, {"vector"}),
    "identity": (lambda x: x, {"position"}),
    "step towards the centroid": (lambda x: x - 0.3 * _centred(x), {"position"}),
    "the centroid": (lambda x: np.mean(x, axis=0, keepdims=True), {"position"}),
    # functions that break part of the symmetry
    "sum of absolute coordinates": (lambda x: np.sum(x, axis=0, keepdims=True), set()),
    "distances from the origin": (lambda x: np.sqrt(np.sum(x**2, axis=1)), set()),  # rotations only
    "force along the fixed z axis": (lambda x: _centred(x)[:, 2:] * E_Z, set()),
    "mirror-symmetric height": (lambda x: np.sum(_centred(x)[:, 2] ** 2), set()),  # z -> -z only
    "chiral volume": (_chiral_volume, set()),  # rotations and translations only
    "cross product (pseudovector)": (lambda x: np.cross(x[1] - x[0], x[2] - x[0])[None], set()),
    "scaling about the origin": (lambda x: 0.5 * x, set()),  # rotations only
}
# Each function takes numpy or JAX arrays and returns a numpy array.
ZOO = {name: ((lambda f: lambda x: np.asarray(f(np.asarray(x, dtype=float))))(f), kinds)
       for name, (f, kinds) in _ZOO.items()}
VECTOR_VALUED = {"positions relative to the centroid", "pair pull", "identity", "step towards the centroid",
                 "the centroid", "force along the fixed z axis", "cross product (pseudovector)",
                 "scaling about the origin", "sum of absolute coordinates"}


def zoo_cases():
    """Every (name, kind) pair that makes sense: vector-valued functions with all three kinds."""
    return [(name, kind) for name in ZOO for kind in (("invariant", "vector", "position")
                                                      if name in VECTOR_VALUED else ("invariant",))]


def equivariance_error_oracle(f, x, R, t, kind):
    """max |f(x R^T + t) - g f(x)| with g f = f, f R^T or f R^T + t, in numpy."""
    x = np.asarray(x)
    moved = np.asarray(f(x @ R.T + t), dtype=float)
    original = np.asarray(f(x), dtype=float)
    predicted = (original if kind == "invariant" else original @ R.T) + (t if kind == "position" else 0.0)
    return float(np.abs(moved - predicted).max())


# ------------------------------------------------------------------------------------ EGNN

F_FEATURES, M_MESSAGE = 4, 6  # feature and message sizes of the random EGNN tests


def silu(z):
    return z / (1 + np.exp(-z))


def egnn_oracle(params, h, x):
    """The EGNN layer as loops over the ordered pairs (i, j), i != j, in numpy."""
    p = {k: np.asarray(v, dtype=float) for k, v in params.items()}
    n = len(x)
    h_new, x_new = np.array(h, dtype=float), np.array(x, dtype=float)
    for i in range(n):
        message_sum = np.zeros(p["b_e"].shape)
        for j in range(n):
            if j == i:
                continue
            edge = np.concatenate([h[i], h[j], [np.sum((x[i] - x[j]) ** 2)]])
            m_ij = silu(edge @ p["w_e"] + p["b_e"])
            message_sum += m_ij
            x_new[i] += (x[i] - x[j]) * (m_ij @ p["w_x"])[0] / (n - 1)
        h_new[i] += silu(np.concatenate([h[i], message_sum]) @ p["w_h"] + p["b_h"])
    return h_new, x_new


def egnn_params(seed, f=F_FEATURES, m=M_MESSAGE):
    """Random EGNN weights of order one (scaled by 1/sqrt(fan-in)), as numpy arrays."""
    rng = np.random.default_rng(seed)
    return {"w_e": rng.normal(size=(2 * f + 1, m)) / np.sqrt(2 * f + 1), "b_e": rng.normal(size=m) * 0.5,
            "w_x": rng.normal(size=(m, 1)) / np.sqrt(m), "w_h": rng.normal(size=(f + m, f)) / np.sqrt(f + m),
            "b_h": rng.normal(size=f) * 0.5}


def egnn_inputs(seed, n=5, f=F_FEATURES):
    """Random features h (n, f) and positions x (n, 3) (normal, spread 1)."""
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, f)), rng.normal(size=(n, 3))
