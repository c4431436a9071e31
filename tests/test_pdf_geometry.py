"""Geometry on small hand-built PDFs: columns, heads, pictures, furniture, reading order."""

from __future__ import annotations

import pymupdf
from hypothesis import given, settings
from hypothesis import strategies as st

from banmian.geometry.reading import analyse_page
from banmian.inputs.lines import PositionedLine
from banmian.layout import ROLES
from banmian.positioned import layout_pages

BODY = 10.0
FILLER = "这是一段用于测试版面分析的正文文字内容"


class Sheet:
    """A page to place lines on, by column, in body type unless told otherwise."""

    def __init__(self, columns: int = 4, width: float = 600, height: float = 800) -> None:
        self.doc = pymupdf.open()
        self.page = self.doc.new_page(width=width, height=height)
        self.shape = self.page.new_shape()
        self.margin, self.gutter = 30.0, 12.0
        self.col_w = (width - 2 * self.margin - (columns - 1) * self.gutter) / columns

    def x(self, col: int) -> float:
        return self.margin + col * (self.col_w + self.gutter)

    def text(self, x: float, top: float, text: str, size: float = BODY) -> None:
        self.shape.insert_text((x, top + size), text, fontname="china-s", fontsize=size)

    def column_text(self, col: int, top: float, lines: int, tag: str) -> float:
        per = int(self.col_w // BODY)
        for i in range(lines):
            indent = 2 * BODY if i == 0 else 0.0
            chars = per - 2 if i == 0 else per
            self.text(self.x(col) + indent, top + i * BODY * 1.5, (tag + FILLER * 3)[:chars])
        return top + lines * BODY * 1.5

    def head(self, first: int, last: int, top: float, title: str, size: float = 24) -> float:
        x0, x1 = self.x(first), self.x(last) + self.col_w
        self.text((x0 + x1 - len(title) * size) / 2, top, title, size)
        return top + size * 1.6

    def pdf(self) -> bytes:
        self.shape.commit()
        data: bytes = self.doc.tobytes()
        return data


def read(data: bytes) -> list[tuple[str, str, bool]]:
    (_, layout), = layout_pages(data)
    return [(ln.text, lay.role or "", lay.article_start) for ln, lay in zip(layout.lines, layout.layouts, strict=True)]


def articles(rows: list[tuple[str, str, bool]]) -> list[list[str]]:
    out: list[list[str]] = []
    for text, role, start in rows:
        if role == "furniture":
            continue
        if start or not out:
            out.append([])
        out[-1].append(text)
    return out


def test_story_over_columns_reads_column_by_column_and_neighbours_stay_apart() -> None:
    sheet = Sheet(columns=4)
    top = sheet.head(0, 2, 40, "甲文标题在此")
    sheet.head(3, 3, 40, "乙文标题", size=16)
    for col in range(3):
        sheet.column_text(col, top, 6, f"甲{col}")
    sheet.column_text(3, top, 8, "乙")
    arts = articles(read(sheet.pdf()))
    assert [a[0] for a in arts] == ["甲文标题在此", "乙文标题"]
    first = arts[0][1:]
    assert [line[:2] for line in first[::6]] == ["甲0", "甲1", "甲2"]
    assert all(line.startswith("乙") or line[0] not in "甲" for line in arts[1][1:])


def test_centred_narrow_headline_owns_the_blank_columns_beside_it() -> None:
    sheet = Sheet(columns=5)
    top = sheet.head(0, 4, 40, "短标题", size=28)  # far narrower than its five columns
    for col in range(5):
        sheet.column_text(col, top, 5, f"列{col}")
    rows = read(sheet.pdf())
    arts = articles(rows)
    assert len(arts) == 1
    assert [line[:2] for line in arts[0][1::5]] == [f"列{c}" for c in range(5)]
    assert rows[0][1] == "title"


def test_text_above_every_headline_is_an_untitled_article() -> None:
    sheet = Sheet(columns=3)
    bottom = sheet.column_text(0, 40, 4, "续")  # a story continued from another page
    sheet.column_text(1, 40, 4, "续")
    top = sheet.head(0, 2, bottom + 20, "新的文章")
    for col in range(3):
        sheet.column_text(col, top, 4, f"新{col}")
    arts = articles(read(sheet.pdf()))
    assert len(arts) == 2
    assert all(line.startswith("续") or not line.startswith("新") for line in arts[0])
    assert arts[1][0] == "新的文章"


def test_picture_with_caption_under_headline_belongs_to_the_story_and_a_lone_one_is_a_photo() -> None:
    sheet = Sheet(columns=4)
    top = sheet.head(0, 1, 40, "有图的文章")
    sheet.page.draw_rect(pymupdf.Rect(sheet.x(0), top, sheet.x(1) + sheet.col_w, top + 80), fill=(0.7, 0.7, 0.7))
    sheet.text(sheet.x(0), top + 84, "图为测试图片的说明文字。", size=8)
    # the text runs in column 0 only: nothing below the picture's caption in column 1
    sheet.page.draw_rect(pymupdf.Rect(sheet.x(1), top + 100, sheet.x(1) + sheet.col_w, top + 160),
                         fill=(0.7, 0.7, 0.7))
    sheet.text(sheet.x(1), top + 164, "第二幅图的说明。", size=8)
    sheet.column_text(0, top + 100, 5, "图文")
    # a photo story in columns 2-3: picture, caption, credit, nothing below
    sheet.page.draw_rect(pymupdf.Rect(sheet.x(2), 40, sheet.x(3) + sheet.col_w, 160), fill=(0.7, 0.7, 0.7))
    sheet.text(sheet.x(2) + 16, 164, "这是一张单独的新闻图片的说明。", size=8)
    sheet.text(sheet.x(3) + sheet.col_w - 8 * 8, 176, "本报记者 某 摄", size=8)
    rows = read(sheet.pdf())
    arts = articles(rows)
    assert len(arts) == 2
    with_title = next(a for a in arts if a[0] == "有图的文章")
    assert "图为测试图片的说明文字。" in with_title and "第二幅图的说明。" in with_title
    photo = next(a for a in arts if a[0] != "有图的文章")
    assert photo == ["这是一张单独的新闻图片的说明。", "本报记者 某 摄"]
    roles = {text: role for text, role, _ in rows}
    assert roles["图为测试图片的说明文字。"] == "caption"
    assert roles["本报记者 某 摄"] == "credit"


def test_header_band_is_furniture_with_or_without_a_rule() -> None:
    for ruled in (True, False):
        sheet = Sheet(columns=3)
        sheet.text(30, 14, "2024年7月3日 星期三", size=9)
        sheet.text(520, 14, "第2版", size=9)
        if ruled:
            sheet.page.draw_line((30, 40), (570, 40))
        top = sheet.head(0, 2, 56, "头条新闻标题")
        for col in range(3):
            sheet.column_text(col, top, 4, "文")
        rows = read(sheet.pdf())
        furniture = [text for text, role, _ in rows if role == "furniture"]
        assert furniture and set(furniture) == {"2024年7月3日 星期三", "第2版"}, ruled
        assert rows[len(furniture)][1] == "title"


def test_paragraph_starts_follow_indents_and_short_lines() -> None:
    sheet = Sheet(columns=2)
    top = sheet.head(0, 1, 40, "段落测试")
    per = int(sheet.col_w // BODY)
    y = top
    # 丁 is not indented, but 丙 ended short of the column: a new paragraph all the same
    texts = [(2 * BODY, "甲" * (per - 2)), (0.0, "乙" * per), (0.0, "丙" * 5), (0.0, "丁" * per),
             (0.0, "戊" * per)]
    for indent, text in texts:
        sheet.text(sheet.x(0) + indent, y, text)
        y += BODY * 1.5
    # the paragraph goes on at the top of the next column (no indent)
    sheet.text(sheet.x(1), top, "己" * 4)
    (_, layout), = layout_pages(sheet.pdf())
    starts = {ln.text[0]: lay.paragraph_start for ln, lay in zip(layout.lines, layout.layouts, strict=True)}
    assert starts == {"段": True, "甲": True, "乙": False, "丙": False, "丁": True, "戊": False, "己": False}


line_boxes = st.tuples(
    st.floats(0, 560), st.floats(0, 780), st.floats(4, 300), st.sampled_from([6.0, 8.0, 9.0, 10.0, 12.0, 20.0, 30.0])
)


@settings(max_examples=150, deadline=None)
@given(
    boxes=st.lists(line_boxes, min_size=1, max_size=60),
    pictures=st.lists(st.tuples(st.floats(0, 500), st.floats(0, 700), st.floats(31, 200), st.floats(31, 200)),
                      max_size=3),
    rules=st.lists(st.floats(0, 800), max_size=3),
)
def test_any_geometry_keeps_every_line_exactly_once(
    boxes: list[tuple[float, float, float, float]],
    pictures: list[tuple[float, float, float, float]],
    rules: list[float],
) -> None:
    lines = [
        PositionedLine(text=f"行{i}", bbox=(x, y, min(600.0, x + w), y + size * 1.2), size=size, bold=False, page=1)
        for i, (x, y, w, size) in enumerate(boxes)
    ]
    layout = analyse_page(
        lines, width=600, height=800,
        pictures=[(x, y, x + w, y + h) for x, y, w, h in pictures],
        rules=[(y, 0.0, 600.0) for y in rules],
    )
    assert sorted(ln.text for ln in layout.lines) == sorted(ln.text for ln in lines)
    assert len(layout.layouts) == len(layout.lines)
    content = [lay for lay in layout.layouts if lay.role != "furniture"]
    assert not content or content[0].article_start
    assert all(lay.role in ROLES for lay in layout.layouts)


def test_small_type_away_from_pictures_is_running_text_not_a_caption() -> None:
    sheet = Sheet(columns=2)
    top = sheet.head(0, 1, 40, "小字测试")
    bottom = sheet.column_text(0, top, 4, "正文")
    sheet.text(sheet.x(0), bottom + 6, "（编者按：这是一段小字注释。）", size=8)
    sheet.column_text(1, top, 4, "正文")
    rows = read(sheet.pdf())
    roles = {text: role for text, role, _ in rows}
    assert roles["（编者按：这是一段小字注释。）"] == "body"
    assert len(articles(rows)) == 1


def test_footer_set_apart_is_furniture_but_a_jump_line_running_on_is_text() -> None:
    sheet = Sheet(columns=2, height=800)
    top = sheet.head(0, 1, 40, "页脚测试")
    sheet.column_text(0, top, 4, "甲")
    # column 1 runs down to the foot of the page and ends in a jump line in the bottom margin
    jump_top = 775.0  # inside the bottom 3.5% of the page
    count = int((jump_top - top) // (BODY * 1.5))
    sheet.column_text(1, jump_top - count * BODY * 1.5, count, "乙")
    sheet.text(sheet.x(1) + sheet.col_w - 7 * BODY, jump_top, "（下转第3版）")
    sheet.text(280, 788, "— 2 —", size=8)  # page number, apart from the text
    rows = read(sheet.pdf())
    roles = {text: role for text, role, _ in rows}
    assert roles["— 2 —"] == "furniture"
    assert roles["（下转第3版）"] == "body"
