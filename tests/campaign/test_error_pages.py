"""Error pages in the portal's look, with nothing that would tell a foreign object from a missing one."""

from django.utils.html import escape
from django.utils.translation import gettext as _


def test_404_page_is_the_portals_and_names_no_object(as_user, cast, foreign):
    client = as_user(cast.district)
    foreign_kickoff_url = f"/campaign/phases/{foreign.campaign.phases.first().pk}/edit/"
    foreign_page = client.get(foreign_kickoff_url)
    missing_page = client.get("/campaign/phases/999999/edit/")
    assert foreign_page.status_code == missing_page.status_code == 404
    assert foreign_page.content == missing_page.content
    content = missing_page.content.decode()
    assert escape(_("Page not found")) in content
    assert "bootstrap.min.css" in content


def test_403_page_is_the_portals(as_user, cast):
    response = as_user(cast.district).get(f"/campaign/campaigns/{cast.campaign.pk}/edit/")
    assert response.status_code == 403
    assert escape(_("Not allowed")) in response.content.decode()


def test_500_template_renders_without_a_request(db):
    from django.template import loader

    html = loader.get_template("500.html").render({})
    assert escape(_("Something went wrong on our side")) in html
