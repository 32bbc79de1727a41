"""Durable tasks for the tests: each leaves a line in a file per run of its work, so a test (and
the worker, another process) can count what happened. Not collected as tests (no test_ prefix)."""

from pathlib import Path

from lvzhi.jobs.tasks import ResultFile, TemporaryError, durable_task


def _append(path: str, line: str) -> None:
    with Path(path).open("a") as f:
        f.write(line + "\n")


@durable_task(kind="test.effect")
def record_effect(job, *, path: str, label: str):
    """The effect a task must have once: one line."""
    job.progress(1, 2, "一半")
    _append(path, label)
    return ResultFile("effect.txt", label.encode(), "text/plain")


@durable_task(kind="test.flaky", max_attempts=3, backoff_seconds=0.5)
def flaky(job, *, path: str, switch: str):
    """Fails for now while the switch file exists (a gateway that is down), else works."""
    _append(path, f"attempt {job.attempt}")
    if Path(switch).exists():
        raise TemporaryError("网关暂时不可用")


@durable_task(kind="test.broken", max_attempts=5, backoff_seconds=0.5)
def broken(job, *, path: str):
    """A permanent error: never retried."""
    _append(path, "broken")
    raise ValueError("参数错误")
