"""Passwords a reviewer accepts (issue 17 item 2): length alone let `aaaaaaaaaaaa` in;
common and breached passwords, ones built from the person's e-mail or the
organisation's name, and one character repeated are refused in plain words, wherever
a password is set. The list is shipped with the application: nothing is sent out."""

from __future__ import annotations

import pytest
import test_cli
from conftest import PASSWORD

from surveybuilder.staff.passwords import password_problem

command_line = test_cli.run  # a fixture: runs surveybuilder's commands in-process
EMAIL = "priya.sharma@example.gov.uk"
ORGANISATION = ("Sandwell Council", "sandwell-council")


@pytest.mark.parametrize(("password", "words"), [
    ("short", "at least 12 characters"),
    ("aaaaaaaaaaaa", "not just one character repeated"),
    ("............", "not just one character repeated"),
    ("password1234", "list of common passwords"),
    ("Password1234!", "list of common passwords"),  # case and punctuation do not help
    ("qwertyuiop12", "list of common passwords"),
    ("priya.sharma2026", "first part of the email address"),
    ("Sharma-family-99", "first part of the email address"),
    ("SandwellCouncil1", "name 'Sandwell Council'"),
    ("sandwell in spring", "name 'Sandwell Council'"),
])
def test_weak_passwords_are_refused_saying_why(password, words):
    assert words in (password_problem(password, EMAIL, ORGANISATION) or "")


@pytest.mark.parametrize("password", [
    PASSWORD, "a long password here", "a very long password", "plum kettle orbit 7",
])
def test_good_passwords_and_the_tests_own_are_accepted(password):
    assert password_problem(password, EMAIL, ORGANISATION) is None


def test_short_pieces_of_an_address_are_not_held_against_a_password():
    """'ed@…' must not refuse every password with 'ed' in it."""
    assert password_problem("a tired red kettle", "ed@example.gov.uk") is None


def test_the_list_is_shipped_with_its_licence():
    from surveybuilder.staff import passwords

    assert passwords.COMMON_PASSWORDS.is_file()
    assert len(passwords._common_passwords()) >= 19_000
    notice = passwords.COMMON_PASSWORDS.with_name("common-passwords-LICENSE.txt").read_text()
    assert "Django Software Foundation" in notice and "Royce Williams" in notice


def test_adding_a_user_refuses_a_common_password_and_keeps_what_was_typed(client, organisation,
                                                                         make_user):
    from conftest import sign_in

    from surveybuilder.models import Role

    make_user(organisation, "admin@example.gov.uk", Role.ADMIN, "Ada Admin")
    sign_in(client, "admin@example.gov.uk")
    response = client.post("/staff/users/new", data={
        "name": "Nia New", "email": "nia@example.gov.uk", "password": "aaaaaaaaaaaa",
        "role": "analyst"})
    body = response.get_data(as_text=True)
    assert "not just one character repeated" in body and "Nia New" in body


def test_the_command_line_refuses_a_common_password(command_line):
    command_line("create-org", "parks", "Parks Team")
    result = command_line("create-user", "--org", "parks", "--email", "pat@example.gov.uk",
                 input="password1234\n", ok=False)
    assert "list of common passwords" in result.output
