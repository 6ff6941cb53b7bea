"""The audit of automatic changes (``foia-clean review OUT --applied``): what the run changed on
its own, grouped by change across the batch, kept (a ``confirm`` decision) or reverted (the
original back, kept as read at places with like neighbouring words), in the terminal, as a CSV
sheet, through ``decide`` and the web API; every run re-applies it.

Fixtures are synthetic text documents run through the real pipeline: ``negotations`` and
``govermment`` are misspellings the correct stage changes on its own (English dictionary, one
edit, the neighbours agree), three and two times across two documents. ``Geneva`` is a shared
neighbouring word: the first ``negotations`` of the memo and the one in the cable are like
places; the memo's second one (``continue the negotations next month``) is not.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import test_review_web
from test_review import Batch

from pipeline.review import ReviewStore
from pipeline.review.audit import Audit, AuditSession, AuditState
from pipeline.review.queue import ReviewQueue
from pipeline.review.sheets import export_applied_csv, import_applied_csv

MEMO = """SUBJECT: TALKS ON THE CONFLICT

1. The negotations in Geneva were long. Ambassador Alayev met the delegation.

2. Both sides said the govermment would continue the negotations next month.
"""
CABLE = """SUBJECT: FOLLOW-UP

The negotations in Geneva ended on Tuesday. The govermment thanked the delegation.
"""
GROUP = "change:negotations → negotiations"
#: The headless Chromium of the web review's tests (``tests/test_review_web.py``).
browser = test_review_web.browser


@pytest.fixture
def batch(tmp_path: Path) -> Batch:
    b = Batch(tmp_path)
    b.write("memo", MEMO)
    b.write("cable", CABLE)
    b.run()
    return b


def _audit(b: Batch) -> Audit:
    return Audit(ReviewQueue(b.out, ReviewStore(b.reviews)))


def _key(audit: Audit, document: str, near: str) -> str:
    return next(
        c.key
        for c in audit.changes(done=True)
        if c.document == document and near in c.correction.context
    )


def test_automatic_changes_are_grouped_by_change_across_the_batch(batch: Batch) -> None:
    audit = _audit(batch)
    groups = audit.groups()
    assert [(g.key, len(g.items), g.documents) for g in groups] == [
        (GROUP, 3, ["cable", "memo"]),
        ("change:govermment → government", 2, ["cable", "memo"]),
    ]
    first = groups[0].items[0].to_dict()
    assert first["reason"].startswith("negotations → negotiations: English dictionary")
    assert first["state"] == "unchecked" and first["now"] == "negotiations"
    assert audit.counts() == {"unchecked": 5, "confirmed": 0, "reverted": 0, "corrected": 0}
    # The proposals queue is untouched by the audit: it asks only proposals.
    assert {i.correction.original for i in audit.queue.items()} == {"Alayev"}


def test_revert_restores_the_original_here_and_at_like_places_and_every_run_keeps_it(
    batch: Batch,
) -> None:
    audit = _audit(batch)
    unlike = _key(audit, "memo", "continue the negotations")
    made = audit.decide(GROUP, "revert", exclude=[_key(audit, "cable", "Geneva"), unlike])
    (d,) = made
    assert d.reverts and d.document == "memo" and d.to_dict()["applied"] is True
    assert "1. The negotations in Geneva" in batch.clean("memo")
    assert batch.lexicon() == []  # a revert writes no global known word
    # The cable's place shares "Geneva" with the reverted one: kept as read there at once;
    # the memo's other place has other neighbours: still changed, still to audit.
    assert "The negotations in Geneva ended" in batch.clean("cable")
    kept = next(r for r in batch.records("cable") if r["original"] == "negotations")
    assert kept["decision"] == "rejected" and kept["review"]["action"] == "like-revert"
    assert kept["review"]["decision"] == d.id and "reverted this change" in kept["reason"]
    assert "continue the negotiations next month" in batch.clean("memo")
    assert [c.key for c in audit.groups()[1].items] == [unlike]

    batch.run()  # every run re-applies it, and says so in metadata.json
    assert "1. The negotations in Geneva" in batch.clean("memo")
    assert "The negotations in Geneva ended" in batch.clean("cable")
    for name in ("memo", "cable"):
        batch.check_invariant(name)
    memo = json.loads((batch.doc("memo") / "metadata.json").read_text())["review"]["automatic"]
    assert memo == {
        "changes": 3,
        "audited": 1,
        "confirmed": 0,
        "reverted": 1,
        "corrected": 0,
        "not_audited": 2,
        "kept_like_reverted": 0,
    }
    cable = json.loads((batch.doc("cable") / "metadata.json").read_text())["review"]["automatic"]
    assert cable["kept_like_reverted"] == 1 and cable["not_audited"] == 1

    # The revert is a learned rule with its scope; forgetting it frees the like place again.
    from pipeline.review.learning import forget
    from pipeline.review.rules import REVERT_SCOPE, learned_rules

    (rule,) = learned_rules(ReviewStore(batch.reviews), batch.out)
    assert rule.scope == REVERT_SCOPE and rule.applied == {"cable": 1, "memo": 1}
    forget(ReviewStore(batch.reviews), d.id)
    batch.run()
    assert "The negotiations in Geneva ended" in batch.clean("cable")
    assert "1. The negotations in Geneva" in batch.clean("memo")  # the decision stands


def test_keep_is_a_recorded_confirmation_that_teaches_nothing(batch: Batch) -> None:
    audit = _audit(batch)
    made = audit.decide("change:govermment → government", "keep")
    assert [d.action.value for d in made] == ["confirm", "confirm"]
    assert batch.lexicon() == []
    record = next(r for r in batch.records("memo") if r["original"] == "govermment")
    assert record["decision"] == "accepted" and record["review"]["action"] == "confirm"
    assert "the government would" in batch.clean("memo")
    assert audit.counts()["confirmed"] == 2 and audit.counts()["unchecked"] == 3
    assert [g.key for g in audit.groups()] == [GROUP]
    # u undoes the last one; the place is unchecked again.
    assert audit.queue.undo() is not None and audit.counts()["confirmed"] == 1
    batch.run()
    states = {c.key: c.state for c in _audit(batch).changes(done=True)}
    assert sorted(states.values()).count(AuditState.CONFIRMED) == 1


def test_a_typed_word_corrects_an_automatic_change(batch: Batch) -> None:
    audit = _audit(batch)
    key = _key(audit, "memo", "continue the negotations")
    (d,) = audit.decide(key, "text", text="negotiation")
    assert d.action.value == "edit" and d.applied
    assert "continue the negotiation next month" in batch.clean("memo")
    assert audit.counts()["corrected"] == 1
    with pytest.raises(ValueError, match="nothing to decide"):
        audit.decide(GROUP, "keep", exclude=[c.key for c in audit.group(GROUP).items])
    with pytest.raises(KeyError):
        audit.decide(key, "keep")  # audited already: not unchecked


def test_the_sheet_exports_imports_and_a_second_import_records_nothing(
    batch: Batch, tmp_path: Path
) -> None:
    audit = _audit(batch)
    text = export_applied_csv(audit)
    lines = text.splitlines()
    assert lines[0] == "id,document,page,original,changed_to,reason,context,decision,replacement"
    assert len(lines) == 6
    rows = [line.split(",") for line in lines[1:]]
    sheet = tmp_path / "audit.csv"
    out = [lines[0]]
    for line, row in zip(lines[1:], rows, strict=True):
        if row[3] == "govermment" and row[1] == "cable":
            line = line[: line.rfind(",", 0, len(line) - 1)] + ",revert,"
        out.append(line)
    sheet.write_text("\n".join(out) + "\n", encoding="utf-8")
    (d,) = import_applied_csv(sheet, audit)
    assert d.reverts and d.document == "cable"
    assert "The govermment thanked" in batch.clean("cable")
    assert import_applied_csv(sheet, audit) == []  # says what stands: nothing new
    assert ",revert," in export_applied_csv(audit)
    bad = tmp_path / "bad.csv"
    bad.write_text(lines[0] + "\nffff,memo,1,x,y,z,c,keep,\n", encoding="utf-8")
    from pipeline.core.errors import UsageError

    with pytest.raises(UsageError, match=r"bad\.csv:2: no automatic change 'memo/ffff'"):
        import_applied_csv(bad, audit)


def test_the_terminal_audit_with_piped_keys_and_list(batch: Batch) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    args = ["review", str(batch.out), "--applied", "--reviews", str(batch.reviews)]
    result = CliRunner().invoke(app, [*args, "--list"])
    assert result.exit_code == 0, result.output
    listed = [line.split("\t") for line in result.stdout.splitlines()]
    assert len(listed) == 5 and {row[4] for row in listed} == {"unchecked"}
    # Untick place 2 of negotations, revert the others, keep govermment, quit.
    result = CliRunner().invoke(app, args, input="2\nr\nk\nq\n")
    assert result.exit_code == 0, result.output
    assert "Reverted negotations at 2 places" in result.output
    assert "Confirmed govermment → government at 2 places" in result.output
    result = CliRunner().invoke(app, [*args, "--list"])
    states = sorted(line.split("\t")[4] for line in result.stdout.splitlines())
    # Place 2 (the memo's "negotations in Geneva") shares "Geneva" with the cable's reverted
    # one: the revert keeps it as read too, so it is no automatic change any more.
    assert states == ["confirmed", "confirmed", "reverted", "reverted"]
    assert "1. The negotations in Geneva" in batch.clean("memo")


def test_decide_on_an_applied_change_is_its_audit(batch: Batch) -> None:
    record = next(r for r in batch.records("memo") if r["original"] == "govermment")
    result = batch.decide("memo", record["id"], "reject")
    assert result.exit_code == 0, result.output
    assert "Reverted the automatic change of govermment" in result.stdout
    assert batch.log("memo")[-1]["applied"] is True and batch.lexicon() == []
    assert "the govermment would" in batch.clean("memo")
    other = next(r for r in batch.records("cable") if r["original"] == "govermment")
    assert batch.decide("cable", other["id"], "keep").exit_code == 0
    assert batch.log("cable")[-1]["action"] == "confirm"


def test_the_audit_session_ticks_skips_types_and_undoes(batch: Batch) -> None:
    session = AuditSession(_audit(batch))
    group = session.current
    assert group is not None and group.key == GROUP
    assert session.feed("9") == (False, "There is no place 9 (1-3).")
    assert session.feed("x")[1].startswith("Unknown key 'x'")
    assert session.feed("1") == (True, "Place 1 left out.")
    assert [c.key for c in session.ticked(group)] == [i.key for i in group.items[1:]]
    assert session.feed("1") == (True, "Place 1 ticked.")
    moved, said = session.feed("s")
    assert moved and said.startswith("Skipped negotations") and session.current is not None
    assert session.current.key == "change:govermment → government"
    assert session.feed("e") == (False, "The word the scan has, for govermment (Enter cancels): ")
    assert session.feed("") == (False, "Cancelled.") and batch.log("memo") == []
    session.feed("e")
    moved, said = session.feed("Government")
    assert moved and said == "Put Government for govermment at 2 places"
    assert session.decided == 2 and "Government thanked" in batch.clean("cable")
    moved, said = session.feed("u")
    assert said.startswith("↶ Undone: Edited govermment → Government")
    # One place is unchecked again and asked first; the skipped change comes after it.
    assert session.current is not None and len(session.current.items) == 1
    assert [g.key for g in session.audit.groups()][1] == GROUP
    assert session.feed("q") == (True, "") and session.current is None


# -- the web: the API, and the audit page in headless Chromium -------------------------------

#: The same text as scanned pages, the misspellings read at OCR confidence 60 (a confident
#: reading is proposed, not changed).
AUDIT_MEMO = [
    "SUBJECT: TALKS ON THE CONFLICT",
    "1. The negotations~60 in Geneva were long.",
    "2. Both sides said the govermment~60 would continue the negotations~60 next month.",
]
AUDIT_CABLE = [
    "SUBJECT: FOLLOW-UP",
    "The negotations~60 in Geneva ended on Tuesday.",
    "The govermment~60 thanked the delegation.",
]


@pytest.fixture
def scanned(tmp_path: Path, fake_ocr: dict[str, str]) -> Batch:
    """The two documents as scanned pages (read by the fake engine): every change has a box."""
    b = Batch(tmp_path)
    for name, lines in (("memo", AUDIT_MEMO), ("cable", AUDIT_CABLE)):
        test_review_web.draw_page(lines).save(b.scans / f"{name}.png", dpi=(100, 100))
        fake_ocr[f"{name}.png"] = "\n".join(lines)
    b.run()
    return b


def test_the_api_lists_and_audits_automatic_changes(scanned: Batch) -> None:
    from starlette.testclient import TestClient

    from pipeline.review.web import make_app

    queue = ReviewQueue(scanned.out, ReviewStore(scanned.reviews))
    client = TestClient(make_app(queue, "t", {"testserver"}))
    h = {"X-Token": "t"}
    assert client.get("/api/applied").status_code == 403
    body = client.get("/api/applied", headers=h).json()
    assert body["counts"]["unchecked"] == 5 and len(body["changes"]) == 5
    assert all(c["bbox"] for c in body["changes"])
    (group, _) = client.get("/api/applied/groups", headers=h).json()["groups"]
    assert group["key"] == GROUP and group["places"] == 3
    first, second, third = (i["id"] for i in group["items"])
    refused = [
        ({"id": "memo/ffff", "decision": "keep"}, 404),
        ({"id": GROUP, "decision": "maybe"}, 400),
        ({"id": GROUP, "decision": "keep", "except": ["memo/ffff"]}, 400),
        ({"id": GROUP, "decision": "keep", "except": [first, second, third]}, 400),
    ]
    for request, status in refused:
        assert client.post("/api/audit", json=request, headers=h).status_code == status, request
    assert scanned.log("memo") == [] and scanned.log("cable") == []
    reply = client.post("/api/audit", json={"id": third, "decision": "revert"}, headers=h)
    assert reply.status_code == 200, reply.text
    said = reply.json()["said"]
    assert said == "Reverted the automatic change of negotations: the original is back"
    assert "continue the negotations next month" in scanned.clean("memo")
    page = client.get("/applied?checked=1", headers=h).text
    assert 'id="nav-applied">Changed automatically (4)' in page and 'id="checked"' in page
    assert "1 reverted" in page


@pytest.fixture
def audit_server(scanned: Batch):
    yield from test_review_web._serving(scanned)


def test_auditing_in_headless_chromium(
    browser, audit_server, scanned: Batch, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver, wait = browser, WebDriverWait(browser, 30)

    def ready() -> None:
        wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "body[data-ready]")))

    def press(keys: str, note: str) -> None:
        ready()
        old = driver.find_element(By.TAG_NAME, "main")
        driver.find_element(By.TAG_NAME, "body").send_keys(keys)
        wait.until(ec.staleness_of(old))
        wait.until(ec.text_to_be_present_in_element((By.ID, "note"), note))
        ready()

    driver.get(audit_server.url)
    ready()
    assert driver.find_element(By.ID, "nav-applied").text == "Changed automatically (5)"
    driver.find_element(By.ID, "nav-applied").click()
    wait.until(ec.presence_of_element_located((By.ID, "audit")))
    ready()
    image = driver.find_element(By.ID, "page-image")
    wait.until(lambda d: d.execute_script("return arguments[0].naturalWidth", image) > 0)
    assert driver.find_element(By.ID, "box").size["width"] > 0
    rows = driver.find_elements(By.CSS_SELECTOR, "tr.place")
    assert len(rows) == 3 and "negotations" in driver.find_element(By.TAG_NAME, "h1").text
    assert all(r.find_element(By.CSS_SELECTOR, "img.strip") for r in rows)
    # 3 unticks the memo's "continue the negotations" and shows its page; r reverts the others.
    first_src = image.get_attribute("src")
    driver.find_element(By.TAG_NAME, "body").send_keys("3")
    assert not rows[2].find_element(By.CSS_SELECTOR, "[data-place]").is_selected()
    assert "shown" in rows[2].get_attribute("class")
    assert image.get_attribute("src") != first_src  # the memo's page, not the cable's
    test_review_web._shot(driver, tmp_path, "applied")
    press("r", "Reverted negotations at 2 places: the original is back; 1 left out")
    assert "The negotations in Geneva ended" in scanned.clean("cable")
    assert "1. The negotations in Geneva" in scanned.clean("memo")
    assert "continue the negotiations next month" in scanned.clean("memo")
    # govermment (2 places) is next; k keeps both.
    assert "govermment" in driver.find_element(By.TAG_NAME, "h1").text
    press("k", "Confirmed govermment → government at 2 places")
    assert driver.find_element(By.ID, "nav-applied").text == "Changed automatically (1)"
    press("u", "Undone")
    assert driver.find_element(By.ID, "nav-applied").text == "Changed automatically (2)"
    scanned.run()  # every run re-applies the audit
    assert "The negotations in Geneva ended" in scanned.clean("cable")
    assert "continue the negotiations next month" in scanned.clean("memo")
    actions = sorted(d["action"] for name in ("memo", "cable") for d in scanned.log(name))
    assert actions == ["confirm", "confirm", "reject", "reject", "undo"]
