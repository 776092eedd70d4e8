"""Roles (岗位) and what each may do; enforced on the server, never only hidden in the UI."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    CUSTOMER = "customer"
    AGENT = "agent"
    SPECIALIST = "specialist"
    SURVEYOR = "surveyor"
    APPROVER = "approver"
    MANAGER = "manager"
    INVESTIGATOR = "investigator"
    FINANCE = "finance"
    ADMIN = "admin"


class Permission(StrEnum):
    REPORT_CLAIM = "report_claim"
    READ_OWN_CLAIMS = "read_own_claims"
    READ_ALL_CLAIMS = "read_all_claims"
    ACCEPT = "accept"
    REVIEW_MATERIALS = "review_materials"
    ATTACH_MATERIALS = "attach_materials"
    INVESTIGATE = "investigate"
    ADJUDICATE = "adjudicate"
    APPROVE = "approve"
    DENY = "deny"
    PAY = "pay"
    CLOSE = "close"
    ARCHIVE = "archive"
    WITHDRAW = "withdraw"
    REOPEN = "reopen"
    MANAGE_POLICIES = "manage_policies"
    MANAGE_USERS = "manage_users"
    READ_AUDIT = "read_audit"
    VIEW_PII = "view_pii"
    ASSIGN_TASKS = "assign_tasks"
    READ_REPORTS = "read_reports"  # 理赔时效监测表: generate, download, mark submitted
    SET_OPEN_REASON = "set_open_reason"  # 未结案原因 on a claim
    CHANGE_CONTACTS = "change_contacts"  # a customer's notice addresses, on their request
    VERIFY_CLAIM_DATA = "verify_claim_data"  # 审核录入: correct visits and bill lines
    HANDLE_COMPLAINTS = "handle_complaints"  # 投诉处理: classify, investigate, answer
    SERVE_CUSTOMERS = "serve_customers"  # 客服: consultations and callbacks (回访)
    REVIEW_LARGE_CLAIMS = "review_large_claims"  # 大额案件经理批复
    SET_RESERVE = "set_reserve"  # 估损调整: change a claim's case reserve, with a reason
    MANAGE_PARTNERS = "manage_partners"  # 合作机构 and price agreements (admin)


P = Permission
_STAFF_READ = {P.READ_ALL_CLAIMS, P.ATTACH_MATERIALS, P.SET_OPEN_REASON}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CUSTOMER: frozenset({P.REPORT_CLAIM, P.READ_OWN_CLAIMS, P.ATTACH_MATERIALS, P.WITHDRAW}),
    Role.AGENT: frozenset(
        _STAFF_READ
        | {P.REPORT_CLAIM, P.ACCEPT, P.WITHDRAW, P.HANDLE_COMPLAINTS, P.SERVE_CUSTOMERS}
        | {P.CHANGE_CONTACTS}
    ),
    Role.SPECIALIST: frozenset(
        _STAFF_READ
        | {P.ACCEPT, P.REVIEW_MATERIALS, P.ADJUDICATE, P.DENY, P.WITHDRAW, P.VIEW_PII}
        | {P.VERIFY_CLAIM_DATA, P.SET_RESERVE}
    ),
    Role.SURVEYOR: frozenset(_STAFF_READ | {P.REVIEW_MATERIALS, P.INVESTIGATE, P.SET_RESERVE}),
    Role.APPROVER: frozenset(_STAFF_READ | {P.APPROVE, P.DENY, P.VIEW_PII, P.VERIFY_CLAIM_DATA}),
    Role.MANAGER: frozenset(
        _STAFF_READ
        | {P.ACCEPT, P.REVIEW_MATERIALS, P.ADJUDICATE, P.APPROVE, P.DENY, P.CLOSE, P.ARCHIVE}
        | {P.REOPEN, P.ASSIGN_TASKS, P.VERIFY_CLAIM_DATA, P.REVIEW_LARGE_CLAIMS}
        | {P.SET_RESERVE}
        | {P.WITHDRAW, P.MANAGE_POLICIES, P.READ_AUDIT, P.VIEW_PII, P.READ_REPORTS}
        | {P.HANDLE_COMPLAINTS, P.SERVE_CUSTOMERS}
    ),
    Role.INVESTIGATOR: frozenset(_STAFF_READ | {P.INVESTIGATE, P.DENY, P.VIEW_PII}),
    Role.FINANCE: frozenset(_STAFF_READ | {P.PAY, P.CLOSE, P.VIEW_PII}),
    Role.ADMIN: frozenset(
        {P.READ_ALL_CLAIMS, P.MANAGE_USERS, P.MANAGE_POLICIES, P.READ_AUDIT, P.ARCHIVE}
        | {P.READ_REPORTS, P.MANAGE_PARTNERS}
    ),
}


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    role: Role
    insured_person_id: int | None = None
    language: str = "zh"
    active: bool = True
    lines_of_business: tuple[str, ...] | None = None  # None: every line
    phone: str = ""  # staff contact (系统管理 edits it)
    email: str = ""

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]


@dataclass(frozen=True)
class UserProfile:
    """What an administrator may edit on an account: name, role and contact."""

    display_name: str
    role: Role
    phone: str = ""
    email: str = ""
