"""Domain model; importing this package registers every table on ``Base.metadata``."""
from .agenda_item import AgendaItem, agenda_item_files
from .alert_subscription import AlertSeen, AlertSubscription, AlertTopic
from .attendance import Attendance
from .audit_event import AuditEvent
from . import soft_delete
from .base import Base, OParlMixin, utc_now
from .body import Body
from .consultation import Consultation
from .enums import (
    AgendaItemKind,
    AgendaItemResult,
    AttendanceStatus,
    AttendeeKind,
    ConsultationRole,
    MeetingState,
    MembershipRole,
    MinutesPublication,
    MinutesState,
    OrganizationType,
    PaperState,
    PaperType,
    QuorumRule,
    Role,
    SignOffCapacity,
    SignOffState,
    VoteChoice,
)
from .faction_vote import FactionVote, VotePart
from .file import File
from .implementation import DecisionImplementation, ImplementationReport, ImplementationStatus
from .legislative_term import LegislativeTerm
from .location import Location
from .mail_dispatch import MailAddressFlag, MailDispatch
from .mail_message import MailAttachment, MailKind, MailMessage, MailState
from .meeting import Meeting, meeting_files, meeting_joint_organizations
from .member_vote import MemberVote
from .membership import Membership
from .minutes import Minutes
from .organization import Organization
from .paper import (
    Paper,
    PaperReferenceCounter,
    PaperVersion,
    paper_files,
    paper_further_leads,
    paper_hierarchy,
    paper_locations,
    paper_originator_organizations,
    paper_originator_persons,
    paper_participants,
    paper_related,
)
from .person import Person
from .revision import AgendaItemRevision
from .search_entry import search_changes, search_internal_entries, search_public_entries, search_words
from .search_synonym import SearchSynonymGroup
from .sign_off import SignOff, SignOffChain, SignOffChainRule, SignOffPosition, SignOffPositionHolder
from .task_notice import TaskNotice, TaskNoticeMode
from .user import LoginThrottle, User, UserRole, UserSession, user_bodies, user_committees

soft_delete.index_deleted_rows(Base)

__all__ = [
    "AlertSeen", "AlertSubscription", "AlertTopic", "MailAddressFlag", "MailAttachment", "MailDispatch", "MailKind",
    "MailMessage", "MailState", "TaskNotice", "TaskNoticeMode",
    "AgendaItem", "AgendaItemKind", "AgendaItemResult", "FactionVote", "VotePart", "AgendaItemRevision", "Attendance", "AttendanceStatus", "AttendeeKind",
    "AuditEvent", "Base", "Body", "Consultation", "ConsultationRole", "DecisionImplementation", "File",
    "ImplementationReport", "ImplementationStatus", "LegislativeTerm", "Location",
    "LoginThrottle", "Meeting", "MeetingState", "MemberVote", "Membership", "MembershipRole", "Minutes",
    "MinutesPublication", "MinutesState", "OParlMixin", "Organization", "OrganizationType", "Paper", "PaperReferenceCounter",
    "PaperState", "PaperType", "PaperVersion", "Person", "QuorumRule", "Role", "SearchSynonymGroup", "SignOff", "SignOffCapacity",
    "SignOffChain", "SignOffChainRule", "SignOffPosition", "SignOffPositionHolder", "SignOffState", "User",
    "UserRole", "UserSession", "VoteChoice", "agenda_item_files", "meeting_files", "meeting_joint_organizations", "paper_files",
    "paper_further_leads", "paper_hierarchy", "paper_locations", "paper_originator_organizations",
    "paper_originator_persons", "paper_participants", "paper_related", "search_internal_entries",
    "search_changes", "search_public_entries", "search_words", "soft_delete", "user_bodies",
    "user_committees", "utc_now",
]
