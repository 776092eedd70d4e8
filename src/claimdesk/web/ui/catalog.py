"""Display names of the codes only the pages show, as gettext message ids (English; zh_CN in
the catalogue under locale/): statuses, decisions, badges, tasks. Codes that notices and PDFs
also show (materials, bill line types, roles, red flags, payments) are in domain/labels.py;
`name(kind, code)` in views.py looks in both, so templates need not know which."""

from __future__ import annotations


def N_(message: str) -> str:
    """Marks a message id for extraction (pybabel -k N_); translated where it is shown."""
    return message


STATUS_NAMES = {
    "reported": N_("Reported"),
    "accepted": N_("Accepted"),
    "materials_pending": N_("Materials pending"),
    "under_review": N_("Under review"),
    "investigation": N_("Under investigation"),
    "adjudicated": N_("Adjudicated"),
    "approved": N_("Approved"),
    "payment_pending": N_("Payment pending"),
    "paid": N_("Paid"),
    "closed": N_("Closed"),
    "archived": N_("Archived"),
    "denied": N_("Denied"),
    "withdrawn": N_("Withdrawn"),
    "reopened": N_("Reopened"),
}

DECISION_NAMES = {
    "approved": N_("Approved in full"),
    "partially_approved": N_("Partially approved"),
    "denied": N_("Nothing payable"),
    "pending_materials": N_("Pending materials"),
}


BILL_PARTS = {
    "fund_paid": N_("Fund paid"),
    "category_self_pay": N_("Category self-pay"),
    "self_funded": N_("Self-funded"),
    "self_pay": N_("Self-pay"),
}

VISIT_KINDS = {
    "outpatient": N_("Outpatient"),
    "emergency": N_("Emergency"),
    "inpatient": N_("Inpatient"),
}

BADGE_NAMES = {
    "on_track": N_("On track"),
    "at_risk": N_("At risk"),
    "breached": N_("Breached"),
    "met": N_("Met"),
    "cancelled": N_("No longer applies"),
}


LINE_OF_BUSINESS_NAMES = {
    "health": N_("Health"),
    "accident": N_("Accident"),
    "auto": N_("Auto"),
}

TASK_NAMES = {
    "accept": N_("Accept"),
    "check_materials": N_("Check materials"),
    "investigate": N_("Investigate"),
    "adjudicate": N_("Adjudicate"),
    "approve": N_("Approve"),
    "pay": N_("Pay"),
    "call_back": N_("Call back"),
    "escalation": N_("Escalation"),
}

NAMES = {
    "status": STATUS_NAMES,
    "decision": DECISION_NAMES,
    "part": BILL_PARTS,
    "visit_kind": VISIT_KINDS,
    "badge": BADGE_NAMES,
    "line": LINE_OF_BUSINESS_NAMES,
    "task": TASK_NAMES,
}
