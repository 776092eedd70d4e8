"""Claims API: report, list (keyset pages), read, move through the lifecycle, timeline, files."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response
from pydantic import BaseModel

from claimdesk.adapters.db.revisions import claim_revision, page_revisions
from claimdesk.analytics.claim_page import claim_header
from claimdesk.domain.claim import Claim, ClaimStatus, Denial, Material, can_see_claim
from claimdesk.domain.errors import NotFound
from claimdesk.domain.users import User
from claimdesk.services.claims import moves as claim_moves
from claimdesk.services.claims import use_cases as claim_service
from claimdesk.services.claims.timeline import claim_timeline
from claimdesk.services.claims.use_cases import ClaimReport
from claimdesk.services.context import ServiceContext
from claimdesk.services.materials import use_cases as material_service
from claimdesk.services.ports import ClaimFilter
from claimdesk.web.api.schemas import (
    ClaimOut,
    ClaimPage,
    MaterialIn,
    ReportClaimIn,
    TimelineEventOut,
    TransitionIn,
    claim_out,
)
from claimdesk.web.claim_answers import KeptClaim
from claimdesk.web.deps import ApiCall, ApiCallDep, ApiUser, Context, WiringDep
from claimdesk.web.params import CursorQuery, Id, OptionalIdQuery

router = APIRouter(prefix="/api/claims", tags=["claims"])

IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]


@router.post("", response_model=ClaimOut, status_code=201)
def report_claim(
    body: ReportClaimIn,
    user: ApiUser,
    context: Context,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> ClaimOut:
    report = ClaimReport(
        policy_no=body.policy_no,
        member_no=body.member_no,
        incident_date=body.incident_date,
        incident_description=body.incident_description,
        claimed_amount=body.claimed_amount,
        visits=tuple(visit.to_domain() for visit in body.visits),
        accident=body.accident.to_domain() if body.accident else None,
        outcome=body.outcome.to_domain() if body.outcome else None,
    )
    claim, created = claim_service.report_claim(
        context,
        actor=user,
        report=report,
        idempotency_key=idempotency_key,
        require_line_facts=True,  # supply days, sessions: refused when missing (issue 11)
    )
    if not created:
        response.status_code = 200
    return _out(context, user, claim)


@router.get("", response_model=ClaimPage)
async def list_claims(
    call: ApiCallDep,
    status: ClaimStatus | None = None,
    product_code: str | None = None,
    policy_id: OptionalIdQuery = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    cursor: CursorQuery = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Response:
    claim_filter = ClaimFilter(
        status=status, product_code=product_code, policy_id=policy_id, search=q
    )
    # The database work on the read threads, never on the event loop (web/read_threads.py).
    return await call.threads.run(claim_list_json, call, claim_filter, cursor, limit)


def claim_list_json(
    call: ApiCall, claim_filter: ClaimFilter, cursor: int | None, limit: int
) -> Response:
    """The list page's JSON (also answered by `hot_reads.PageAnswerRoute`)."""
    user = call.user
    seen: list[tuple[int, int]] = []
    if not claim_filter.search:  # a search is read as before (its statement is built per call)
        # The page's ids and revisions first (the actor's filter as `named_claims` applies
        # it, refusals included); every claim kept at its revision: the page from them.
        visible = claim_service.visible_filter(user, claim_filter)
        seen = page_revisions(call.wiring.engine, visible, after_id=cursor, limit=limit)
        bodies = _kept_bodies(call, user, seen)
        if bodies is not None:
            return _page(bodies, seen[-1][0] if len(seen) == limit else None)
    claims, names = claim_service.named_claims(
        call.wiring.context(),
        actor=user,
        claim_filter=claim_filter,
        after_id=cursor,
        limit=limit,
        with_names=True,
    )
    revisions = dict(seen)
    bodies = []
    for claim in claims:
        name = names.get(claim.insured_person_id)
        body = claim_body(user, claim, name)
        bodies.append(body)
        if (revision := revisions.get(claim.id or 0)) is not None:
            _remember(call, revision, claim, name, user, body)  # read after its revision
    return _page(bodies, claims[-1].id if len(claims) == limit else None)


def _page(bodies: list[bytes], last_id: int | None) -> Response:
    """`ClaimPage(items=…, next_cursor=…)` as its JSON, from each item's JSON (the same bytes
    pydantic writes for the page: compact, the items in order, the cursor a string)."""
    cursor = b"null" if last_id is None else b'"%d"' % last_id
    body = b'{"items":[' + b",".join(bodies) + b'],"next_cursor":' + cursor + b"}"
    return Response(body, media_type="application/json")


def _kept_bodies(call: ApiCall, user: User, seen: list[tuple[int, int]]) -> list[bytes] | None:
    """Each claim's body for this user's role, or None when one is not kept at its revision."""
    found = call.answers.get_all(seen)
    if found is None:
        return None
    pairs = zip(seen, found, strict=True)
    return [_role_body(call, user, claim_id, kept) for (claim_id, _), kept in pairs]


def _role_body(call: ApiCall, user: User, claim_id: int, kept: KeptClaim) -> bytes:
    """The kept claim's body for the user's role, built and kept on its first ask."""
    body = kept.bodies.get(user.role)
    if body is None:  # the moves offered are the role's (User.can)
        body = claim_body(user, kept.claim, kept.insured_name)
        call.answers.add_body(claim_id, kept, user.role, body)
    return body


def _remember(
    call: ApiCall, revision: int, claim: Claim, name: str | None, user: User, body: bytes
) -> None:
    assert claim.id is not None
    kept = call.answers.get(claim.id, revision)
    if kept is not None:
        call.answers.add_body(claim.id, kept, user.role, body)
    else:
        call.answers.keep(claim.id, KeptClaim(revision, claim, name, {user.role: body}, len(body)))


@router.get("/{claim_id}", response_model=ClaimOut)
async def get_claim(claim_id: Id, call: ApiCallDep) -> Response:
    return await call.threads.run(claim_json, call, claim_id)


def claim_json(call: ApiCall, claim_id: int) -> Response:
    user = call.user
    # The revision first: what is read after it may be newer, never older (claim_answers.py).
    revision = claim_revision(call.wiring.engine, claim_id)
    kept = None if revision is None else call.answers.get(claim_id, revision)
    if kept is None:
        claim, insured_name = claim_header(call.wiring.uow(), user, claim_id)  # one unit of work
        body = claim_body(user, claim, insured_name)
        if revision is not None:
            _remember(call, revision, claim, insured_name, user, body)
        return Response(body, media_type="application/json")
    if not can_see_claim(user, kept.claim):  # as visible_claim: the same 404 as unkept
        raise NotFound("赔案 claim", kept.claim.id)
    return Response(_role_body(call, user, claim_id, kept), media_type="application/json")


def claim_body(user: User, claim: Claim, insured_name: str | None) -> bytes:
    """The claim's answer to this user: the bytes `as_json` sent for it."""
    model = claim_out(claim, claim_moves.moves_for(user, claim), insured_name)
    return model.model_dump_json().encode()  # what Response would send for the text


def as_json(model: BaseModel) -> Response:
    """The response model's JSON, written once. Returned as a model, FastAPI would dump it,
    validate it again against the response model and serialise it — in a second threadpool hop
    for a sync route (issue 17). The schema (OpenAPI) is the route's `response_model` still."""
    return Response(model.model_dump_json(), media_type="application/json")


@router.post("/{claim_id}/transitions", response_model=ClaimOut)
def move_claim(claim_id: Id, body: TransitionIn, user: ApiUser, context: Context) -> ClaimOut:
    claim = claim_moves.move_claim(
        context,
        actor=user,
        claim_id=claim_id,
        target=body.to,
        reason=body.reason,
        expected_version=body.version,
        denial=Denial(tuple(body.reason_codes), body.clause) if body.to == "denied" else None,
    )
    return _out(context, user, claim)


def _out(context: ServiceContext, user: User, claim: Claim) -> ClaimOut:
    names = claim_service.insured_names(context, claims=[claim])
    return claim_out(claim, claim_moves.moves_for(user, claim), names.get(claim.insured_person_id))


@router.get("/{claim_id}/timeline", response_model=list[TimelineEventOut])
def get_timeline(claim_id: Id, user: ApiUser, wiring: WiringDep) -> list[TimelineEventOut]:
    events = claim_timeline(wiring.uow(), user, claim_id)
    return [TimelineEventOut(**vars(event)) for event in events]


@router.post("/{claim_id}/materials", status_code=201)
def attach_material(
    claim_id: Id, body: MaterialIn, user: ApiUser, context: Context
) -> dict[str, object]:
    metadata = material_service.MaterialMetadata(**body.model_dump())
    material = material_service.attach_material(
        context, actor=user, claim_id=claim_id, metadata=metadata
    )
    return _material_out(material)


@router.get("/{claim_id}/materials")
def list_materials(claim_id: Id, user: ApiUser, context: Context) -> list[dict[str, object]]:
    found = material_service.list_materials(context, actor=user, claim_id=claim_id)
    return [_material_out(m) for m in found]


def _material_out(material: Material) -> dict[str, object]:
    return {
        "id": material.id,
        "code": material.code,
        "file_name": material.file_name,
        "content_type": material.content_type,
        "size": material.size,
        "sha256": material.sha256,
        "status": material.status,
        "uploaded_at": material.uploaded_at.isoformat(),
    }
