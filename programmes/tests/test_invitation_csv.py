from programmes.invitations import parse_invitations

GRADES = {"constable": "G1", "chief inspector": "G4"}
DIRECTORATES = {"local policing": "D1"}


def parse(text, already=()):
    return parse_invitations(text.encode(), grades=GRADES, directorates=DIRECTORATES, already_invited=set(already))


def test_a_good_file_gives_one_row_per_person():
    rows, errors = parse(
        "email,name,role,grade,directorate\n"
        "Ada@Example.org,Ada Example,Mentor,Constable,Local Policing\n"
        "bo@example.org,Bo Example,mentee,Chief Inspector,\n"
    )
    assert errors == []
    assert [(r.email, r.role, r.grade, r.directorate) for r in rows] == [
        ("ada@example.org", "mentor", "G1", "D1"),
        ("bo@example.org", "mentee", "G4", None),
    ]


def test_a_file_with_bad_rows_imports_nothing_and_names_every_bad_line():
    rows, errors = parse(
        "email,name,role,grade,directorate\n"
        "ada@example.org,Ada,mentor,Constable,\n"
        "not-an-email,Bad,mentor,Constable,\n"
        "cy@example.org,Cy,boss,Sergeant,\n"
        "ada@example.org,Ada again,mentor,,\n"
        "dee@example.org,Dee,mentee,,Nowhere\n"
        "old@example.org,Old,mentee,,\n",
        already=["old@example.org"],
    )
    assert rows == []
    assert [line for line, _ in errors] == [3, 4, 5, 6, 7]
    reasons = dict(errors)
    assert "not an email address" in reasons[3]
    assert (
        "Role must be mentor or mentee, not “boss”" in reasons[4]
        and "“Sergeant”" in reasons[4]
        and "not one of the organisation's grades" in reasons[4]
    )
    assert "more than once" in reasons[5]
    assert "directorates" in reasons[6]
    assert "already invited to this cohort" in reasons[7]


def test_a_wrong_header_or_a_file_that_is_not_text_is_refused_plainly():
    assert parse("mail,who\nx,y\n")[1] == [
        (1, "The first line must be the column names: email,name,role,grade,directorate.")
    ]
    rows, errors = parse_invitations(b"\xff\xfe\x00PK", grades={}, directorates={}, already_invited=set())
    assert rows == [] and "not a UTF-8 CSV" in errors[0][1]


def test_a_file_too_big_or_too_long_is_refused():
    assert "larger than 1 MB" in parse("x" * (1024 * 1024 + 1))[1][0][1]
    text = "email,name,role,grade,directorate\n" + "".join(f"p{i}@example.org,P,mentor,,\n" for i in range(2001))
    assert "more than 2000" in parse(text)[1][0][1]
