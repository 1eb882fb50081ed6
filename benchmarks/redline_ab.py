"""A/B of the redline engine: an earlier commit's engine and corpus against this checkout's,
interleaved in one process so that a busy machine slows both alike.

    git archive COMMIT | tar -x -C /tmp/base   # the earlier tree
    python benchmarks/redline_ab.py /tmp/base
"""
import importlib.util
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
BASE = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
sys.path.insert(0, str(HERE))
import benchmarks.redline as B  # noqa: E402
from app.text.redline import diff_words as after  # noqa: E402

spec = importlib.util.spec_from_file_location("base_redline", BASE / "app" / "text" / "redline.py")
assert spec and spec.loader
base = importlib.util.module_from_spec(spec)
spec.loader.exec_module(base)
B.ROOT = HERE
pairs_after, _ = B.lineage_pairs()
B.ROOT = BASE
pairs_before, _ = B.lineage_pairs()
def run(f, pairs):
    t = time.perf_counter()
    for _, _, o, n in pairs: f(o, n)
    return (time.perf_counter() - t) * 1000
ta, tb, tc = [], [], []
for r in range(60):  # the order changes each round: no engine always runs first
    runs = [(tb, base.diff_words, pairs_before), (ta, after, pairs_after), (tc, after, pairs_before)]
    for times, f, pairs in runs[r % 3:] + runs[:r % 3]:
        times.append(run(f, pairs))
print(f"before (base engine, base corpus): {statistics.median(tb):.1f} ms for {len(pairs_before)} pairs")
print(f"after  (this engine, corpus with [...] marks): {statistics.median(ta):.1f} ms")
print(f"after  (this engine, base corpus, no marks): {statistics.median(tc):.1f} ms")
gapped = sum(1 for _,_,o,n in pairs_after if "[...]" in n or "[...]" in o)
print("pairs holding a gap:", gapped)
