import pytest

from generator.content.phones import PhoneProblem, parse_phone


@pytest.mark.parametrize(
    ("canonical", "display", "tel", "digits"),
    [
        ("+4722331160", "22 33 11 60", "tel:+4722331160", "22331160"),
        ("+4747466480", "474 66 480", "tel:+4747466480", "47466480"),
        ("+4799470279", "99 47 02 79", "tel:+4799470279", "99470279"),
        ("+4702800", "02800", "tel:+4702800", "02800"),
        ("112", None, "tel:112", "112"),
        ("116111", "116 111", "tel:116111", "116111"),
    ],
)
def test_every_number_of_the_page_parses(canonical, display, tel, digits):
    phone = parse_phone(canonical, display)
    assert phone.tel == tel
    assert phone.digits == digits
    assert phone.canonical == canonical


def test_short_numbers_get_the_page_grouping_by_default():
    assert parse_phone("116111", None).display == "116 111"
    assert parse_phone("112", None).short is True


def test_library_grouping_is_the_default_display():
    assert parse_phone("+4722331160", None).display == "22 33 11 60"


@pytest.mark.parametrize(
    ("canonical", "display", "message"),
    [
        (
            "+4722331160",
            "22 33 11 06",
            "display '22 33 11 06' has the digits 22331106, but the "
            "number +4722331160 is dialled as 22331160 in Norway",
        ),
        (
            "+4722331160",
            "22-33-11-60",
            "display '22-33-11-60' may contain only digits and single spaces",
        ),
        (
            "22331160",
            None,
            "'22331160' must be E.164 (like +4722331160) or a short number (like 112)",
        ),
        ("+47223311", None, "'+47223311' is not a valid phone number"),
        ("999", None, "'999' is not a valid Norwegian short number"),
        # found by hypothesis: an international prefix with nothing after it crashed the loader
        (
            "001",
            None,
            "'001' is not a phone number: (2) Phone number had an IDD, but after this "
            "was not long enough to be a viable phone number.",
        ),
        (
            "+47 22331160",
            None,
            "'+47 22331160' must be E.164 (like +4722331160) or a short number (like 112)",
        ),
    ],
)
def test_bad_numbers_are_refused_with_the_reason(canonical, display, message):
    with pytest.raises(PhoneProblem) as info:
        parse_phone(canonical, display)
    assert str(info.value) == message
