"""Variants as patches: the format parses, applies where it says, and fails loudly when stale."""

import textwrap

import pytest

from autograder.instructor.patches import VariantError, apply_variant, parse_variants

REFERENCE = '''import numpy as np


def descend(grad_fn, x0, lr, n_steps):
    """Plain gradient descent."""
    if lr <= 0:
        raise ValueError("lr must be positive")
    x = np.asarray(x0, dtype=float)
    path = [x]
    for _ in range(n_steps):
        x = x - lr * grad_fn(x)
        path.append(x)
    return np.stack(path)


class Dual:
    def __mul__(self, other):
        return Dual()
'''


def variants(text, tmp_path):
    path = tmp_path / "mod.diff"
    path.write_text(textwrap.dedent(text))
    return parse_variants(path, "mod.py")


def patched(text, tmp_path):
    [variant] = variants(text, tmp_path)
    return apply_variant(REFERENCE, variant)


def test_a_line_edit_changes_that_line_only(tmp_path):
    text = patched("""\
        # a comment
        === buggy ascent: descend
        Gradient ascent:
        climbs.
        @@ descend
        -        x = x - lr * grad_fn(x)
        +        x = x + lr * grad_fn(x)
        """, tmp_path)
    assert text == REFERENCE.replace("x = x - lr", "x = x + lr")
    [variant] = variants("=== buggy ascent: descend, other\nGradient ascent:\nclimbs.\n@@ descend\n-a\n+b\n", tmp_path)
    assert (variant.kind, variant.name, variant.tasks, variant.description) == (
        "buggy", "ascent", {"descend", "other"}, "Gradient ascent: climbs.")


def test_wildcards_context_body_replacement_module_lines_and_methods(tmp_path):
    text = patched("""\
        === correct loop_free: descend
        Without the list.
        @@ <module>
        +import math
        @@ descend
             if lr <= 0:
        -        raise ValueError("lr must be positive")
        +        pass
        @@ descend
        -    x = np.asarray(x0, dtype=float)
        -...
        -    return np.stack(path)
        +    return x0
        @@ Dual.__mul__
        -...
        +        return 2
        """, tmp_path)
    assert "import numpy as np\n\nimport math\n" in text
    assert "    if lr <= 0:\n        pass\n    return x0\n" in text
    assert "    def __mul__(self, other):\n        return 2\n" in text
    assert '"""Plain gradient descent."""' in text  # a body replacement keeps the docstring


@pytest.mark.parametrize("hunk, message", [
    ("@@ descend\n-        x = x * 2\n+        x = 0\n", "does not match descend"),
    ("@@ descend\n-        path.append(x)\n-        x = 1\n+y\n", "does not match"),
    ("@@ descend\n-    return np.stack(path)\n+    return\n@@ Dual.__mul__\n-        return Dual\n+x\n", "does not match"),
    ("@@ descend\n-...\n-    return np.stack(path)\n+x\n", "must start and end with a real line"),
    ("@@ descent\n-    pass\n+x\n", "has no function or class descent"),
    ("@@ <module>\n-import numpy as np\n", "only adds lines"),
    ("@@ descend\n-        x = x - lr * grad_fn(x)\n+        x = (x\n", "does not parse"),
])
def test_a_patch_that_does_not_apply_is_an_error_naming_the_place(tmp_path, hunk, message):
    with pytest.raises(VariantError, match=message):
        patched("=== buggy b: descend\nA bug.\n" + hunk, tmp_path)


def test_an_ambiguous_old_side_is_an_error(tmp_path):
    [variant] = variants("=== buggy b: descend\nA bug.\n@@ descend\n-        x = x - lr * grad_fn(x)\n"
                         "+        x = x + lr * grad_fn(x)\n", tmp_path)
    twice = REFERENCE.replace("        path.append(x)\n", "        path.append(x)\n        x = x - lr * grad_fn(x)\n")
    with pytest.raises(VariantError, match="matches 2 places"):
        apply_variant(twice, variant)


@pytest.mark.parametrize("text, message", [
    ("=== wrong b: descend\n@@ descend\n-a\n+b\n", "expected '=== buggy|correct NAME"),
    ("=== buggy b: descend\nNo hunk.\n", "has no @@ hunk"),
    ("@@ descend\n-a\n", "a hunk before the first"),
    ("=== buggy b: descend\n@@ descend\n-a\n*b\n", "a hunk line starts with"),
])
def test_a_malformed_file_is_an_error_naming_the_line(tmp_path, text, message):
    with pytest.raises(VariantError, match=message):
        variants(text, tmp_path)
