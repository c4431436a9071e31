"""Stages one at a time, on inputs written here: what each computes, from how a column is set.

Line widths are typeset widths (an ideograph two cells, ASCII one, full-width punctuation
one as PDFs compress it); a column's measure is an upper quantile of its lines' widths
(most lines of justified text are full).
"""

from __future__ import annotations

from banmian.stages.classify import Kind, blank_separated, classify_lines
from banmian.stages.columns import estimate_column_widths, measure, other_column
from banmian.stages.source_lines import read_source_lines, split_lines, typeset_width


def test_typeset_width_counts_ideographs_two_and_punctuation_and_ascii_one() -> None:
    assert typeset_width("新闻") == 4
    assert typeset_width("新闻，报道。") == 10  # two compressed stops
    assert typeset_width("GDP增长5%") == 3 + 4 + 2
    assert typeset_width("") == 0


def test_lines_are_numbered_as_the_scorer_counts_them() -> None:
    assert split_lines("甲\r\n乙\r丙\n丁") == ["甲", "乙", "丙", "丁"]
    lines = read_source_lines("甲\r\n\r\n乙")
    assert [(line.number, line.text, line.blank) for line in lines] == [(1, "甲", False), (2, "", True), (3, "乙", False)]


def test_an_indent_is_an_ideographic_space_a_tab_or_two_spaces() -> None:
    lines = read_source_lines("\u3000\u3000春耕开始\n\t春耕开始\n  春耕开始\n 春耕开始\n春耕开始")
    assert [line.indented for line in lines] == [True, True, True, False, False]
    assert {line.text for line in lines} == {"春耕开始"}
    # the indent is not part of the line's width: the text is what fills the column
    assert {line.width for line in lines} == {8}


def test_a_letter_spaced_line_is_read_as_printed() -> None:
    (line,) = read_source_lines("新 馆 开 门 迎 客")
    assert line.text == "新馆开门迎客"
    assert line.width == 12


def test_edge_spaces_are_stripped_but_inner_text_kept() -> None:
    (line,) = read_source_lines("  春耕 GDP 开始\u3000")
    assert line.text == "春耕 GDP 开始"
    assert line.width == typeset_width("春耕 GDP 开始")


def test_measure_is_an_upper_quantile_of_the_widths() -> None:
    # most lines of justified text are full; the short ones end paragraphs
    assert measure([40, 40, 40, 12, 40, 40, 20, 40]) == 40
    assert measure([30, 10, 12, 14]) == 30  # the quantile's rank: int(4 * 0.75) = 3
    assert measure([]) == 0
    assert measure([7]) == 7


def test_two_measures_are_two_columns_beyond_a_quarter_apart() -> None:
    assert other_column(32, 40) is False  # 40 / 32 = 1.25: the same column, set loose
    assert other_column(32, 41) is True
    assert other_column(41, 32) is True
    assert other_column(0, 40) is False  # an unknown measure tells nothing
    assert other_column(40, 0) is False


def _infos(text: str) -> list:  # type: ignore[type-arg]
    return classify_lines(read_source_lines(text))


def test_column_width_is_estimated_locally_for_each_line() -> None:
    wide = ["春耕时节县里的农技人员走进田间地头手把手教"] * 10  # 21 ideographs: 42 cells
    narrow = ["读者在新馆少儿阅览区看书"] * 10  # 12 ideographs: 24 cells
    infos = _infos("\n".join(wide + narrow))
    widths = estimate_column_widths(infos)
    assert widths[1] == 42 and widths[20] == 24
    assert widths[10] == 42  # six lines on either side: mostly the wide column


def test_column_widths_within_runs_stop_at_markers() -> None:
    wide = ["春耕时节县里的农技人员走进田间地头手把手教"] * 3
    narrow = ["读者在新馆少儿阅览区看书"] * 6
    # a dateline starts another run: the wide lines do not leak into the narrow ones
    text = "\n".join([*wide, "新华社北京3月5日电 读者在新馆少儿阅", *narrow])
    infos = _infos(text)
    assert infos[3].dateline is not None
    across = estimate_column_widths(infos)
    within = estimate_column_widths(infos, within_runs=True)
    assert within[8] == 24
    assert across[8] > 24


def test_blank_separated_means_paragraphs_set_apart_by_blank_lines() -> None:
    runs_on = "春耕时节，县里的农技人员走进田间。\n据介绍，全县新增农机八百多台。\n农技站还组织了培训。"
    set_apart = "春耕时节，县里的农技人员走进田间。\n\n据介绍，全县新增农机八百多台。\n\n农技站还组织了培训。"
    assert blank_separated(_infos(runs_on)) is False
    assert blank_separated(_infos(set_apart)) is True


def test_classify_marks_blank_lines_and_text() -> None:
    infos = _infos("春耕时节，县里的农技人员走进田间。\n\n据介绍，全县新增农机八百多台。")
    assert [info.kind for info in infos] == [Kind.BODY, Kind.BLANK, Kind.BODY]


def test_a_short_run_takes_its_widest_line_as_the_measure() -> None:
    # three lines of 4, 8 and 12 cells: the quantile's rank in a window of three is 2
    widths = estimate_column_widths(_infos("春耕\n春耕时节\n春耕时节县里"))
    assert widths == {1: 12, 2: 12, 3: 12}
    widths = estimate_column_widths(_infos("春耕\n春耕时节"))
    assert widths == {1: 8, 2: 8}


def test_with_no_sentence_end_to_look_at_nothing_says_blank_lines_set_paragraphs_apart() -> None:
    assert blank_separated(_infos("县里农机助春耕\n\n全县机耕率超过九成\n\n农技站组织现场培训")) is False


def test_within_runs_a_short_last_line_takes_the_measure_of_its_run() -> None:
    lines = ["春耕时节县里的农技人员走进田间地头手把手教"] * 4 + ["农户使用新型播种机。"]
    within = estimate_column_widths(_infos("\n".join(lines)), within_runs=True)
    assert within[5] == 42


def test_the_column_mixing_detector_takes_lone_surrogates() -> None:
    from banmian.stages.interleave import detect_column_mixing

    lines = [(n, "春耕时节县里的农技人员\ud800走进田间地头") for n in range(1, 30)]
    assert detect_column_mixing(lines, 30).warnings is not None


def test_chinese_numbers_read_digit_by_digit_and_with_units() -> None:
    from banmian.stages.markers import parse_number

    assert parse_number("二〇二四") == 2024  # years are written digit by digit
    assert parse_number("一二") == 12
    assert parse_number("二十三") == 23
    assert parse_number("一百零五") == 105
    assert parse_number("甲") is None


def test_a_windows_measure_includes_the_last_lines_of_the_run() -> None:
    narrow = ["读者在新馆少儿阅览区看书"] * 6  # 24 cells
    wide = ["春耕时节县里的农技人员走进田间地头手把手教"] * 2  # 42 cells
    widths = estimate_column_widths(_infos("\n".join(narrow + wide)))
    assert widths[8] == 42  # its window: five narrow lines and the two wide ones


def test_the_column_mixing_detector_measures_a_line_holding_a_newline() -> None:
    from banmian.stages.interleave import detect_column_mixing

    lines = [(n, "春耕时节县里的农技人员走进田间地头") for n in range(1, 30)]
    lines[3] = (4, "春耕时节县里的\n农技人员走进田间地头")  # a caller's odd input, not refused
    assert isinstance(detect_column_mixing(lines, 34).warnings, (list, tuple))


def test_a_marker_at_the_start_of_a_traditional_line_keeps_its_printed_form() -> None:
    from banmian.stages.markers import parse_byline

    parsed = parse_byline("新華社記者 王明 李華")
    assert parsed is not None
    people, _ = parsed
    assert (people.agency, people.reporters) == ("新華社", ["王明", "李華"])


def test_lines_joined_across_a_line_end_keep_digits_and_words_together() -> None:
    from banmian.stages.spacing import join_lines

    assert join_lines(["全县新增农机具800", "多台"]) == "全县新增农机具800多台"
    assert join_lines(["增长了5.", "3个百分点"]) == "增长了5.3个百分点"
    assert join_lines(["今年是", "2024年"]) == "今年是2024年"


def test_split_paragraphs_works_out_the_blank_line_style_itself_when_not_told() -> None:
    from banmian.stages.paragraphs import split_paragraphs

    infos = _infos("春耕时节，县里的农技人员走进田间。\n\n据介绍，全县新增农机八百多台。")
    widths = estimate_column_widths(infos, within_runs=True)
    assert [(p.first, p.last) for p in split_paragraphs(infos, widths)] == [(1, 1), (3, 3)]


def test_a_long_byline_of_many_reporters_is_still_a_byline() -> None:
    from banmian.stages.markers import parse_byline

    # the role and a space, then 14 names of three characters with a space between: 60
    names = ["张明远", "李清和", "王晓东", "赵文华", "陈思远", "周宁远", "吴家明", "郑春华", "孙立新", "钱晓光",
             "冯海涛", "褚建国", "卫东升", "蒋文清"]
    line = "本报记者 " + " ".join(names)
    assert len(line) == 60  # the longest line read as a byline
    parsed = parse_byline(line)
    assert parsed is not None and parsed[0].reporters == names


def test_a_note_of_who_reported_or_compiled_names_contributors() -> None:
    from banmian.stages.markers import split_contributor_note

    for role in ("采写", "整理"):
        split = split_contributor_note(f"共同的故事。（{role} 张明远 李清和）")
        assert split is not None
        text, people = split
        assert text == "共同的故事。" and people.contributors == ["张明远", "李清和"] and people.reporters == []


def test_masthead_fields_are_found_anywhere_in_their_line() -> None:
    from banmian.stages.markers import furniture_type

    assert furniture_type("每份定价：1.50元") == "masthead"
    assert furniture_type("本报邮发代号1-1 国内统一刊号CN11-0000") == "masthead"
    assert furniture_type("第三版") != "masthead"
