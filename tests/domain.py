"""One of every enterprise and assistance row for a cast, so that tests and the isolation matrix have an own and a
foreign object of each kind. ``populate_domain(cast)`` sets attributes on the cast:

enrolment (cast.enterprise, 2023, state "assigned", with assignment to cast.expert_profile and a passed screening),
other_enrolment (cast.other_enterprise in the other district, nominated, no assignment), certificate, screening,
screening_evidence, outcome, summary, case (submitted) with case_attachment and case_review (cast.reviewer, with reviewer_profile),
draft_case, complaint (forwarded, about cast.body), working_group (+ members), assignment, auditor (another expert of
the body, who never assisted), certification_audit, visit (+ visit_file), diagnosis, problem, plan, system_document,
training, internal_audit, management_review, transition.

``populate_year(cast)`` adds one of every row of the regulator's year (issue 10): supervision_round with
supervision_visit (+ file), rectification requests to the district, the enterprise and the body (answered, with
rectification_evidence), snapshot, midterm_meeting with next_step, submission (+ submission_file), rubric (+ criteria),
case_publication, body_assessment, kickoff, notifications (one per user of the cast) and an urge to the district and
to the body. Called again with another cast of the same tenant it adds one more of each: the rows that are one per
campaign (a rubric, a mid-term meeting, a district's submission, a body's assessment, a kickoff) go to a new campaign
of an earlier year.
"""

import uuid
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from accounts.models import Membership, Role, User
from assistance import models as a
from campaign.models import Campaign, KickoffMeeting
from enterprises import models as e
from evaluation.models import BodyAssessment, BodyRating, MidtermMeeting, MidtermSnapshot, NextStep
from evaluation.selectors.figures import city_figures
from notifications.models import Notification, NotificationKind, Urge
from submissions.models import DistrictSubmission, SubmissionFile
from supervision import models as sv

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _file(name="file.pdf"):
    return ContentFile(PDF, name=name)


def populate_domain(cast):
    tag = cast.tenant.name
    cast.enrolment = e.Enrolment.objects.create(
        enterprise=cast.enterprise, campaign=cast.campaign, nominated_by=cast.district, state="assigned"
    )
    cast.other_enrolment = e.Enrolment.objects.create(
        enterprise=cast.other_enterprise, campaign=cast.campaign, nominated_by=cast.other_district
    )
    cast.transition = e.EnrolmentTransition.objects.create(
        enrolment=cast.enrolment, from_state="nominated", to_state="screened", by=cast.district, reason="初筛通过"
    )
    cast.certificate = e.Certificate.objects.create(
        enterprise=cast.enterprise,
        issuing_body=f"{tag}质量认证中心",
        number=f"{tag}-QMS-0001",
        issued_on=date(2021, 3, 1),
        expires_on=date(2024, 2, 28),
        next_audit_on=date(2023, 9, 15),
    )
    cast.screening = e.Screening.objects.create(
        enrolment=cast.enrolment,
        normal_operation=True,
        resources_committed=True,
        willing=True,
        on_abnormal_operations_list=False,
        checked_on=date(2023, 5, 20),
        checked_by=cast.district,
        passed=True,
    )
    cast.screening_evidence = e.ScreeningEvidence.objects.create(
        screening=cast.screening, file=_file("信用报告.pdf"), original_name="信用报告.pdf", uploaded_by=cast.district
    )
    cast.outcome = e.OutcomeFigures.objects.create(
        enrolment=cast.enrolment, revenue_baseline=800, pass_rate_baseline=92, updated_by=cast.enterprise_user
    )
    cast.summary = e.ImplementationSummary.objects.create(
        enrolment=cast.enrolment,
        file=_file("总结.pdf"),
        original_name=f"{tag}实施情况及成效总结.pdf",
        uploaded_by=cast.enterprise_user,
    )
    cast.case = e.Case.objects.create(
        enrolment=cast.enrolment,
        title=f"{tag}五金企业过程控制实践",
        body="……",
        state="submitted",
        created_by=cast.enterprise_user,
    )
    cast.draft_case = e.Case.objects.create(
        enrolment=cast.enrolment, title=f"{tag}草稿案例", body="……", created_by=cast.enterprise_user
    )
    cast.case_attachment = e.CaseAttachment.objects.create(
        case=cast.case, file=_file("附件.pdf"), original_name="附件.pdf", uploaded_by=cast.enterprise_user
    )
    cast.reviewer_profile = e.ReviewerProfile.objects.create(user=cast.reviewer)
    cast.case_review = e.CaseReview.objects.create(case=cast.case, reviewer=cast.reviewer, assigned_by=cast.regulator)
    cast.complaint = e.Complaint.objects.create(
        enterprise=cast.enterprise,
        body=cast.body,
        subject=f"{tag}专家多次未按约定到场",
        text="……",
        state="forwarded",
        forwarded_at=datetime(2023, 10, 9, 10, tzinfo=SHANGHAI),
        submitted_by=cast.enterprise_user,
    )

    auditor_user = User.objects.create_user(username=f"{cast.regulator.username}-auditor", display_name=f"{tag}·审核员")
    Membership.objects.create(user=auditor_user, organisation=cast.body.organisation, role=Role.EXPERT)
    cast.auditor = a.Expert.objects.create(
        user=auditor_user, body=cast.body, specialties=["hardware"], home_district=cast.other_district_unit
    )
    cast.working_group = a.WorkingGroup.objects.create(body=cast.body, campaign=cast.campaign, name=f"{tag}第一工作组")
    cast.working_group.districts.add(cast.district_unit)  # the body works in 滨海新区 (R8: its trainings go there)
    a.WorkingGroupMember.objects.create(group=cast.working_group, user=cast.cb_manager, role="manager", is_leader=True)
    a.WorkingGroupMember.objects.create(group=cast.working_group, user=cast.expert, role="expert")
    cast.assignment = a.Assignment.objects.create(
        enrolment=cast.enrolment, expert=cast.expert_profile, assigned_by=cast.cb_manager
    )
    # Assigned before the survey of 2 June (R7's chain starts with the assignment).
    a.Assignment.objects.filter(pk=cast.assignment.pk).update(assigned_at=datetime(2023, 5, 25, 10, tzinfo=SHANGHAI))
    cast.assignment.refresh_from_db()
    cast.certification_audit = a.CertificationAudit.objects.create(
        enrolment=cast.enrolment,
        body=cast.body,
        starts_on=date(2023, 12, 4),
        ends_on=date(2023, 12, 5),
        recorded_by=cast.cb_manager,
    )
    cast.certification_audit.team.add(cast.auditor)
    cast.visit = a.Visit.objects.create(
        enrolment=cast.enrolment,
        expert=cast.expert_profile,
        kind="survey",
        visited_on=date(2023, 6, 2),
        starts_at=time(9),
        ends_at=time(11, 30),
        participants="总经理、质量负责人",
        created_by=cast.expert,
    )
    cast.visit_file = a.VisitFile.objects.create(
        visit=cast.visit, file=_file("现场.pdf"), original_name="现场.pdf", uploaded_by=cast.expert
    )
    cast.diagnosis = a.Diagnosis.objects.create(
        enrolment=cast.enrolment,
        diagnosed_on=date(2023, 6, 2),
        legal_qualifications_ok=True,
        dishonesty_list_checked=True,
        no_quality_penalty=True,
        overall_state="基础薄弱",
        starting_point="采购与检验",
        diagnosed_by=cast.expert,
    )
    cast.problem = a.Problem.objects.create(
        diagnosis=cast.diagnosis,
        category="检验",
        description=f"{tag}来料检验无记录",
        urgency="high",
        due_on=date(2023, 7, 31),
    )
    cast.plan = a.Plan.objects.create(
        enrolment=cast.enrolment, key_issues="来料检验", approach="先程序后表单", created_by=cast.expert
    )
    cast.system_document = a.SystemDocument.objects.create(
        enrolment=cast.enrolment,
        level="manual",
        title=f"{tag}质量手册",
        file=_file("手册.pdf"),
        original_name="手册.pdf",
        uploaded_by=cast.expert,
    )
    cast.training = a.Training.objects.create(
        campaign=cast.campaign,
        kind="centralised",
        organiser=cast.body.organisation,
        district=cast.district_unit,
        held_on=date(2023, 6, 20),
        topic=f"{tag}ISO 9001 标准集中培训",
        person_times=45,
        created_by=cast.cb_manager,
    )
    cast.training.enterprises.add(cast.enterprise)
    cast.internal_audit = a.InternalAudit.objects.create(
        enrolment=cast.enrolment,
        auditor_training_done=True,
        starts_at=datetime(2023, 9, 5, 9, tzinfo=SHANGHAI),
        ends_at=datetime(2023, 9, 6, 17, tzinfo=SHANGHAI),
        plan_file=_file("内审计划.pdf"),
        plan_name="内审计划.pdf",
        report_file=_file("内审报告.pdf"),
        report_name="内审报告.pdf",
        recorded_by=cast.expert,
    )
    cast.management_review = a.ManagementReview.objects.create(
        enrolment=cast.enrolment,
        held_at=datetime(2023, 9, 20, 14, tzinfo=SHANGHAI),
        plan_file=_file("管评计划.pdf"),
        plan_name="管评计划.pdf",
        report_file=_file("管评报告.pdf"),
        report_name="管评报告.pdf",
        recorded_by=cast.expert,
    )
    return cast


def _campaign_for_yearly_rows(cast) -> Campaign:
    """The cast's campaign while it has no rubric yet; afterwards a new campaign of an earlier year (no calendar, so
    never the current one), for the rows there is one of per campaign."""
    if not e.Rubric.objects.filter(campaign=cast.campaign).exists():
        return cast.campaign
    earliest = Campaign.objects.filter(tenant_id=cast.tenant.pk).order_by("year").values_list("year", flat=True)[0]
    year = earliest - 1
    return Campaign.objects.create(
        tenant_id=cast.tenant.pk,
        year=year,
        title=f"{year}年{cast.tenant.name}提升行动",
        document_number=f"〔{year}〕1号",
    )


def populate_year(cast):
    tag = cast.tenant.name
    campaign = cast.campaign
    yearly = _campaign_for_yearly_rows(cast)

    # Supervision (四(二)): a round, a visit to the district, requests to the district, the enterprise and the body.
    cast.supervision_round = sv.SupervisionRound.objects.create(
        campaign=campaign, title=f"{tag}六月现场督导", starts_on=date(2023, 6, 1), created_by=cast.regulator
    )
    cast.supervision_visit = sv.SupervisionVisit.objects.create(
        round=cast.supervision_round,
        member_unit=cast.district_unit,
        visited_on=date(2023, 6, 10),
        observations=f"{tag}区级推进情况",
        findings=f"{tag}培训记录不全",
        created_by=cast.regulator,
    )
    cast.supervision_visit.staff.set([cast.regulator])
    sv.SupervisionVisitFile.objects.create(
        visit=cast.supervision_visit,
        file=_file("现场照片.pdf"),
        original_name="现场照片.pdf",
        uploaded_by=cast.regulator,
    )
    for party in ({"member_unit": cast.district_unit}, {"enterprise": cast.enterprise}):
        sv.RectificationRequest.objects.create(
            visit=cast.supervision_visit,
            campaign=campaign,
            asked=f"{tag}补齐培训记录",
            due_on=date(2023, 7, 10),
            created_by=cast.regulator,
            **party,
        )
    cast.rectification = sv.RectificationRequest.objects.create(
        visit=cast.supervision_visit,
        campaign=campaign,
        body=cast.body,
        asked=f"{tag}补充帮扶台账",
        due_on=date(2023, 7, 12),
        state="answered",
        created_by=cast.regulator,
    )
    answer = sv.RectificationAnswer.objects.create(
        request=cast.rectification, text=f"{tag}已补充", answered_by=cast.cb_manager
    )
    cast.rectification_evidence = sv.RectificationEvidence.objects.create(
        answer=answer, file=_file("台账.pdf"), original_name=f"{tag}台账.pdf"
    )

    # The mid-term (四(二)): a snapshot of the cast's campaign (numbered), the meeting and a next step it assigned.
    with translation.override(settings.LANGUAGE_CODE):
        figures = city_figures(campaign, date(2023, 8, 20)).as_dict()
    sequence = MidtermSnapshot.objects.filter(campaign=campaign).count() + 1
    cast.snapshot = MidtermSnapshot.objects.create(
        campaign=campaign,
        sequence=sequence,
        token=uuid.uuid4(),
        as_of=date(2023, 8, 20),
        taken_by=cast.regulator,
        figures=figures,
    )
    cast.midterm_meeting = MidtermMeeting.objects.create(
        campaign=yearly,
        held_on=date(2023, 8, 25),
        place=f"{tag}中期推动会会场",
        attendance=60,
        recorded_by=cast.regulator,
    )
    cast.next_step = NextStep.objects.create(
        meeting=cast.midterm_meeting,
        what=f"{tag}补齐行业培训",
        owner_kind="member_unit",
        member_unit=cast.district_unit,
        due_on=date(2023, 9, 30),
    )
    cast.kickoff = KickoffMeeting.objects.create(
        campaign=yearly,
        member_unit=cast.district_unit,
        held_on=date(2023, 5, 20),
        place=f"{tag}区会议中心",
        attendance=30,
        recorded_by=cast.district,
    )

    # The district's submission (五(一)) with its summary file.
    cast.submission = DistrictSubmission.objects.create(
        campaign=yearly, member_unit=cast.district_unit, state="submitted", note=f"{tag}区级总结说明"
    )
    cast.submission_file = SubmissionFile.objects.create(
        submission=cast.submission,
        file=_file("区工作总结.pdf"),
        original_name="区工作总结.pdf",
        uploaded_by=cast.district,
    )

    # Case selection: a rubric with two criteria and a published list (numbered in the cast's campaign).
    cast.rubric = e.Rubric.objects.create(campaign=yearly, created_by=cast.regulator)
    for order, (name, weight) in enumerate([(f"{tag}可复制推广性", 60), (f"{tag}成效可量化", 40)], start=1):
        e.RubricCriterion.objects.create(rubric=cast.rubric, name=name, weight=weight, max_score=10, order=order)
    cast.case_publication = e.CaseListPublication.objects.create(
        campaign=campaign,
        number=e.CaseListPublication.objects.filter(campaign=campaign).count() + 1,
        published_by=cast.regulator,
        entries=[
            {
                "case": cast.case.pk,
                "title": cast.case.title,
                "enterprise": cast.enterprise.name,
                "district": cast.district_unit.name,
                "body": cast.case.body,
                "mean": 88.0,
            }
        ],
    )
    cast.body_assessment = BodyAssessment.objects.create(
        campaign=yearly,
        body=cast.body,
        rating=BodyRating.EXCELLENT,
        recommended_to_samr=True,
        assessed_by=cast.regulator,
        assessed_at=timezone.now(),
    )

    # Notifications: one for every user of the cast; 催办 to the district and to the body.
    for role, user in cast.users().items():
        Notification.objects.create(
            tenant_id=cast.tenant.pk,
            recipient=user,
            campaign=campaign,
            kind=NotificationKind.OTHER,
            title=f"{tag}给{role}的通知",
            key=f"domain:{tag}:{role}",
        )
    for receiver in ({"member_unit": cast.district_unit}, {"body": cast.body}):
        Urge.objects.create(
            tenant_id=cast.tenant.pk, campaign=campaign, note=f"{tag}请加快帮扶进度", sent_by=cast.regulator, **receiver
        )
    return cast
