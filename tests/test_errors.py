from analysis.data.errors import DataValidationError, Problem, format_problems


def test_format_problems_has_a_header_and_one_line_per_problem():
    text = format_problems([Problem("a.csv", 3, "x", "7", "a date"), Problem("b.csv", None, "", "", "a file")])
    lines = text.splitlines()
    assert lines[0].split() == ["file", "line", "column", "value", "expected"]
    assert lines[1].startswith("a.csv") and "a date" in lines[1]
    assert len(lines) == 3


def test_long_values_are_shortened_but_expected_is_kept_whole():
    text = format_problems([Problem("a.csv", 2, "quote", "x" * 100, "y" * 120)])
    assert "…" in text and "y" * 120 in text


def test_error_lists_every_problem_and_exposes_them_as_data():
    problems = [Problem("a.csv", 2, "c", "v", "e1"), Problem("a.csv", 5, "d", "w", "e2")]
    err = DataValidationError(problems)
    assert str(err).startswith("2 problems in 1 file")
    frame = err.problems
    assert list(frame.columns) == ["file", "line", "column", "value", "expected"]
    assert frame["line"].tolist() == [2, 5]
    assert err.problem_list == problems
    assert isinstance(err, ValueError)
