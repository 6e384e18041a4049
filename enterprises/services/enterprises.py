"""Writes to enterprise records and their ISO 9001 certificates (R12) (STYLE.md §4).

Each service owns its transaction, checks the acting user's permission (enterprises.permissions), locks the row it edits
and compares versions through the kernel (portal.services: two people editing one enterprise, the second is told),
records who through django-simple-history and re-checks inside the transaction that the row is still the writer's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from campaign.models import MemberUnit
from enterprises.codes import normalise_phone, validate_credit_code
from enterprises.models import AuditKind, Certificate, Cluster, Enterprise, SizeClass
from portal.scoping import ensure_still_visible
from portal.services import model_update, require_perm, save_with_history


@dataclass
class EnterpriseData:
    """Everything of an enterprise record a coordinator enters (the roster import fills the same)."""

    name: str
    credit_code: str
    district: MemberUnit
    address: str = ""
    cluster: str = Cluster.OTHER
    size_class: str = SizeClass.SMALL
    employees: int | None = None
    annual_revenue: Decimal | None = None
    contact_name: str = ""
    contact_phone: str = ""
    is_foreign_trade: bool = False
    is_specialised: bool = False
    is_three_same: bool = False
    took_part_before: bool = False


def _duplicate_code_error() -> ValidationError:
    return ValidationError(
        {"credit_code": _("An enterprise with this unified social credit code is already recorded.")},
        code="duplicate",
    )


def clean_enterprise_data(data: EnterpriseData) -> EnterpriseData:
    """Normalise and check the fields the form cannot (code, phone); errors keyed by field."""
    errors: dict[str, str | list[str]] = {}
    data.name = (data.name or "").strip()
    if not data.name:
        errors["name"] = _("Enter the enterprise's name.")
    try:
        data.credit_code = validate_credit_code(data.credit_code)
    except ValidationError as exc:
        errors["credit_code"] = exc.messages
    if data.contact_phone:
        try:
            data.contact_phone = normalise_phone(data.contact_phone)
        except ValidationError as exc:
            errors["contact_phone"] = exc.messages
    if data.cluster not in Cluster.values:
        errors["cluster"] = _("Choose one of the industry clusters.")
    if data.size_class not in SizeClass.values:
        errors["size_class"] = _("Choose small or micro.")
    data.address = (data.address or "").strip()
    data.contact_name = (data.contact_name or "").strip()
    if errors:
        raise ValidationError(errors)
    return data


def district_sort_orders(district_ids: Iterable[int]) -> dict[int, int]:
    """The districts' sort_order by id, for the enterprises' copy (Enterprise.district_sort_order) that the caller
    writes in this transaction.

    Read under a lock: a unit reordered in the admin at this moment (enterprise_district_order_follow) either waits
    for this transaction, whose enterprises it then updates too, or commits first and its new order is read here.
    FOR NO KEY UPDATE, the row lock an UPDATE of the unit takes, so that rows referring to the unit (a plain FOR
    UPDATE would hold up their foreign-key checks) are not held up. Take it before locking any enterprise: the
    admin's reordering locks the unit first, then its enterprises."""
    units = MemberUnit.objects.select_for_update(no_key=True).filter(pk__in=set(district_ids))
    return dict(units.values_list("pk", "sort_order"))


def enterprise_district_order_follow(*, district: MemberUnit) -> int:
    """Copy ``district``'s sort_order onto its enterprises, in one UPDATE of the rows that differ; returns their
    number. Call in the transaction that saves the unit's new sort_order (campaign.admin, seed_demo)."""
    rows = Enterprise.objects.filter(district=district).exclude(district_sort_order=district.sort_order)
    return rows.update(district_sort_order=district.sort_order)


def _check_district(data: EnterpriseData, acting_user) -> None:
    probe = Enterprise(tenant_id=data.district.tenant_id, district=data.district)
    if not data.district.is_district or not acting_user.has_perm("enterprises.add_enterprise", probe):
        raise ValidationError({"district": _("You can only keep records of enterprises in your own district.")})


def enterprise_create(*, tenant, data: EnterpriseData, acting_user) -> Enterprise:
    """Record an enterprise of ``tenant`` (a coordinator: the regulator, or a district for its own district).
    ValidationError keyed by field for a bad name, code, phone, district or a code already recorded (code
    "duplicate"); PermissionDenied for other roles or another tenant's district."""
    require_perm(acting_user, "enterprises.keep_enterprise_records")
    data = clean_enterprise_data(data)
    if data.district.tenant_id != tenant.pk:
        raise PermissionDenied
    _check_district(data, acting_user)
    try:
        with transaction.atomic():
            if Enterprise.objects.filter(tenant=tenant, credit_code=data.credit_code).exists():
                raise _duplicate_code_error()
            enterprise = Enterprise(
                tenant=tenant,
                district_sort_order=district_sort_orders([data.district.pk])[data.district.pk],
                **{f.name: getattr(data, f.name) for f in fields(data)},
            )
            save_with_history(enterprise, acting_user=acting_user)
            ensure_still_visible(enterprise, acting_user)
    except IntegrityError:  # a double submission raced past the exists() check
        raise _duplicate_code_error() from None
    return enterprise


def enterprise_update(
    *, enterprise: Enterprise, data: EnterpriseData, expected_version: int | None, acting_user
) -> Enterprise:
    """Change the whole record (coordinators only). ``expected_version`` is the version the user read: a record
    changed meanwhile is a ValidationError "stale"; errors as ``enterprise_create``."""
    require_perm(acting_user, "enterprises.change_enterprise_record", enterprise)
    data = clean_enterprise_data(data)
    if data.district.tenant_id != enterprise.tenant_id:
        raise PermissionDenied
    if data.district.pk != enterprise.district_id:
        _check_district(data, acting_user)
    try:
        with transaction.atomic():
            taken = Enterprise.objects.filter(tenant_id=enterprise.tenant_id, credit_code=data.credit_code)
            if taken.exclude(pk=enterprise.pk).exists():
                raise _duplicate_code_error()
            sort_order = district_sort_orders([data.district.pk])[data.district.pk]
            row = model_update(
                enterprise,
                data={field.name: getattr(data, field.name) for field in fields(data)}
                | {"district_sort_order": sort_order},
                expected_version=expected_version,
                acting_user=acting_user,
            )
    except IntegrityError:  # a concurrent write took the code after the check; the unique constraint refused it
        raise _duplicate_code_error() from None
    return row


def enterprise_contact_update(
    *, enterprise: Enterprise, contact_name: str, contact_phone: str, expected_version: int | None, acting_user
) -> Enterprise:
    """四(三)1 指定专人具体负责: the enterprise names its own responsible person and phone."""
    require_perm(acting_user, "enterprises.change_enterprise_contact", enterprise)
    contact_name = (contact_name or "").strip()
    if not contact_name:
        raise ValidationError({"contact_name": _("Name the person responsible for the improvement work.")})
    try:
        phone = normalise_phone(contact_phone)
    except ValidationError as exc:
        raise ValidationError({"contact_phone": exc.messages}) from None
    return model_update(
        enterprise,
        data={"contact_name": contact_name, "contact_phone": phone},
        expected_version=expected_version,
        acting_user=acting_user,
    )


@dataclass
class CertificateData:
    issuing_body: str
    number: str
    issued_on: date
    expires_on: date
    next_audit_on: date | None = None
    next_audit_kind: str = AuditKind.SURVEILLANCE


def _clean_certificate(data: CertificateData) -> CertificateData:
    errors = {}
    data.issuing_body = (data.issuing_body or "").strip()
    data.number = (data.number or "").strip()
    if not data.issuing_body:
        errors["issuing_body"] = _("Name the certification body that issued the certificate.")
    if not data.number:
        errors["number"] = _("Enter the certificate number.")
    if data.issued_on and data.expires_on and data.expires_on <= data.issued_on:
        errors["expires_on"] = _("The certificate must expire after it was issued.")
    if data.next_audit_on and data.issued_on and not (data.issued_on < data.next_audit_on <= data.expires_on):
        errors["next_audit_on"] = _("The next audit must fall after the issue date and by the expiry date.")
    if data.next_audit_kind not in AuditKind.values:
        errors["next_audit_kind"] = _("Choose surveillance or recertification.")
    if errors:
        raise ValidationError(errors)
    return data


def _duplicate_certificate() -> ValidationError:
    return ValidationError({"number": _("This enterprise already has a certificate with this number.")})


def certificate_create(*, enterprise: Enterprise, data: CertificateData, acting_user) -> Certificate:
    """R12: record an ISO 9001 certificate the enterprise holds (its coordinators or the enterprise itself).
    ValidationError keyed by field for missing names, dates out of order, a number already recorded."""
    require_perm(acting_user, "enterprises.change_certificate", enterprise)
    data = _clean_certificate(data)
    try:
        with transaction.atomic():
            if Certificate.objects.filter(enterprise=enterprise, number=data.number).exists():
                raise _duplicate_certificate()
            certificate = Certificate(enterprise=enterprise, **{f.name: getattr(data, f.name) for f in fields(data)})
            save_with_history(certificate, acting_user=acting_user)
            ensure_still_visible(certificate, acting_user)
    except IntegrityError:
        raise _duplicate_certificate() from None
    return certificate


def certificate_update(
    *, certificate: Certificate, data: CertificateData, expected_version: int | None, acting_user
) -> Certificate:
    """R12: correct a certificate; ``expected_version`` as ``enterprise_update``, errors as ``certificate_create``."""
    require_perm(acting_user, "enterprises.change_certificate", certificate.enterprise)
    data = _clean_certificate(data)
    try:
        with transaction.atomic():
            taken = Certificate.objects.filter(enterprise_id=certificate.enterprise_id, number=data.number)
            if taken.exclude(pk=certificate.pk).exists():
                raise _duplicate_certificate()
            row = model_update(
                certificate,
                data={field.name: getattr(data, field.name) for field in fields(data)},
                expected_version=expected_version,
                acting_user=acting_user,
            )
    except IntegrityError:  # a concurrent write took the number after the check; the unique constraint refused it
        raise _duplicate_certificate() from None
    return row


def certificate_delete(*, certificate: Certificate, acting_user) -> None:
    """Delete a certificate (the history keeps it); deleting one already gone does nothing."""
    require_perm(acting_user, "enterprises.change_certificate", certificate.enterprise)
    with transaction.atomic():
        row = Certificate.objects.select_for_update().filter(pk=certificate.pk).first()
        if row is not None:  # already deleted by a double click: nothing to do
            # simple-history records the deletion with this user (save_with_history is for saves).
            row._history_user = acting_user  # type: ignore[attr-defined]
            row.delete()
