"""One error path: every helpkit error carries its exit code and survives a worker process."""

from __future__ import annotations

import pickle

import click

from generator.errors import ContentError, HelpkitError, Problem, RenderError, UsageError


def test_errors_carry_their_exit_code_and_are_what_click_prints():
    assert issubclass(HelpkitError, click.ClickException)
    assert (HelpkitError("x").exit_code, RenderError("x").exit_code) == (1, 1)
    assert UsageError("unknown product 'x'").exit_code == 2
    assert UsageError("unknown product 'x'").format_message() == "unknown product 'x'"


def test_errors_cross_a_process_boundary_intact():
    problem = Problem("content/ui.yaml", 3, "ui.qr.call", "is required")
    for error in (ContentError([problem]), RenderError("card (nb): does not fit")):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error)
        assert str(copy) == str(error)
    assert pickle.loads(pickle.dumps(ContentError([problem]))).problems == [problem]
