"""How far the corrective action plan has got: computed in the core, shown by the screens."""

from clinic_audit.audit.model import ActionStatus, CorrectiveAction
from clinic_audit.rules.action_plan import actions_by_finding, plan_progress


def action(item, text="Fix it", status=ActionStatus.OPEN):
    return CorrectiveAction(finding_key=f"item:{item}", action=text, status=status)


def test_actions_are_grouped_by_finding_in_the_order_written():
    a1, b1, a2 = action("a", "first"), action("b"), action("a", "second")
    assert actions_by_finding([a1, b1, a2]) == {"item:a": [a1, a2], "item:b": [b1]}


def test_a_finding_is_done_when_every_written_action_is_done():
    done, still_open = ActionStatus.DONE, ActionStatus.OPEN
    actions = [
        action("a", status=done),
        action("a", status=still_open),  # a: one of two done -> planned, not done
        action("b", status=done),
        action("b", text="  ", status=still_open),  # blank: plans nothing
        action("c", text="", status=done),  # c: only a blank action -> not planned
        action("gone", status=done),  # a finding that no longer exists
    ]
    progress = plan_progress(["item:a", "item:b", "item:c", "item:d"], actions)
    assert (progress.findings, progress.planned, progress.done) == (4, 2, 1)


def test_no_findings_no_plan():
    assert plan_progress([], [action("a")]).planned == 0
