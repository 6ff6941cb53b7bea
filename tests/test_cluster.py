"""The batch on a Dask cluster: a ``LocalCluster`` of two worker processes on this machine, the
same bytes as a local run, a worker killed mid-run, and a re-run with nothing to do.

The pages are real images read by the fake engine (``fake_ocr``; the Dask executor registers it
on the workers), so the cluster, the cache and the outputs are under test, not Tesseract. The
cluster is started once for the module and reached by its ``tcp://`` address, the way
``--scheduler tcp://HOST:8786`` reaches a cluster started with ``dask scheduler`` / ``dask
worker``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline import outputs
from pipeline.core.config import OcrSettings, RunConfig
from pipeline.executors import DaskExecutor, LocalExecutor, WorkerLost
from pipeline.runner import run_batch

LINES = {
    "cable.png": "SUBJECT: AZERBAIJAN AND ARMENIA\nThe Minsk Group met in Geneva.",
    "memo.png": "2. (C) Ambassador met with the Foreign Minister.\nHe agreed to the proposal.",
    "folder/p-1.png": "3. The talks will resume in September.\nEnd of text.",
    "folder/p-2.png": "CONFIDENTIAL\n\nThe negotations continued.\n\n- 2 -",
}


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A scheduler and two single-threaded worker processes (with nannies, which restart a
    worker that dies), as ``dask scheduler`` + 2 × ``dask worker --nthreads 1`` would give."""
    import dask
    from distributed import LocalCluster

    logging.getLogger("distributed").setLevel(logging.ERROR)
    # A task is given up after killing one worker too many (default 3): quicker to test.
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 1}),
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as c,
    ):
        yield c.scheduler_address


@pytest.fixture
def scans(tmp_path: Path, blank_page, fake_ocr: dict[str, str]) -> Path:
    for name, text in LINES.items():
        blank_page(f"scans/{name}")
        fake_ocr[Path(name).name] = text
    (tmp_path / "scans/typed.txt").write_text("UNCLASSIFIED\n\nThe talks resumed.\n")
    return tmp_path / "scans"


def _config(tmp_path: Path, out: str, **kw) -> RunConfig:
    return RunConfig(
        out_dir=tmp_path / out,
        ocr=OcrSettings(engine="fake"),
        reviews=tmp_path / "reviews",
        jobs=kw.pop("jobs", 2),
        **kw,
    )


def _snapshot(out: Path) -> dict[str, bytes]:
    """Every file of the output folder but the run's own records (cache, run log, lock)."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.relative_to(out).as_posix().startswith(".")
    }


def test_a_cluster_run_writes_the_bytes_of_a_local_run_and_a_rerun_has_nothing_to_do(
    scans: Path, tmp_path: Path, cluster: str
) -> None:
    local = run_batch([scans], _config(tmp_path, "local"))
    assert not local.failed
    on_cluster = run_batch([scans], _config(tmp_path, "dask", scheduler=cluster))
    assert not on_cluster.failed
    expected = _snapshot(tmp_path / "local")
    assert "folder/manifest.json" in expected and "memo/clean.txt" in expected
    assert _snapshot(tmp_path / "dask") == expected
    first_log = outputs.read_run_log(tmp_path / "dask")
    assert first_log[0]["run"]["scheduler"] == cluster
    assert first_log[0]["run"]["workers"] == 2

    again = run_batch([scans], _config(tmp_path, "dask", scheduler=cluster))
    assert _snapshot(tmp_path / "dask") == expected  # the manifest records included
    assert sum(d.pages_ocred for d in again.documents) == 0
    assert sum(d.pages_reused for d in again.documents) == 4
    log = outputs.read_run_log(tmp_path / "dask")
    assert log != first_log
    assert all(all(d["reused"].values()) for d in log[1:])
    assert len(list((tmp_path / "dask" / outputs.RUNS_DIR).iterdir())) == 2


def test_a_worker_killed_mid_run_has_its_page_retried_and_leaves_no_half_written_file(
    scans: Path, tmp_path: Path, cluster: str, fake_ocr: dict[str, str]
) -> None:
    reference = run_batch([scans], _config(tmp_path, "local"))
    assert not reference.failed
    marker = tmp_path / "died-once"
    fake_ocr["memo.png"] = f"!die-once {marker}\n{LINES['memo.png']}"
    report = run_batch([scans], _config(tmp_path, "dask", scheduler=cluster))
    assert marker.exists()  # a worker really died on that page
    assert not report.failed
    assert _snapshot(tmp_path / "dask") == _snapshot(tmp_path / "local")
    assert not list((tmp_path / "dask").rglob("*.tmp"))


def test_a_worker_with_another_engine_version_stops_the_run_before_any_ocr(
    scans: Path, tmp_path: Path, cluster: str, fake_ocr: dict[str, str]
) -> None:
    import dataclasses
    import os

    from pipeline import engines
    from pipeline.core.errors import MissingDependencyError
    from tests.fake_engine import FakeEngine

    here = os.getpid()

    class Drifting(FakeEngine):
        """Version 1.0 on this machine, 2.0 on the workers (the class travels by value)."""

        def check(self, lang: str):
            info = super().check(lang)
            return dataclasses.replace(info, version="1.0" if os.getpid() == here else "2.0")

    engines.register("fake", lambda: Drifting(fake_ocr))
    with pytest.raises(MissingDependencyError, match=r"version '2.0' differs .* '1.0'"):
        run_batch([scans], _config(tmp_path, "dask", scheduler=cluster))
    assert not list((tmp_path / "dask").glob("*/clean.txt"))


def test_the_local_pool_retries_a_task_whose_worker_died_too(tmp_path: Path) -> None:
    marker = tmp_path / "died-once"
    tasks = LocalExecutor(2).map(_die_once, [(marker, 1), (marker, 2), (marker, 3)])
    assert sorted(tasks) == [(0, 1), (1, 2), (2, 3)]
    assert marker.exists()


def test_a_task_that_always_kills_its_worker_comes_back_as_worker_lost(cluster: str) -> None:
    with DaskExecutor(cluster) as ex:
        # Alone: a task queued on a dying worker is counted against too (so Dask's default
        # allows three deaths, not the one this cluster allows).
        [(index, lost)] = list(ex.map(_square_or_die, [(-1,)]))
        assert index == 0 and isinstance(lost, WorkerLost)
        assert "died" in lost.reason
        assert dict(ex.map(_square_or_die, [(2,), (3,)])) == {0: 4, 1: 9}


def test_cancelled_tasks_are_not_yielded_and_a_task_error_is_raised(cluster: str) -> None:
    with DaskExecutor(cluster, window=2) as ex:
        tasks = ex.map(_square_or_die, [(i,) for i in range(6)])
        tasks.cancel(5)
        assert sorted(tasks) == [(i, i * i) for i in range(5)]
        with pytest.raises(ZeroDivisionError):
            list(ex.map(_inverse, [(0,)]))


def _inverse(x: int) -> float:
    return 1 / x


def test_the_command_takes_a_scheduler_address_and_rejects_a_malformed_one(
    scans: Path, tmp_path: Path, cluster: str
) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    out = tmp_path / "out"
    args = ["run", str(scans), "--out", str(out), "--engine", "fake", "--quiet"]
    args += ["--reviews", str(tmp_path / "reviews")]
    result = CliRunner().invoke(app, [*args, "--scheduler", cluster])
    assert result.exit_code == 0, result.output
    assert outputs.read_manifest(out)["memo"]["status"] == "done"
    bad = CliRunner().invoke(app, [*args, "--scheduler", "8786"])
    assert bad.exit_code == 2
    assert "tcp://HOST:8786" in bad.output


def _die_once(marker: Path, value: int) -> int:
    import os

    if value == 2 and not marker.exists():
        marker.touch()
        os._exit(1)
    return value


def _square_or_die(x: int) -> int:
    import os

    if x < 0:
        os._exit(1)
    return x * x


def test_the_stage_cache_can_live_at_an_fsspec_url(
    scans: Path, tmp_path: Path, fake_ocr: dict[str, str]
) -> None:
    from pipeline.core.cache import StageCache

    shared = tmp_path / "shared-cache"
    first = run_batch([scans], _config(tmp_path, "out", cache=f"file://{shared}"))
    assert sum(d.pages_ocred for d in first.documents) == 4
    assert len(list((shared / "ocr").glob("*.json"))) == 4
    assert not (tmp_path / "out/.cache").exists()
    again = run_batch([scans], _config(tmp_path, "out2", cache=f"file://{shared}"))
    assert sum(d.pages_reused for d in again.documents) == 4
    assert _snapshot(tmp_path / "out2") == _snapshot(tmp_path / "out")
    # An object store's path (fsspec's in-memory filesystem stands in for s3://).
    cache = StageCache("memory://foia-clean-test/cache")
    assert cache.get("ocr", "k") is None
    cache.put("ocr", "k", {"words": ["a"]})
    assert cache.get("ocr", "k") == {"words": ["a"]}
