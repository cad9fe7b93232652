"""People speaking for an organisation are its voice; a dateline's place is never a source."""

from __future__ import annotations

import pytest

from workers.extraction.attribution import _affiliation, extract_attributions


@pytest.mark.parametrize(("source", "organisation"), [
    ("Priya Nair, a spokeswoman for the Tollund water authority", "Tollund water authority"),
    ("Dr. Omar Haddad, chief of cardiology at Westbrook Clinic,", "Westbrook Clinic"),
    ("Lena Holm, Vestra's head of security", "Vestra"),
    ("Sam Ode, chair of the Ridgeway school board", "Ridgeway school board"),
])
def test_a_person_speaking_for_an_organisation_is_the_organisation(source, organisation):
    assert _affiliation(source) == organisation


@pytest.mark.parametrize("source", [
    "Rights Now, an advocacy group,",
    "Jane Roe, a resident of Ashford",
    "John Smith, a professor of history at Yale University",
    "Maria Lopez",
])
def test_no_affiliation_without_a_role_for_someone(source):
    assert _affiliation(source) is None


def test_a_dateline_place_is_not_a_source():
    text = ("ASHFORD, Veltria (Valley Wire) - The dam at Ashford burst on Monday night, the water "
            "authority said.")
    sources = [a["source"] for a in extract_attributions("The dam at Ashford burst.", text)]
    assert sources and "ASHFORD" not in sources
