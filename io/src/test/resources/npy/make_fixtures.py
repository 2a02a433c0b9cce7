#!/usr/bin/python3
"""Regenerates the .npy fixtures of NpyFixturesTest with NumPy (run: /usr/bin/python3 make_fixtures.py, here)."""
import numpy as np
from numpy.lib import format as fmt


def save(name, array, version=None):
    with open(name, "wb") as f:
        fmt.write_array(f, array, version=version)


save("f4_2x3.npy", (np.arange(6, dtype="<f4").reshape(2, 3) * 0.5 - 1))
save("f8_scalar.npy", np.array(3.25, dtype="<f8"))
save("i8_3.npy", np.array([-3, 0, 2**40], dtype="<i8"))
save("u1_4.npy", np.array([0, 1, 255, 7], dtype="u1"))
save("u1_2x0x3.npy", np.zeros((2, 0, 3), dtype="u1"))
save("i4_2x2.npy", np.array([[-1, 2], [3, -2147483648]], dtype="<i4"))
save("i1_2.npy", np.array([-128, 127], dtype="i1"))
save("b1_3.npy", np.array([True, False, True]))
save("f8_v2_2x2.npy", np.array([[1.5, -2.0], [0.0, 1e300]], dtype="<f8"), version=(2, 0))
save("f4_v3_3.npy", np.array([1, 2, 3], dtype="<f4"), version=(3, 0))
save("fortran_2x3.npy", np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3)))
save("bigendian_f4_2.npy", np.array([1, 2], dtype=">f4"))
