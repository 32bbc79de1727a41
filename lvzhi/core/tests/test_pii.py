import pytest
from django.core.exceptions import ValidationError

from lvzhi.core import pii


def test_it_accepts_a_valid_id_number_and_normalises_the_x():
    assert pii.validate_id_number("11010519491231002x") == "11010519491231002X"


@pytest.mark.parametrize(
    "value, code",
    [("110105194912310021", "id_check"), ("1101051949123100", "id_format"), ("110105194913310021", "id_birth")],
)
def test_it_refuses_bad_id_numbers_with_a_reason(value, code):
    with pytest.raises(ValidationError) as exc:
        pii.validate_id_number(value)
    assert exc.value.code == code


def test_it_validates_mobiles():
    assert pii.validate_mobile("+86 138-0013-8000") == "13800138000"
    with pytest.raises(ValidationError):
        pii.validate_mobile("12345")


def test_it_masks_as_the_office_expects():
    assert pii.mask_id_number("620102197001011234") == "620102************"
    assert pii.mask_mobile("13812345678") == "138********"


def test_encryption_round_trips_and_hides_the_value():
    token = pii.encrypt("620102197001011234")
    assert "620102197001011234" not in token
    assert pii.decrypt(token) == "620102197001011234"
    assert pii.keyed_hash("62010219700101123x") == pii.keyed_hash("62010219700101123X")
