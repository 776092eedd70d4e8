"""拍照识别 on the portal report form (SQLite and PostgreSQL): the photo's fields pre-fill the
form for the customer to confirm (nothing reported), the report then keeps the photo as the
claim's 医疗费用原始收据; bad files and a server without the OCR library are refused clearly.
The engine here is a fake that "sees" a printed receipt; the real one is tested in
test_receipt_ocr_accuracy.py."""

from __future__ import annotations

import io
import re
import sys

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from claimdesk.adapters.receipt_ocr import RapidReceiptReader
from claimdesk.bootstrap import Container
from claimdesk.demo.hospitals import load_registry
from claimdesk.domain.receipts import TextBox
from claimdesk.services.claims.use_cases import list_claims
from claimdesk.services.ports import ClaimFilter
from tests.builders import POLICY_NO, World, a_world
from tests.integration.test_web_pages import _csrf, sign_in

PRINTED = (
    "上海市医疗收费票据（电子）",
    "开票日期：2026-05-20",
    "收款单位：上海市第六人民医院",
    "项目名称 金额（元）",
    "治疗费 378.81",
    "化验费 120.00",
    "合计（小写）：￥498.81",
)


class PrintedReceipt:
    """A fake engine: whatever the photo, it finds these lines, one box per line."""

    def __init__(self, lines: tuple[str, ...] = PRINTED) -> None:
        self.lines = lines

    def read(self, image: bytes) -> list[TextBox]:
        return [TextBox(text, 40, 50 * n, 600, 50 * n + 30) for n, text in enumerate(self.lines)]


def a_photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (250, 248, 240)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def world(container: Container) -> World:
    made = a_world(container)
    load_registry(container.context(), made.users["admin"])
    container.receipt_reader = PrintedReceipt()
    return made


def _fields(page: str, **more: object) -> dict[str, object]:
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page)
    assert key is not None
    insured = {"policy_no": POLICY_NO, "member_no": "E1", "visit_kind": "outpatient"}
    return {"csrf_token": _csrf(page), "idempotency_key": key.group(1), **insured,
            "diagnosis": "急性胃肠炎", **more}  # fmt: skip


def _value(page: str, field_id: str) -> str:
    found = re.search(rf'id="{field_id}"[^>]*value="([^"]*)"', page)
    assert found is not None, field_id
    return found.group(1)


def test_a_receipt_photo_prefills_the_form_and_is_kept_with_the_report(
    world: World, container: Container, client: TestClient
) -> None:
    sign_in(client, "customer")
    page = client.get("/portal/report").text
    assert 'id="read-receipt"' in page and 'capture="environment"' in page

    photo = {"photo": ("票据.png", a_photo(), "image/png")}
    read = client.post("/portal/report/receipt", data=_fields(page), files=photo)
    assert read.status_code == 200
    assert _value(read.text, "hospital_name") == "上海市第六人民医院"
    assert _value(read.text, "visit_date") == "2026-05-20"
    assert [_value(read.text, f"amount-{n}") for n in (1, 2, 3)] == ["378.81", "120.00", ""]
    assert _value(read.text, "line_name-2") == "化验费"
    assert '<option value="lab" selected>' in read.text.split('id="line_type-2"')[1]
    assert "目录内医院" in read.text and "请核对" in read.text and _value(read.text, "diagnosis")
    customer = world.users["customer"]
    mine = list_claims(container.context(), actor=customer, claim_filter=ClaimFilter(),
                       after_id=None, limit=5)  # fmt: skip
    assert mine == []  # read, never reported by itself

    kept = re.search(r'name="receipt_photo" value="([0-9a-f]{64})"', read.text)
    assert kept is not None
    form = _fields(read.text, visit_date="2026-05-20", hospital_name="上海市第六人民医院",
                   line_type=["treatment", "lab"], line_name=["治疗费", "化验费"],
                   amount=["378.81", "120.00"], days_supply=["", ""], sessions=["", ""],
                   receipt_photo=kept.group(1))  # fmt: skip
    reported = client.post("/portal/report", data=form, follow_redirects=False)
    assert reported.status_code == 303
    claim_id = int(reported.headers["location"].rsplit("/", 1)[1])
    with container.uow() as uow:
        (material,) = uow.materials.for_claim(claim_id)
    assert (material.code, material.sha256, material.content_type) == (
        "original_receipts", kept.group(1), "image/png")  # fmt: skip
    assert "票据照片已作为" in client.get(reported.headers["location"]).text


def test_a_misread_hospital_name_is_found_in_the_registry(
    world: World, container: Container, client: TestClient
) -> None:
    misread = "收款单位：上海交通大学医学院附属端金医院"  # 瑞 read as 端
    container.receipt_reader = PrintedReceipt((misread, *PRINTED[3:]))
    sign_in(client, "customer")
    page = client.get("/portal/report").text
    photo = {"photo": ("receipt.png", a_photo(), "image/png")}
    read = client.post("/portal/report/receipt", data=_fields(page), files=photo)
    assert _value(read.text, "hospital_name") == "上海交通大学医学院附属瑞金医院"
    assert _value(read.text, "visit_date") == ""  # no date printed: left for the customer
    assert "目录内医院" in read.text


def test_the_reading_is_shown_in_english_too(world: World, client: TestClient) -> None:
    sign_in(client, "customer")
    page = client.get("/portal/report?lang=en").text
    assert "Read the photo" in page and "拍照识别" not in page
    photo = {"photo": ("receipt.png", a_photo(), "image/png")}
    read = client.post("/portal/report/receipt", data=_fields(page), files=photo)
    assert "please check the fields filled in below" in read.text and "in our registry" in read.text


def test_a_photo_not_read_on_this_form_is_never_attached(
    world: World, container: Container, client: TestClient
) -> None:
    sign_in(client, "customer")
    page = client.get("/portal/report").text
    form = _fields(page, visit_date="2026-05-20", hospital_name="六院", line_type=["lab"],
                   line_name=["化验费"], amount=["120.00"], days_supply=[""], sessions=[""],
                   receipt_photo="a" * 64)  # fmt: skip
    reported = client.post("/portal/report", data=form, follow_redirects=False)
    assert reported.status_code == 303
    with container.uow() as uow:
        assert uow.materials.for_claim(int(reported.headers["location"].rsplit("/", 1)[1])) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"%PDF-1.7 receipt", "识别只支持 JPEG 或 PNG 照片"),
     (b"plain text, not a picture", "文件内容不是 PDF、JPEG、PNG 或 HEIC"),
     (b"", "请先拍摄或选择票据照片")],
    ids=["pdf", "not-an-image", "empty"],
)  # fmt: skip
def test_a_file_that_is_not_a_photo_is_refused_by_its_content(
    world: World, client: TestClient, content: bytes, message: str
) -> None:
    sign_in(client, "customer")
    page = client.get("/portal/report").text
    photo = {"photo": ("receipt.jpg", content, "image/jpeg")}
    read = client.post("/portal/report/receipt", data=_fields(page), files=photo)
    assert read.status_code == 422
    assert message in read.text and 'id="err-receipt_photo"' in read.text
    assert _value(read.text, "diagnosis") == "急性胃肠炎"  # what was typed stays


def test_a_photo_over_the_upload_limit_is_refused(
    world: World, container: Container, client: TestClient
) -> None:
    container.settings.upload_limit_bytes = 1024
    sign_in(client, "customer")
    page = client.get("/portal/report").text
    big = {"photo": ("receipt.png", a_photo() + b"\0" * 2048, "image/png")}
    read = client.post("/portal/report/receipt", data=_fields(page), files=big)
    assert read.status_code == 422 and "文件超过大小上限" in read.text


def test_without_the_ocr_library_the_form_says_recognition_is_unavailable(
    world: World, container: Container, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)  # as if not installed
    container.receipt_reader = RapidReceiptReader()
    sign_in(client, "customer")
    page = client.get("/portal/report").text
    photo = {"photo": ("receipt.png", a_photo(), "image/png")}
    read = client.post("/portal/report/receipt", data=_fields(page), files=photo)
    assert read.status_code == 422 and "识别不可用" in read.text
    assert 'id="submit-report"' in read.text  # the customer types the fields instead
