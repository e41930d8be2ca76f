"""irisac: intelligent surfaces for integrated sensing and communication, from Python.

The compiled core (``irisac._irisac``) wraps the C++ library: scenarios and channel draws,
communication / sensing problems from your own arrays, every registered optimiser, estimator
and design by name, CRBs, detection, the article's case study, experiments and the reference
checks of ``irisac validate``. Names come from the registry (``irisac.names(kind)``); errors
raise ``InputError`` / ``InvalidArgument`` (both ``ValueError``), ``Infeasible`` or
``NumericalError`` with the same message the command line prints. See docs/python.md.

Set-up: ``PYTHONPATH=<build>/python`` (build tree) or ``PYTHONPATH=<prefix>/lib/python3/site-packages``
(after ``cmake --install``).
"""
import os
import sys
import tempfile

from ._irisac import *  # noqa: F401,F403  (the documented API of the compiled core)
from ._irisac import (Infeasible, InputError, InvalidArgument, NumericalError,  # noqa: F401
                      _run_experiment, _source_dir)

__all__ = [n for n in dir() if not n.startswith("_")]


def data_dir():
    """Directory holding experiments/ and scenarios/: $IRISAC_DATA_DIR, else the install prefix's
    share/irisac (next to this package), else the source tree the module was built from."""
    env = os.environ.get("IRISAC_DATA_DIR")
    if env:
        return env
    here = os.path.dirname(os.path.abspath(__file__))
    prefix = os.path.abspath(os.path.join(here, "..", "..", "..", ".."))
    share = os.path.join(prefix, "share", "irisac")
    if os.path.isdir(os.path.join(share, "experiments")):
        return share
    return _source_dir()


def _resolve(name, folder):
    if os.path.isfile(name):
        return name
    for cand in (name, name + ".toml"):
        p = os.path.join(data_dir(), folder, cand)
        if os.path.isfile(p):
            return p
    return name  # the loader reports the missing file


def resolve_experiment(name):
    """An experiment file path, or the name of one in data_dir()/experiments (with or without .toml)."""
    return _resolve(name, "experiments")


def resolve_scenario(name):
    """A scenario file path, or the name of one in data_dir()/scenarios (with or without .toml)."""
    return _resolve(name, "scenarios")


def _print_progress(p):
    sys.stderr.write("\ririsac: %d/%d points, %d trials, %.1f s" %
                     (p["points_done"], p["points_total"], p["trials"], p["elapsed_s"]))
    sys.stderr.flush()


def run_experiment(experiment, out_dir=None, seed=None, set=(), threads=0, fresh=False, progress=None,
                   as_frame=None):
    """Run (or resume) an experiment, like ``irisac run``.

    experiment: a file path, the name of a built-in experiment ("case-study-fig4"), or a dict with
    the same tables as an experiment file ({"experiment": {...}, "axis": [...], ...}).
    out_dir: output directory (results.csv/json and the resumable store); default: a new
    temporary directory. seed, set (["KEY=VALUE", ...]), threads, fresh: as the CLI options.
    progress: None, True (a line on stderr) or a callable receiving a dict
    {points_done, points_total, points_resumed, trials, elapsed_s}.
    as_frame: True -> pandas.DataFrame, False -> dict of arrays, None -> DataFrame when pandas is
    installed. The columns are those of results.csv: axis keys,
    <metric>_mean/_std/_ci_low/_ci_high/_trials/_failed, status. The DataFrame's
    ``attrs["meta"]`` (or the dict's "meta" entry) holds the run report.
    """
    if not isinstance(experiment, dict):
        experiment = resolve_experiment(str(experiment))
    if out_dir is None:
        out_dir = tempfile.mkdtemp(prefix="irisac-")
    cb = _print_progress if progress is True else (progress or None)
    res = _run_experiment(experiment, str(out_dir), seed, list(set), threads, fresh, cb)
    if progress is True:
        sys.stderr.write("\n")
    cols, meta = res["columns"], res["meta"]
    if as_frame is None or as_frame:
        try:
            import pandas as pd
        except ImportError:
            if as_frame:
                raise
        else:
            df = pd.DataFrame(cols)
            df.attrs["meta"] = meta
            return df
    cols["meta"] = meta
    return cols
