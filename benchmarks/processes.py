"""What the command-line benchmarks share: timing whole processes as a user runs them, against
a baseline process timed in the same run.

Commands are run in rounds, each round running every command once (the baseline and GAAR in
turn), so a change in the machine's load falls on both; the figures are medians over the
rounds, with the fastest round beside them. The machine is shared: the load average is
printed with the figures.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def gaar_command() -> list[str]:
    """``gaar`` as installed (the console script beside this Python), else ``python -m``."""
    script = Path(sys.executable).with_name("gaar")
    return [str(script)] if script.exists() else [sys.executable, "-m", "gaar_spiders.cli"]


def byte_compile() -> None:
    """Compile GAAR's modules once, as installing it does: a user's ``gaar`` starts from byte
    code (this machine's sessions set PYTHONDONTWRITEBYTECODE, which would make every run
    compile GAAR from source: ~70 ms that no user pays)."""
    for package in ("gaar_spiders", "pipelines"):
        compileall.compile_dir(str(ROOT / package), quiet=1)


def time_rounds(commands: dict[str, list[str]], rounds: int, warmup: int = 1) -> dict[str, list[float]]:
    """Wall seconds of each command in each round (stdout discarded; a failure stops the run)."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for n in range(warmup + rounds):
        for name, argv in commands.items():
            start = time.perf_counter()
            subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
            if n >= warmup:
                times[name].append(time.perf_counter() - start)
    return times


def median(values: list[float]) -> float:
    return statistics.median(values)


def machine() -> str:
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",) * 3
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (f"{cores} cores; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
            f"(1, 5, 15 min); Python {sys.version.split()[0]}")


def report(times: dict[str, list[float]], baseline: str, target: float) -> float:
    """Print each command's median and fastest round, and the ratio of the medians to the
    baseline's; returns that ratio for the command that is not the baseline."""
    base = median(times[baseline])
    ratio = 0.0
    width = max(map(len, times))
    for name, values in times.items():
        print(f"  {name:<{width}}  median {1000 * median(values):8.0f} ms   fastest {1000 * min(values):8.0f} ms")
    for name, values in times.items():
        if name != baseline:
            ratio = median(values) / base
            best = min(values) / min(times[baseline])
            verdict = "met" if ratio <= target else f"NOT met: {ratio / target:.2f}x over"
            print(f"  ratio {name} / {baseline}: {ratio:.2f}x (fastest rounds: {best:.2f}x); target <= {target:g}x: "
                  f"{verdict}")
    return ratio
