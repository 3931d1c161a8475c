"""Figures every benchmark prints: latency percentiles and the process's peak memory."""

import resource
import statistics
import sys


def percentile_ms(seconds: list[float], p: float) -> float:
    """The p-th percentile of `seconds`, in milliseconds (the median at 50, else the nearest
    rank); 0 without measurements."""
    ms = sorted(s * 1000 for s in seconds)
    if not ms:
        return 0.0
    if p == 50:
        return statistics.median(ms)
    return ms[min(len(ms) - 1, round(p / 100 * (len(ms) - 1)))]


def peak_mib() -> float:
    """This process's peak resident memory so far (ru_maxrss), in MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10
