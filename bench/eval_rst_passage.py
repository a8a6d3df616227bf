"""A hostile MyST page: one `{eval-rst}` block, never closed, of 2.6 MB. Times `open_rst` and `answer_units` for
passages half-way, nine tenths and at the end of it, and writes their units (kind, span, text) as JSON to the
path given, so two trees' units can be compared (docs/performance.md, "Passages inside a long eval-rst block").

    python -m bench.eval_rst_passage /tmp/units.json"""

import time, sys
from rag.units import answer_units, open_rst
para = "Some text here about the options of the command and how to use them.\n\n.. code-block:: python\n\n    x = run(1)\n    print(x)\n\n* an item\n* another item\n\n:param name: the name.\n\n"
body = para * (2_600_000 // len(para))
doc = "# Title\n\nIntro.\n\n```{eval-rst}\n" + body
results = []
for frac in (0.5, 0.9, 0.999):
    start = int(len(doc) * frac); start = doc.rfind("\n", 0, start) + 1 + 37
    passage = doc[start:start + 1000]
    t = time.perf_counter(); rst = open_rst(doc[:start]); t1 = time.perf_counter()
    units = answer_units(passage, offset=start, rst=rst)
    t2 = time.perf_counter()
    results.append([(u.kind, u.start, u.end, u.text[:30]) for u in units])
    print(f"frac {frac}: open_rst {t1-t:.3f}s answer_units {t2-t1:.3f}s units {len(units)}")
import json; json.dump(results, open(sys.argv[1], "w"))
