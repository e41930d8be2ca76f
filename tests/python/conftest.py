import os
import subprocess

import pytest

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


@pytest.fixture(scope="session")
def cli():
    """Runs the irisac CLI of this build ($IRISAC_CLI, set by ctest): returns (rc, stdout, stderr)."""
    exe = os.environ.get("IRISAC_CLI")
    if not exe or not os.path.exists(exe):
        pytest.skip("IRISAC_CLI not set (run through ctest)")

    def run(*args, cwd=None):
        r = subprocess.run([exe, *args], capture_output=True, text=True, cwd=cwd)
        return r.returncode, r.stdout, r.stderr
    return run


def scenario(name):
    return os.path.join(SRC, "scenarios", name)
