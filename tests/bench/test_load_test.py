"""The load test at a tiny size, so it cannot rot: a real server, real clients on both ways in."""

from bench.load_test import run, table
from bench.web_latency import SAMPLE_QUESTIONS


def test_load_test_asks_through_the_api_and_the_chat_queue(sample_index):
    results = run(sample_index, SAMPLE_QUESTIONS, [1, 3], seconds=2.0, max_requests=60, env={},
                  vias=["api", "chat"])
    assert [(r["via"], r["clients"]) for r in results] == [("api", 1), ("api", 3), ("chat", 1), ("chat", 3)]
    for r in results:
        assert r["errors"] == 0, r["first_error"]
        assert r["requests"] > 0 and r["throughput_rps"] > 0 and r["p50_ms"] <= r["p95_ms"] <= r["p99_ms"]
    lines = table(results).splitlines()
    assert len(lines) == 2 + len(results)
    # Each way in is compared with its own best level (two levels within 0.5 % of each other both show 100 %).
    for via in ("api", "chat"):
        best = max(results, key=lambda r: r["throughput_rps"] if r["via"] == via else -1)
        assert f"| {via} | {best['clients']} | " in "\n".join(line for line in lines if "| 100 % |" in line)
        assert all(f"| {via} | {r['clients']} | " not in line for r in results if r["via"] == via
                   and r["throughput_rps"] < 0.99 * best["throughput_rps"] for line in lines if "| 100 % |" in line)
