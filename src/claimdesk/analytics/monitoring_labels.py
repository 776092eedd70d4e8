"""Labels of the 理赔时效监测表 in Chinese (the names the seed uses) and English.

The report is also written by the command line, which has no web catalogue, so its labels
live here as data; web pages show the same labels.
"""

from __future__ import annotations

from claimdesk.analytics.monitoring_limits import LIMITS

LABELS: dict[str, tuple[str, str]] = {
    "title": ("理赔时效监测表", "Claims timeliness monitoring report"),
    "all": ("合计", "All lines"),
    "health": ("健康险", "Health"),
    "accident": ("意外险", "Accident"),
    "auto": ("车险", "Auto"),
    # stages
    "report_to_registration": ("报案→立案", "Report → registration"),
    "registration_to_adjudication": ("立案→理算", "Registration → adjudication"),
    "adjudication_to_approval": ("理算→核赔", "Adjudication → approval"),
    "approval_to_payment": ("核赔→支付", "Approval → payment"),
    "report_to_close": ("报案→结案（全程）", "Report → close (whole claim)"),
    # open reasons (未结案原因)
    "in_registration": ("受理立案中", "Being registered"),
    "awaiting_materials": ("等待客户补充材料", "Awaiting the customer's materials"),
    "in_review": ("审核理算中", "In review and adjudication"),
    "under_investigation": ("调查查勘中", "Under investigation or survey"),
    "awaiting_approval": ("待核赔", "Awaiting approval"),
    "awaiting_payment": ("待支付", "Awaiting payment"),
    "awaiting_third_party": ("等待第三方（交警、医院、公估）", "Awaiting a third party"),
    "dispute": ("争议或诉讼", "Dispute or litigation"),
    "other": ("其他", "Other"),
    "closed_later": ("月末未结，现已结案", "Open at month end, settled since"),
    # sheets
    "summary": ("时效监测汇总", "Summary"),
    "stages": ("各环节处理时长", "Stage durations"),
    "compliance": ("时效达成率", "Time-limit compliance"),
    "open": ("月末未结案件", "Open at month end"),
    "breached": ("超时未结案件清单", "Open claims past a limit"),
    "loss_ratio": ("当月赔付率", "Loss ratio of the month"),
    "age": ("账龄（天）", "Age (days)"),
    "reason": ("未结案原因", "Open reason"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
}
LABELS.update({limit.code: (limit.name_zh, limit.name_en) for limit in LIMITS})
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "reported": ("已报案", "Reported"),
    "accepted": ("已受理", "Accepted"),
    "materials_pending": ("待补材料", "Materials pending"),
    "under_review": ("审核中", "Under review"),
    "investigation": ("调查中", "Investigation"),
    "adjudicated": ("已理算", "Adjudicated"),
    "approved": ("已核赔", "Approved"),
    "payment_pending": ("支付中", "Payment pending"),
    "paid": ("已赔付", "Paid"),
    "closed": ("已结案", "Closed"),
    "archived": ("已归档", "Archived"),
    "denied": ("已拒赔", "Denied"),
    "withdrawn": ("已注销", "Withdrawn"),
    "reopened": ("已重开", "Reopened"),
}
HEADERS: dict[str, tuple[tuple[str, str], ...]] = {
    "summary": (
        ("险种", "Line"), ("报案件数", "Reported"), ("立案件数", "Registered"),
        ("结案件数", "Closed"), ("其中赔付", "Paid"), ("其中拒赔", "Denied"),
        ("其中注销", "Withdrawn"), ("结案率", "Closing ratio"), ("赔付金额（元）", "Paid (yuan)"),
        ("月末未结案件数", "Open at month end"), ("平均处理时长（天）", "Average days"),
        ("P90处理时长（天）", "P90 days"), ("平均处理时长（工作日）", "Average working days"),
        ("P90处理时长（工作日）", "P90 working days"),
    ),
    "stages": (
        ("险种", "Line"), ("环节", "Stage"), ("案件数", "Claims"), ("平均（天）", "Average days"),
        ("P90（天）", "P90 days"), ("平均（工作日）", "Average working days"),
        ("P90（工作日）", "P90 working days"),
    ),
    "compliance": (
        ("险种", "Line"), ("时效", "Time limit"), ("完成件数", "Counted"), ("达标件数", "On time"),
        ("达成率", "Rate"), ("达到95%", "Meets 95%"),
    ),
    "open": (("险种", "Line"), ("分类", "By"), ("项目", "Group"), ("件数", "Claims")),
    "breached": (
        ("赔案号", "Claim no."), ("险种", "Line"), ("状态", "Status"), ("报案时间", "Reported"),
        ("未结天数", "Days open"), ("超出时效", "Limits past due"), ("经办人", "Handler"),
        ("未结案原因", "Open reason"), ("说明", "Note"),
    ),
    "loss_ratio": (
        ("险种", "Line"), ("已赚保费（元）", "Earned premium (yuan)"),
        ("已决赔款（元）", "Paid (yuan)"), ("未决赔款准备金（元）", "Case reserve (yuan)"),
        ("已发生赔款（元）", "Incurred (yuan)"), ("赔付率", "Loss ratio"), ("案件数", "Claims"),
        ("在85%–90%区间", "Within 85–90%"),
    ),
}  # fmt: skip


def label(code: str, lang: str) -> str:
    zh, en = LABELS.get(code) or STATUS_LABELS.get(code) or (code, code)
    return en if lang == "en" else zh


def header(sheet: str, lang: str) -> list[str]:
    return [en if lang == "en" else zh for zh, en in HEADERS[sheet]]
