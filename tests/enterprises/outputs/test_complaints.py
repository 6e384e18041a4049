"""五(二)2: a certification body learns of a complaint about it only through the regulator forwarding it."""

from enterprises.models import Complaint, ComplaintState


def test_a_complaint_closed_without_forwarding_stays_hidden_from_the_body(cast):
    complaint = Complaint.objects.create(
        enterprise=cast.enterprise, body=cast.body, subject="未转交即办结", text="……", submitted_by=cast.enterprise_user
    )
    Complaint.objects.filter(pk=complaint.pk).update(state=ComplaintState.CLOSED, regulator_note="已电话沟通")
    assert not Complaint.objects.visible_to(cast.cb_manager).filter(pk=complaint.pk).exists()
    assert Complaint.objects.visible_to(cast.regulator).filter(pk=complaint.pk).exists()
