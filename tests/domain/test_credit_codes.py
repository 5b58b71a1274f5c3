"""The one rule every part of the credit registry shares: no offset from the city's own territory,
and a buyer's claim flagged while the host country has not adjusted."""

from citypact.domain.credits import double_claim, offset_refusal


def test_a_city_cannot_offset_with_credits_from_its_own_territory() -> None:
    assert offset_refusal("own_target", retiring_city_id=7, host_city_id=7) == "own_territory"
    assert offset_refusal("on_behalf", retiring_city_id=7, host_city_id=7) is None
    assert offset_refusal("own_target", retiring_city_id=8, host_city_id=7) is None
    assert offset_refusal("own_target", retiring_city_id=None, host_city_id=7) is None  # an organisation


def test_a_buyer_claim_is_flagged_until_the_host_country_adjusts() -> None:
    assert double_claim(8, 7, "own_target", "pending")
    assert double_claim(8, 7, "own_target", "not_required")
    assert not double_claim(8, 7, "own_target", "applied")
    assert not double_claim(8, 7, "on_behalf", "pending")
    assert not double_claim(7, 7, "own_target", "pending")
    assert not double_claim(None, 7, "own_target", "pending")
