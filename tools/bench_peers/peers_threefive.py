"""threefive 3.1.5 timings for BENCHMARKS.md, on the same cues as shared/scte35/benches/scte35.rs.
Prints one JSON object: { name: median_microseconds }."""
import json
import pathlib
import statistics
import time

import threefive

ROOT = pathlib.Path(__file__).resolve().parents[2]
SPLICE_INSERT = "/DA7AAAAAAAA///wFAVIAACPf+/+c2nALv4AUsz1AAAAAAAWAAhDVUVJAAABNQEKQ1VFSbGfMTIxI55FecI="
TIME_SIGNAL_SEG = "/DA2AAAAAAAAAAAABQaAUH4T/gAgAh5DVUVJQAVCawDAAAFXgYsICAAAAAA4G4XONAAAAADqLWsS"


def median_us(fn, batches=15, min_batch_s=0.04):
    n = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        if time.perf_counter() - t0 >= min_batch_s:
            break
        n *= 2
    times = []
    for _ in range(batches):
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        times.append((time.perf_counter() - t0) * 1e6 / n)
    return statistics.median(times)


def decode(cue):
    c = threefive.Cue(cue)
    c.decode()
    return c


cues = [l.strip() for l in (ROOT / "testdata/scte35/cues.txt").read_text().splitlines() if l.strip()]
out = {}
for name, cue in [("splice_insert", SPLICE_INSERT), ("time_signal+segmentation", TIME_SIGNAL_SEG)]:
    out[f"threefive decode {name}"] = median_us(lambda: decode(cue))
    decoded = decode(cue)
    out[f"threefive encode {name}"] = median_us(decoded.encode)


def decode_all():
    for c in cues:
        try:
            decode(c)
        except Exception:  # threefive raises on a few malformed cues; count the attempt anyway
            pass


out["threefive decode all 37 cues"] = median_us(decode_all, batches=7)
print(json.dumps(out))
