"""The policy as a matrix: every role × every permission, then the object scopes."""
from __future__ import annotations

import pytest

from minutes_app.models import MeetingState, PaperState, Role
from minutes_app.services.permissions import ROLE_PERMISSIONS, Permission, can, require
from minutes_app.services.errors import NotAllowed

P = Permission
R = Role

# The documented authorization table (ASVS V8.1.1): which role carries which permission.
EXPECTED = {
    P.INTERNAL_ACCESS: {R.MEMBER, R.EDITOR, R.SIGNER, R.SECRETARY, R.ADMIN},
    P.SEARCH_INTERNAL: {R.MEMBER, R.EDITOR, R.SIGNER, R.SECRETARY, R.ADMIN},
    P.PAPER_READ: {R.MEMBER, R.EDITOR, R.SIGNER, R.SECRETARY, R.ADMIN},
    P.PAPER_CREATE: {R.EDITOR},
    P.PAPER_EDIT: {R.EDITOR},
    P.PAPER_SUBMIT: {R.EDITOR},
    P.PAPER_SIGN: {R.SIGNER},
    P.PAPER_WITHDRAW: {R.EDITOR, R.ADMIN},
    P.MEETING_READ_INTERNAL: {R.MEMBER, R.SECRETARY, R.ADMIN},
    P.MEETING_MANAGE: {R.SECRETARY},
    P.MINUTES_READ_INTERNAL: {R.MEMBER, R.SECRETARY, R.ADMIN},
    P.MINUTES_WRITE: {R.SECRETARY},
    P.ADMIN_BODY: {R.ADMIN},
    P.ADMIN_ORGANIZATIONS: {R.ADMIN},
    P.ADMIN_PERSONS: {R.ADMIN},
    P.ADMIN_USERS: {R.ADMIN},
    P.ADMIN_SIGN_OFF_CHAINS: {R.ADMIN},
    P.AUDIT_READ: {R.ADMIN},
    P.MAIL_OUTBOX: {R.ADMIN},
    P.DECISION_TRACK: {R.EDITOR, R.SIGNER, R.SECRETARY, R.ADMIN},
    P.DECISION_ASSIGN: {R.SECRETARY, R.ADMIN},
}


def test_matrix_covers_every_permission():
    assert set(EXPECTED) == set(Permission)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("permission", list(Permission))
def test_role_permission_matrix(factory, role, permission):
    user = factory.user(roles={role})
    assert can(user, permission) is (role in EXPECTED[permission])


@pytest.mark.parametrize("permission", list(Permission))
def test_anonymous_has_no_permission(permission):
    assert can(None, permission) is False


def test_deactivated_user_has_no_permission(factory):
    user = factory.user(roles={Role.ADMIN})
    user.active = False
    assert not any(can(user, p) for p in Permission)


def test_roles_combine(factory):
    user = factory.user(roles={Role.EDITOR, Role.SECRETARY})
    assert can(user, P.PAPER_CREATE) and can(user, P.MEETING_MANAGE)
    assert ROLE_PERMISSIONS[Role.EDITOR] | ROLE_PERMISSIONS[Role.SECRETARY] <= {p for p in Permission if can(user, p)}


def test_require_raises_german_message(factory):
    with pytest.raises(NotAllowed, match="keine Berechtigung"):
        require(factory.user(roles={Role.MEMBER}), P.ADMIN_USERS)


def test_editor_edits_only_own_department_drafts(factory):
    own, other = factory.department("Jobcenter"), factory.department("Finanzen")
    editor = factory.user(roles={Role.EDITOR}, department=own)
    mine, theirs = factory.paper(originator=own), factory.paper(originator=other)
    assert can(editor, P.PAPER_EDIT, mine)
    assert not can(editor, P.PAPER_EDIT, theirs)
    assert not can(editor, P.PAPER_READ, theirs)  # another department's draft stays hidden
    mine.state = PaperState.COMPLETED
    assert not can(editor, P.PAPER_EDIT, mine)


def test_editor_creates_only_for_own_department(factory):
    own, other = factory.department(), factory.department()
    editor = factory.user(roles={Role.EDITOR}, department=own)
    assert can(editor, P.PAPER_CREATE, own)
    assert not can(editor, P.PAPER_CREATE, other)


def test_secretary_manages_only_their_committees(factory):
    mine, other = factory.committee("Kreisausschuss"), factory.committee("Schulausschuss")
    secretary = factory.user(roles={Role.SECRETARY}, committees=[mine])
    assert can(secretary, P.MEETING_MANAGE, factory.meeting(mine))
    assert can(secretary, P.MEETING_MANAGE, mine)
    assert not can(secretary, P.MEETING_MANAGE, factory.meeting(other))
    assert not can(secretary, P.MINUTES_WRITE, factory.meeting(other))


def test_joint_meeting_is_managed_by_secretaries_of_either_committee(factory):
    lead, joint = factory.committee(), factory.committee()
    meeting = factory.meeting(lead)
    meeting.joint_organizations.append(joint)
    assert can(factory.user(roles={Role.SECRETARY}, committees=[joint]), P.MEETING_MANAGE, meeting)


def test_member_reads_non_public_parts_of_own_committees_only(factory):
    mine, other = factory.committee(), factory.committee()
    person = factory.person()
    factory.membership(person, mine)
    member = factory.user(roles={Role.MEMBER}, person=person)
    assert can(member, P.MEETING_READ_INTERNAL, factory.meeting(mine, MeetingState.INVITED))
    assert not can(member, P.MEETING_READ_INTERNAL, factory.meeting(other, MeetingState.INVITED))
    assert not can(member, P.MINUTES_WRITE, factory.meeting(mine))


def test_member_reads_papers_consulted_by_own_committee_not_drafts(factory):
    mine = factory.committee()
    person = factory.person()
    factory.membership(person, mine)
    member = factory.user(roles={Role.MEMBER}, person=person)
    paper = factory.paper()
    factory.consultation(paper, mine)
    assert not can(member, P.PAPER_READ, paper)  # still a draft
    paper.state = PaperState.RELEASED
    assert can(member, P.PAPER_READ, paper)
    unrelated = factory.paper()
    unrelated.state = PaperState.RELEASED
    assert not can(member, P.PAPER_READ, unrelated)
