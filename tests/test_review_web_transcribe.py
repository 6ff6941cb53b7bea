"""Typing a page flagged for manual transcription in the web review: the API over real HTTP,
and a reviewer in a real headless Chromium (Selenium) who opens the page from the review's last
page, sees the scan beside an empty box, asks for OCR's reading, types the page, saves it; a
re-run then carries the text in clean.txt, and undo brings the placeholder back.

Synthetic pages (``test_manual_pages._run``): a folder document of three drawn pages the fake
OCR engine reads, its page 2 read as garbage at confidence 30, which OCR flags.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_manual_pages import GARBAGE, GOOD_1, GOOD_3, _run
from test_review_transcribe import _rerun
from test_review_web import _get, _post, _shot, browser  # noqa: F401  (a fixture)

from pipeline.review import ReviewStore
from pipeline.review.queue import ReviewQueue
from pipeline.review.web import WebServer

PAGE_TEXT = "CONFIDENTIAL\nThe Minister said the border\ntalks would resume in May."


@pytest.fixture
def flagged(tmp_path: Path, fake_ocr: dict[str, str]) -> Path:
    """``out/cable``: a run of three pages, page 2 flagged for manual transcription."""
    return _run(tmp_path, fake_ocr, [GOOD_1, GARBAGE, GOOD_3])


@pytest.fixture
def server(flagged: Path, tmp_path: Path) -> Iterator[WebServer]:
    web = WebServer(ReviewQueue(tmp_path / "out", ReviewStore(tmp_path / "reviews")))
    web.start()
    try:
        yield web
    finally:
        web.stop()


def _log(tmp_path: Path) -> list[dict]:
    path = tmp_path / "reviews" / "cable.jsonl"
    return [json.loads(x) for x in path.read_text().splitlines()] if path.exists() else []


def test_the_api_lists_the_page_and_takes_its_transcription(
    server: WebServer, flagged: Path, tmp_path: Path
) -> None:
    base = f"http://127.0.0.1:{server.port}"
    status, body = _get(f"{base}/api/pages", **{"X-Token": server.token})
    (page,) = json.loads(body)["pages"]
    assert status == 200 and page["id"] == "cable/page-2" and page["state"] == "open"
    # An empty text and a page that is not flagged are refused; nothing is recorded.
    assert (
        _post(server, "/api/transcribe", {"document": "cable", "page": 2, "text": " \n"})[0] == 400
    )
    assert _post(server, "/api/transcribe", {"document": "cable", "page": 1, "text": "x"})[0] == 404
    # A page that is not a number is named in the answer, not Python's int() message.
    status, said = _post(
        server, "/api/transcribe", {"document": "cable", "page": "two", "text": "x"}
    )
    assert status == 400 and "'two'" in str(said) and "int()" not in str(said)
    assert _log(tmp_path) == []
    status, said = _post(
        server, "/api/transcribe", {"document": "cable", "page": 2, "text": PAGE_TEXT}
    )
    assert status == 200 and said["decision"]["transcription"] is True
    assert PAGE_TEXT in (flagged / "clean.txt").read_text()  # written at once
    (logged,) = _log(tmp_path)
    assert logged["page"] == 2 and logged["page_sha256"] == page["sha256"]
    status, body = _get(f"{base}/api/pages", **{"X-Token": server.token})
    assert json.loads(body)["pages"][0]["state"] == "transcribed"
    # The page shows the text saved, to change it.
    status, html = _get(f"{base}/transcribe?document=cable&page=2", **{"X-Token": server.token})
    assert status == 200 and b"talks would resume in May." in html


def test_typing_a_page_in_headless_chromium(
    browser,  # noqa: F811
    server: WebServer,
    flagged: Path,
    tmp_path: Path,
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    wait = WebDriverWait(driver, 30)

    def ready() -> None:
        wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "body[data-ready]")))

    driver.get(server.url)
    ready()
    # Nothing to decide: the last page names the flagged page, with a link to type it.
    assert "cable p2" in driver.find_element(By.ID, "manual").text
    driver.find_element(By.CSS_SELECTOR, "a.transcribe-link").click()
    ready()
    main = driver.find_element(By.ID, "page-to-type")
    assert main.get_attribute("data-state") == "open"
    # The scan beside an empty box; OCR's reading only on request.
    assert driver.execute_script("return document.getElementById('page-image').naturalWidth") > 0
    box = driver.find_element(By.ID, "transcription")
    assert box.get_attribute("value") == ""
    driver.find_element(By.ID, "fill-ocr").click()
    assert "sdoi6" in box.get_attribute("value")
    box.clear()
    box.send_keys(PAGE_TEXT)
    _shot(driver, tmp_path, "transcribe")
    old = driver.find_element(By.TAG_NAME, "main")
    driver.find_element(By.ID, "save-transcription").click()
    wait.until(ec.staleness_of(old))
    ready()
    wait.until(ec.text_to_be_present_in_element((By.ID, "note"), "Transcribed page 2 by hand"))
    assert driver.find_element(By.ID, "page-to-type").get_attribute("data-state") == "transcribed"
    (logged,) = _log(tmp_path)
    assert logged["replacement"] == PAGE_TEXT and logged["transcription"] is True

    # A re-run applies it: clean.txt carries the page under its mark, raw.txt the placeholder.
    _rerun(tmp_path)
    clean = (flagged / "clean.txt").read_text()
    day = logged["time"][:10]
    assert f"[TRANSCRIBED BY HAND: page 2, {day}]\n{PAGE_TEXT}\n" in clean
    assert "MANUAL TRANSCRIPTION NEEDED" not in clean
    assert "MANUAL TRANSCRIPTION NEEDED" in (flagged / "raw.txt").read_text()

    # Undo from the page: the placeholder is back in clean.txt at once.
    driver.get(server.url.replace("/?", "/transcribe?", 1))
    ready()
    old = driver.find_element(By.TAG_NAME, "main")
    driver.find_element(By.ID, "undo-transcription").click()
    wait.until(ec.staleness_of(old))
    ready()
    assert driver.find_element(By.ID, "page-to-type").get_attribute("data-state") == "open"
    assert "MANUAL TRANSCRIPTION NEEDED" in (flagged / "clean.txt").read_text()
    assert [d["action"] for d in _log(tmp_path)] == ["edit", "undo"]
