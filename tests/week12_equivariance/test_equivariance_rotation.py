"""Week 12, task random_rotation: uniform (Haar) random rotations.

No test compares a matrix with a particular value: any sampling algorithm is fine (QR with
the sign fix, unit quaternions, Euler angles with a uniform cos(beta), ...).  The tests
check the group (orthogonal, det +1), the use of the key, and two consequences of the Haar
measure on 1000 rotations drawn with the fixed keys 0 ... 999: the rotation angle has the
density (1 - cos w)/pi (Dvoretzky-Kiefer-Wolfowitz bound on the largest distance between
the empirical and the exact distribution function, at the 5 sigma level), and fixed vectors
are sent uniformly over the sphere (mean 0 and second moments I/3, 5 standard errors).
random_rotation is called one key at a time, compiled by jax.jit once for all tests if jax
can trace it, and eagerly as written if not (a Python branch on a value is allowed).
"""

import functools

import jax
import numpy as np
import pytest

from autograder.checks import assert_close, assert_shape
from autograder.submission import submission_module
from autograder.tracing import traced_or_eager_once

equivariance = submission_module("week12_equivariance", "equivariance.py")

N_SAMPLES = 1000
FIVE_SIGMA_P_VALUE = 5.7e-7  # two-sided tail probability of a 5 sigma deviation


def rotation(seed, random_rotation=None):
    """The rotation of jax.random.key(seed), as a (3, 3) numpy array (the student's function by default)."""
    random_rotation = traced_or_eager_once(random_rotation or equivariance.random_rotation)
    return assert_shape(random_rotation(jax.random.key(seed)), (3, 3), f"random_rotation(key({seed}))")


@functools.cache
def haar_sample(random_rotation):
    """The rotations of the keys 0 ... 999, (1000, 3, 3), drawn once per function for the statistical
    tests (a process that grades several submissions draws a sample of each)."""
    return np.array([rotation(seed, random_rotation) for seed in range(N_SAMPLES)])


@pytest.mark.task("random_rotation")
def test_random_rotation_is_a_proper_rotation():
    """A rotation matrix is orthogonal, R^T R = I, with determinant +1 (no reflection), for every key.

    Checked for the keys 0 ... 49.

    Hint: an orthogonal matrix from QR or from Gram-Schmidt has det -1 half of the time (it
    then contains a reflection): flip the sign of one column when det < 0.
    """
    for seed in range(50):
        R = rotation(seed)
        assert_close(R.T @ R, np.eye(3), f"R^T R for the rotation of key {seed}", rtol=0, atol=1e-10)
        assert_close(np.linalg.det(R), 1.0, f"det R for the rotation of key {seed} (-1 is a reflection)",
                     rtol=0, atol=1e-10)


@pytest.mark.task("random_rotation")
def test_random_rotation_is_a_function_of_the_key():
    """The key is the only source of randomness: the same key gives the same rotation, different keys different ones.

    Keys 0 ... 19, each drawn twice.

    Hint: draw every random number from the key that is passed in (jax.random.normal(key, ...)),
    never from a fixed key of your own or from numpy's global generator.
    """
    first = [rotation(seed) for seed in range(20)]
    for seed, R in enumerate(first):
        assert_close(rotation(seed), R, f"random_rotation called twice with key {seed}", rtol=0, atol=1e-14)
    for a in range(20):
        for b in range(a + 1, 20):
            assert np.max(np.abs(first[a] - first[b])) > 1e-6, (
                f"keys {a} and {b} give the same rotation {first[a].tolist()}: the rotation must depend on the key")


@pytest.mark.task("random_rotation")
def test_random_rotation_angle_has_the_haar_distribution():
    """Uniform rotations are rarely small: the rotation angle w has the density (1 - cos w)/pi on [0, pi].

    The angle of each of the 1000 rotations follows from trace R = 1 + 2 cos w.  Its empirical
    distribution function must stay within eps = sqrt(ln(2/p) / (2 n)) = 0.087 of the exact one,
    (w - sin w)/pi, everywhere (n = 1000, p = 5.7e-7: the Dvoretzky-Kiefer-Wolfowitz bound at
    5 sigma).  A uniform angle, or QR without the sign fix, gives too many small rotations.

    Hint: uniform over the group is not uniform in the angle.  With QR, multiply each column of
    Q by the sign of the matching diagonal entry of R (the QR routine fixes those signs in its
    own way); a normalised Gaussian 4-vector as a unit quaternion is uniform too.
    """
    R = haar_sample(equivariance.random_rotation)
    cosine = np.clip((np.trace(R, axis1=1, axis2=2) - 1) / 2, -1, 1)
    angles = np.sort(np.arccos(cosine))
    exact = (angles - np.sin(angles)) / np.pi
    n = len(angles)
    distance = max(np.max(np.arange(1, n + 1) / n - exact), np.max(exact - np.arange(n) / n))
    bound = np.sqrt(np.log(2 / FIVE_SIGMA_P_VALUE) / (2 * n))
    quartiles = np.quantile(angles, [0.25, 0.5, 0.75])
    assert distance <= bound, (
        f"the rotation angles of 1000 keys are not distributed as (1 - cos w)/pi: the largest distance "
        f"between their distribution function and (w - sin w)/pi is {distance:.3f} > {bound:.3f} (5 sigma); "
        f"their quartiles are {np.round(quartiles, 3).tolist()} rad, expected about [1.766, 2.310, 2.744]")


@pytest.mark.task("random_rotation")
@pytest.mark.parametrize("vector", [(1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0), (1 / 3, 2 / 3, 2 / 3)],
                         ids=["e_x", "e_y", "e_z", "(1,2,2)/3"])
def test_random_rotation_sends_a_fixed_vector_uniformly_over_the_sphere(vector):
    """A uniform rotation sends any fixed unit vector v to a point R v uniform on the unit sphere.

    Over the 1000 rotations, R v must have mean 0 (standard error sqrt(1/(3 n)) per component)
    and second moments <(R v)(R v)^T> = I/3 (standard errors sqrt(4/(45 n)) on the diagonal,
    sqrt(1/(15 n)) off it), each within 5 standard errors.  Uniform Euler angles crowd the
    images near the poles; QR without the sign fix favours some directions.

    Hint: do not draw Euler angles uniformly (the Haar measure has a factor sin(beta)); with
    QR, fix the signs of the columns of Q with the diagonal of R before fixing the determinant.
    """
    images = haar_sample(equivariance.random_rotation) @ np.array(vector)  # (n, 3): R v for every rotation
    n = len(images)
    mean, second = images.mean(axis=0), images.T @ images / n
    mean_error, diagonal_error, off_error = np.sqrt(1 / (3 * n)), np.sqrt(4 / (45 * n)), np.sqrt(1 / (15 * n))
    assert np.all(np.abs(mean) <= 5 * mean_error), (
        f"the mean of R v over 1000 rotations is {np.round(mean, 4).tolist()} for v = {vector}, expected 0 "
        f"within 5 standard errors ({5 * mean_error:.3f}): some directions are preferred")
    diagonal = np.diag(second)
    assert np.all(np.abs(diagonal - 1 / 3) <= 5 * diagonal_error), (
        f"<(R v)_a^2> over 1000 rotations is {np.round(diagonal, 4).tolist()} for v = {vector}, expected 1/3 "
        f"within 5 standard errors ({5 * diagonal_error:.3f}): the images are not uniform on the sphere")
    off_diagonal = second[np.triu_indices(3, 1)]
    assert np.all(np.abs(off_diagonal) <= 5 * off_error), (
        f"<(R v)_a (R v)_b> (a != b) over 1000 rotations is {np.round(off_diagonal, 4).tolist()} for v = {vector}, "
        f"expected 0 within 5 standard errors ({5 * off_error:.3f}): the images are not uniform on the sphere")
