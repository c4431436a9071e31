"""Geometry on small hand-built PDFs: columns, heads, pictures, furniture, reading order."""

from __future__ import annotations

from typing import Any

import pymupdf
from hypothesis import given, settings
from hypothesis import strategies as st

from banmian.api import parse_pdf
from banmian.geometry import read_layout
from banmian.geometry.reading import analyse_page
from banmian.inputs.lines import PageLines, PositionedLine
from banmian.layout import ROLES
from banmian.positioned import layout_pages, pdf_reading_text
from conftest import assert_nothing_lost

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


def pdf_text(data: bytes) -> str:
    return pdf_reading_text(data).split("\f")[0]


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


# -- pages set the way other papers set them -------------------------------------------------

HANGING = "，。、；：？！）”"


def set_columns(page: pymupdf.Page, texts: list[str], *, x0: float, top: float, cpl: int, gutter: float,
                size: float = BODY, leading: float = 1.5) -> list[list[str]]:
    """Set each text in its own column of `cpl` characters, `gutter` apart, with
    punctuation hanging past the measure; return the lines of each column as drawn."""
    shape = page.new_shape()
    drawn: list[list[str]] = []
    for col, text in enumerate(texts):
        x = x0 + col * (cpl * size + gutter)
        lines: list[str] = []
        pos = 0
        while pos < len(text):
            line = text[pos : pos + cpl]
            pos += len(line)
            if pos < len(text) and text[pos] in HANGING:  # hangs into the gutter
                line += text[pos]
                pos += 1
            lines.append(line)
        for i, line in enumerate(lines):
            shape.insert_text((x, top + size + i * size * leading), line, fontname="china-s", fontsize=size)
        drawn.append(lines)
    shape.commit()
    return drawn


COLUMN_TEXTS = [
    "甲栏的文字从这里开始，一直写到这一栏的最后，标点符号会悬挂在栏外。这一栏还要继续写下去，直到结束。",
    "乙栏的文字也从顶上开始，行末遇到句号。逗号，顿号、都挂在栏线以外，读者照样一栏一栏地读下去。",
    "丙栏是最后一栏，它的文字同样排满，每一行都顶格排，标点悬挂。这样的版面栏距只有三分之一个字。",
]


def test_gutters_of_a_third_of_an_em_with_hanging_punctuation_read_column_by_column() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=400)
    page.insert_text((60, 60), "窄栏距的一篇文章", fontname="china-s", fontsize=24)
    drawn = set_columns(page, COLUMN_TEXTS, x0=40, top=80, cpl=12, gutter=BODY * 0.33)
    rows = read(doc.tobytes())
    texts = [text for text, role, _ in rows if role != "title"]
    # every drawn line comes back whole (not glued to its neighbour across the gutter),
    # in column order
    assert texts == [line for column in drawn for line in column]
    assert len(articles(rows)) == 1


def test_stacked_grids_each_read_in_their_own_columns() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=700)
    page.insert_text((120, 60), "上面是宽栏的特稿", fontname="china-s", fontsize=24)
    wide = set_columns(page, COLUMN_TEXTS[:2], x0=40, top=80, cpl=25, gutter=BODY * 1.5)
    page.draw_line((40, 200), (560, 200), width=0.5)
    page.insert_text((60, 240), "下面是窄栏的短讯", fontname="china-s", fontsize=20)
    narrow = set_columns(page, COLUMN_TEXTS, x0=40, top=260, cpl=10, gutter=BODY * 0.5)
    arts = articles(read(doc.tobytes()))
    assert [a[0] for a in arts] == ["上面是宽栏的特稿", "下面是窄栏的短讯"]
    assert arts[0][1:] == [line for column in wide for line in column]
    assert arts[1][1:] == [line for column in narrow for line in column]


def test_the_content_stream_carries_a_story_on_under_its_neighbour() -> None:
    # story A (head over columns 0-1) runs on at the foot of column 2, under story B, which
    # the typesetter wrote after A; the stream order says where A's last column went
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=500)
    shape = page.new_shape()
    size, lead = BODY, BODY * 1.5

    def line(x: float, y: float, text: str, s: float = size) -> None:
        shape.insert_text((x, y + s), text, fontname="china-s", fontsize=s)

    a_lines = [f"甲文第{i}行的内容继续" for i in range(1, 19)]
    line(60, 40, "甲文的标题", 24)
    for i, text in enumerate(a_lines[:8]):
        line(40, 80 + i * lead, text)
    for i, text in enumerate(a_lines[8:16]):
        line(160, 80 + i * lead, text)
    for i, text in enumerate(a_lines[16:]):  # the foot of column 2, below story B
        line(280, 80 + (6 + i) * lead, text)
    line(285, 40, "乙文标题", 20)
    b_lines = ["乙文只有四行字的", "简讯内容在这里呢", "它的最后一行结束", "了这篇简讯。"]
    for i, text in enumerate(b_lines):
        line(280, 80 + i * lead, text)
    shape.commit()
    arts = articles(read(doc.tobytes()))
    assert arts == [["甲文的标题", *a_lines], ["乙文标题", *b_lines]]


def test_a_dateline_wrapped_over_three_lines_keeps_its_reporters() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=400)
    page.insert_text((40, 60), "窄栏新闻的标题", fontname="china-s", fontsize=20)
    text = "新华社北京3月5日电（记者 王小明 李大红）今天上午，一场春雨如期而至，城里的行人纷纷撑起了伞。"
    set_columns(page, [text], x0=40, top=80, cpl=8, gutter=BODY)
    (parsed,) = parse_pdf(doc.tobytes())
    (article,) = parsed.articles
    assert article.byline is not None and article.byline.reporters == ["王小明", "李大红"]
    assert article.dateline is not None and article.dateline.place == "北京"
    assert article.blocks[0].text.startswith("今天上午")


def test_a_page_without_columns_is_one_untitled_article_with_a_warning() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=800)
    page.draw_rect(pymupdf.Rect(40, 40, 560, 760), fill=(0.8, 0.8, 0.8))
    page.insert_text((100, 300), "全场五折", fontname="china-s", fontsize=60)
    page.insert_text((150, 500), "欢迎光临本店", fontname="china-s", fontsize=30)
    page.insert_text((200, 700), "地址：某某路一号", fontname="china-s", fontsize=14)
    (parsed,) = parse_pdf(doc.tobytes())
    assert any("no columns" in w for w in parsed.warnings)
    assert len(parsed.articles) <= 1
    assert_nothing_lost(parsed, pdf_text(doc.tobytes()))


def test_a_rotated_page_reads_as_displayed() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=400)
    page.insert_text((60, 60), "旋转页面的标题", fontname="china-s", fontsize=24)
    drawn = set_columns(page, COLUMN_TEXTS, x0=40, top=80, cpl=12, gutter=BODY)
    upright = read(doc.tobytes())
    # the same page turned: content drawn rotated, /Rotate turns it back for display
    turned = pymupdf.open()
    target = turned.new_page(width=400, height=600)
    target.show_pdf_page(target.rect, doc, 0, rotate=90)
    target.set_rotation(90)
    assert [t for t, _, _ in read(turned.tobytes())] == [t for t, _, _ in upright]
    assert [t for t, r, _ in upright if r == "body"] == [line for column in drawn for line in column]


def test_a_frame_around_a_story_rules_it_off_and_a_brief_head_opens_the_next() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=600)
    page.draw_rect(pymupdf.Rect(30, 30, 570, 230), color=(0, 0, 0))  # the frame (框)
    page.insert_text((50, 60), "框里的文章", fontname="china-s", fontsize=22)
    set_columns(page, COLUMN_TEXTS, x0=40, top=80, cpl=12, gutter=BODY)
    # a brief under the frame: its head only a little larger than body type
    page.insert_text((40, 262), "简讯的标题", fontname="china-s", fontsize=BODY * 1.2)
    set_columns(page, COLUMN_TEXTS[:1], x0=40, top=272, cpl=12, gutter=BODY)
    arts = articles(read(doc.tobytes()))
    assert [a[0] for a in arts] == ["框里的文章", "简讯的标题"]


# -- OCR line boxes ---------------------------------------------------------------------------

def ocr_page(columns: list[list[str]], *, head: str | None = None, char: float = 30.0, gutter: float = 40.0
             ) -> PageLines:
    """An OCR page: one box per line, the entries sorted top to bottom then left to right
    (as engines write them), so side-by-side columns interleave."""
    boxes: list[tuple[float, float, str]] = []
    top = 300.0
    if head:
        boxes.append((200.0, 120.0, head))
    width = max(len(line) for col in columns for line in col) * char
    for c, col in enumerate(columns):
        for i, text in enumerate(col):
            boxes.append((100 + c * (width + gutter), top + i * char * 1.5, text))
    boxes.sort(key=lambda b: (b[1], b[0]))
    lines = []
    for order, (x, y, text) in enumerate(boxes):
        size = char * 2 if text == head else char
        lines.append(PositionedLine(text=text, bbox=(x, y, x + len(text) * size, y + size), size=size, bold=False,
                                    page=1, order=order))
    return PageLines(number=1, width=2000, height=3000, lines=lines, unit="px")


def test_ocr_columns_interleaved_by_the_engine_read_column_by_column() -> None:
    columns = [[f"第{c}栏第{i}行文字内容" for i in range(12)] for c in range(3)]
    page = ocr_page(columns, head="报道的大标题")
    layout = read_layout(page)
    texts = [ln.text for ln in layout.lines]
    assert texts == ["报道的大标题"] + [line for col in columns for line in col]
    assert not layout.warnings


def test_vertical_head_lines_read_right_to_left() -> None:
    page = ocr_page([[f"正文第{i}行的内容在此" for i in range(10)]], char=30.0)
    # a vertical head of two lines to the right of the text (竖排): read the right one first
    for k, (x, text) in enumerate(((900.0, "右边一行"), (840.0, "左边一行"))):
        page.lines.append(PositionedLine(text=text, bbox=(x, 300, x + 55, 300 + 4 * 55), size=55, bold=False,
                                         page=1, order=100 + k, vertical=True))
    texts = [ln.text for ln in read_layout(page).lines]
    assert texts.index("右边一行") + 1 == texts.index("左边一行")


def test_ocr_specks_in_the_margin_are_furniture_and_block_no_cut() -> None:
    columns = [[f"第{c}栏第{i}行文字内容" for i in range(12)] for c in range(2)]
    page = ocr_page(columns)
    for i in range(6):  # a border read as stray glyphs down the left margin
        page.lines.append(PositionedLine(text="S", bbox=(20, 300 + i * 90, 40, 330 + i * 90), size=30, bold=False,
                                         page=1, order=200 + i))
    layout = read_layout(page)
    roles = {ln.text: lay.role for ln, lay in zip(layout.lines, layout.layouts, strict=True)}
    assert roles["S"] == "furniture"
    body = [ln.text for ln, lay in zip(layout.lines, layout.layouts, strict=True) if lay.role != "furniture"]
    assert body == [line for col in columns for line in col]


def test_pages_set_in_another_style_meet_the_targets() -> None:
    # tests/newsprint.py: gutters 0.3-2 em, hanging or pushed punctuation, stacked grids,
    # datelines that wrap, half-empty pages, the stream written column by column per story
    from banmian.evaluate import mean_metrics
    from banmian.synth.articles import load_clean_articles
    from banmian.synth.pdf_score import score_rendered
    from conftest import SAMPLE_GOLD
    from newsprint import newsprint_page

    pool = load_clean_articles() + load_clean_articles([SAMPLE_GOLD])
    scores = mean_metrics([score_rendered(newsprint_page(pool, seed), ("geometry",))["geometry"]
                           for seed in range(100, 106)])
    assert scores["seg_ari"] >= 0.98
    assert scores["title_acc"] >= 0.98
    assert scores["body_cer"] <= 0.01
    assert scores["names_f1"] >= 0.9


def _lines(shape: pymupdf.Shape, x: float, top: float, texts: list[str], size: float = BODY) -> None:
    for i, text in enumerate(texts):
        shape.insert_text((x, top + size + i * size * 1.5), text, fontname="china-s", fontsize=size)


def test_a_column_level_with_its_storys_other_columns_stays_whatever_the_stream_says() -> None:
    # story B (head over three columns, a byline under it) was written with its third
    # column first, right after story A's last line, which ends mid-sentence (A runs on
    # elsewhere): the stream suggests a run-on, but B's columns all start at one height
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=600)
    shape = page.new_shape()
    a_lines = ["甲文的第一行文字在这里", "甲文的第二行文字在这里", "甲文的最后一行没有写完"]
    b_cols = [[f"乙文第{c}栏第{i}行的字" for i in range(1, 6)] for c in (1, 2, 3)]
    shape.insert_text((60, 64), "甲文的标题", fontname="china-s", fontsize=24)
    _lines(shape, 40, 80, a_lines)
    _lines(shape, 400, 242, b_cols[2])  # written straight after A's last line
    shape.commit()
    page.draw_line((30, 150), (570, 150), width=0.8)
    shape = page.new_shape()
    shape.insert_text((140, 204), "乙文的大标题横跨三栏", fontname="china-s", fontsize=28)
    shape.insert_text((40, 226), "本报记者 王小明", fontname="china-s", fontsize=BODY)
    _lines(shape, 40, 242, b_cols[0])
    _lines(shape, 220, 242, b_cols[1])
    shape.commit()
    arts = articles(read(doc.tobytes()))
    assert arts[0] == ["甲文的标题", *a_lines]
    assert arts[1] == ["乙文的大标题横跨三栏", "本报记者 王小明", *b_cols[0], *b_cols[1], *b_cols[2]]


def test_a_middle_size_line_beside_running_text_is_no_deck_and_columns_stay_apart() -> None:
    # a section number a little larger than body type tops the first column under a wide
    # head; the next column's text starts level with it: that line is no subtitle of the
    # head, and the columns are read one after the other, not row by row
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=400)
    shape = page.new_shape()
    shape.insert_text((60, 64), "一篇评论文章的标题", fontname="china-s", fontsize=24)
    shape.insert_text((60, 88), "（三）", fontname="china-s", fontsize=11.5)
    first = ["第一栏正文从这里开始写", "第一栏正文第二行的内容", "第一栏正文第三行的内容"]
    second = ["第二栏正文从顶上开始写", "第二栏正文第二行的内容", "第二栏正文第三行的内容", "第二栏正文第四行结束。"]
    _lines(shape, 40, 94, first)
    _lines(shape, 160, 76, second)
    shape.commit()
    (_, layout), = layout_pages(doc.tobytes())
    texts = [ln.text for ln in layout.lines]
    roles = {ln.text: lay.role for ln, lay in zip(layout.lines, layout.layouts, strict=True)}
    assert roles["（三）"] != "subtitle"
    assert [t for t in texts if t in first + second] == first + second


def test_text_under_a_bands_only_head_set_to_one_side_is_that_heads_story() -> None:
    # a banner set over the right-hand columns of its band; the story's byline and first
    # columns start at the left, level with the columns under the head; a rule closes the
    # band and another story follows below
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=500)
    # the stream gives no hint: the left-hand part is written first, then the head
    shape = page.new_shape()
    cols = [[f"正文第{c}栏第{i}行的字" for i in range(1, 6)] for c in range(1, 5)]
    shape.insert_text((40, 100), "本报记者 李大红", fontname="china-s", fontsize=BODY)
    _lines(shape, 40, 120, cols[0])
    shape.insert_text((220, 68), "偏在右边的通栏大标题", fontname="china-s", fontsize=30)
    for c, texts in enumerate(cols[1:], start=1):
        _lines(shape, 40 + c * 130, 120, texts)
    shape.commit()
    page.draw_line((30, 220), (570, 220), width=0.8)
    shape = page.new_shape()
    shape.insert_text((60, 254), "下面另一篇", fontname="china-s", fontsize=20)
    other = ["另一篇文章的第一行字", "另一篇文章的第二行字", "另一篇文章结束了。"]
    _lines(shape, 40, 270, other)
    shape.commit()
    data = doc.tobytes()
    arts = articles(read(data))
    assert arts == [["偏在右边的通栏大标题", "本报记者 李大红", *(t for col in cols for t in col)],
                    ["下面另一篇", *other]]
    (parsed,) = parse_pdf(data)
    assert_nothing_lost(parsed, pdf_text(data))


def test_a_head_over_a_byline_at_the_foot_is_news_and_an_advert_there_is_furniture() -> None:
    # a story cut after its byline at the foot of the page is not an advert, however
    # short; display type over a phone number in the same place is
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=800)
    shape = page.new_shape()
    shape.insert_text((60, 64), "版面上方的一篇文章", fontname="china-s", fontsize=24)
    for c in range(3):
        _lines(shape, 40 + c * 180, 80, [f"上方文章第{c + 1}栏的第{i}行字" for i in range(1, 30)])
    shape.insert_text((40, 700), "版面底部的短新闻标题", fontname="china-s", fontsize=16)
    shape.insert_text((40, 720), "本报记者 赵一鸣 钱二红", fontname="china-s", fontsize=BODY)
    shape.insert_text((400, 700), "鸿运家具城", fontname="china-s", fontsize=20)
    shape.insert_text((400, 722), "咨询热线：0000-1234567", fontname="china-s", fontsize=BODY)
    shape.commit()
    data = doc.tobytes()
    rows = read(data)
    roles = {text: role for text, role, _ in rows}
    assert roles["版面底部的短新闻标题"] == "title"
    assert roles["鸿运家具城"] == "furniture"
    (parsed,) = parse_pdf(data)
    (short,) = [a for a in parsed.articles if a.title == "版面底部的短新闻标题"]
    assert short.byline is not None and short.byline.reporters == ["赵一鸣", "钱二红"]
    assert_nothing_lost(parsed, pdf_text(data))


def test_digits_set_apart_from_chinese_stay_in_their_line() -> None:
    # writers set a little space (autospace) around Latin letters and digits in Chinese
    # text, often as runs of another font; the printed line is still one line
    from banmian.inputs.pdf import read_pdf_pages

    doc = pymupdf.open()
    page = doc.new_page(width=400, height=300)
    shape = page.new_shape()
    shape.insert_text((40, 60), "列车最高时速提高到每小时", fontname="china-s", fontsize=BODY)
    digits = 40 + 12 * BODY + 0.3 * BODY
    shape.insert_text((digits, 60), "385", fontname="helv", fontsize=BODY)
    after = digits + pymupdf.get_text_length("385", fontname="helv", fontsize=BODY) + 0.3 * BODY
    shape.insert_text((after, 60), "公里，在此期间", fontname="china-s", fontsize=BODY)
    shape.insert_text((40, 75), "下一行的文字照常排列下去", fontname="china-s", fontsize=BODY)
    # a neighbour column a full em away stays apart (only Latin runs get the extra room)
    shape.insert_text((after + 7 * BODY + BODY, 60), "邻栏的文字", fontname="china-s", fontsize=BODY)
    shape.commit()
    (lines,) = read_pdf_pages(doc.tobytes())
    texts = [ln.text.replace(" ", "") for ln in lines.lines]
    assert "列车最高时速提高到每小时385公里，在此期间" in texts
    assert "邻栏的文字" in texts


def test_a_head_wrapped_with_loose_leading_is_one_head() -> None:
    # a one-column head of two lines set with leading of nearly twice its size
    doc = pymupdf.open()
    page = doc.new_page(width=300, height=400)
    shape = page.new_shape()
    shape.insert_text((40, 52), "科研人员研制出新型", fontname="china-s", fontsize=16)
    shape.insert_text((40, 86), "淡化膜", fontname="china-s", fontsize=16)
    body = ["新华社青岛3月15日电　一种新型的", "膜在实验中的产水效率比传统产品", "高出四成，能耗明显降低。"]
    _lines(shape, 40, 98, body)
    shape.commit()
    rows = read(doc.tobytes())
    assert rows[:2] == [("科研人员研制出新型", "title", True), ("淡化膜", "title", False)]
    assert len(articles(rows)) == 1


def test_flowing_columns_carry_a_story_on_after_the_story_above_broke_off() -> None:
    # a section set in flowing columns: the banner's story fills the top of three columns,
    # the next story starts under its one-column head in the first column and flows on at
    # the top of the free part of the second and third, a blank line below the banner's
    # text there; no rule between them, the stream writes the stories one after the other
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=400)
    shape = page.new_shape()
    top = [[f"通栏文章第{c}栏第{i}行字" for i in range(1, 5)] for c in range(1, 4)]
    top[1][-1] = "通栏文章第2栏在此断开"
    top[2][-1] = "通栏文章到此结束了。"
    low = [[f"下篇文章第{c}栏第{i}行字" for i in range(1, 7)] for c in range(1, 4)]
    shape.insert_text((60, 50), "横跨三栏的通栏大标题", fontname="china-s", fontsize=24)
    for c, texts in enumerate(top):
        _lines(shape, 30 + c * 120, 64, texts)
    shape.insert_text((30, 150), "下篇的标题", fontname="china-s", fontsize=18)
    _lines(shape, 30, 160, low[0])
    _lines(shape, 150, 136, low[1])
    _lines(shape, 270, 136, low[2])
    shape.commit()
    arts = articles(read(doc.tobytes()))
    assert arts == [["横跨三栏的通栏大标题", *(t for col in top for t in col)],
                    ["下篇的标题", *(t for col in low for t in col)]]


def test_a_caption_with_a_photo_credit_but_no_drawn_picture_is_a_photo_item() -> None:
    # the picture is missing from the file (lost in export, or drawn in a way the reader
    # does not see); the caption in small type ending in a photo credit still reads as a
    # photo's, not as the tail of the story above it
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=400)
    shape = page.new_shape()
    shape.insert_text((40, 50), "城市公园今日开放", fontname="china-s", fontsize=20)
    story = [[f"公园新闻第{c}栏第{i}行字" for i in range(1, 5)] for c in (1, 2)]
    story[1][-1] = "公园新闻到此结束了。"
    for c, texts in enumerate(story):
        _lines(shape, 40 + c * 150, 64, texts)
    caption = ["这是清晨在湖边拍摄的一群白鹭。", "新华社记者 林小川 摄"]
    shape.insert_text((40, 200), caption[0], fontname="china-s", fontsize=8)
    shape.insert_text((200, 211), caption[1], fontname="china-s", fontsize=8)
    shape.commit()
    data = doc.tobytes()
    (parsed,) = parse_pdf(data)
    photo = [a for a in parsed.articles if a.kind == "photo"]
    assert len(photo) == 1
    assert not any(caption[0] in b.text for a in parsed.articles if a.kind != "photo" for b in a.blocks)
    assert photo[0].byline is not None and photo[0].byline.photographers == ["林小川"]
    assert_nothing_lost(parsed, pdf_text(data))


def test_a_column_beside_an_off_centre_head_joins_the_story_whose_columns_start_level_with_it() -> None:
    # story A's head is set off-centre over its second and third columns; its first column
    # starts level with them; story B beside it starts higher up: the first column is A's
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=400)
    shape = page.new_shape()
    cols = [[f"甲文第{c}栏第{i}行的字" for i in range(1, 6)] for c in range(1, 4)]
    _lines(shape, 30, 100, cols[0])  # written first: the stream gives no hint
    shape.insert_text((175, 80), "偏离中心的大标题", fontname="china-s", fontsize=22)
    _lines(shape, 150, 100, cols[1])
    _lines(shape, 270, 100, cols[2])
    shape.insert_text((430, 40), "乙文标题", fontname="china-s", fontsize=16)
    b_lines = [f"乙文第{i}行的字在这里" for i in range(1, 10)]
    _lines(shape, 420, 50, b_lines)
    shape.commit()
    arts = articles(read(doc.tobytes()))
    assert ["偏离中心的大标题", *(t for col in cols for t in col)] in arts
    assert ["乙文标题", *b_lines] in arts


def test_text_in_a_box_stays_with_the_boxs_head() -> None:
    # a boxed story (框): its second column starts lower than its first, level with the
    # columns of the story outside the box; the box keeps it with its own head
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=400)
    page.draw_rect(pymupdf.Rect(30, 90, 270, 300), width=0.8)
    shape = page.new_shape()
    second = [f"框内第二栏第{i}行字" for i in range(1, 6)]
    _lines(shape, 150, 160, second)  # written first: the stream gives no hint
    shape.insert_text((60, 120), "框里的", fontname="china-s", fontsize=18)
    first = [f"框内第一栏第{i}行字" for i in range(1, 8)]
    _lines(shape, 40, 140, first)
    shape.insert_text((330, 140), "框外的文章", fontname="china-s", fontsize=18)
    outside = [f"框外文章第{i}行的字" for i in range(1, 6)]
    _lines(shape, 300, 160, outside)
    shape.commit()
    data = doc.tobytes()
    arts = articles(read(data))
    assert ["框里的", *first, *second] in arts
    assert ["框外的文章", *outside] in arts
    (parsed,) = parse_pdf(data)
    assert_nothing_lost(parsed, pdf_text(data))


def test_a_head_widened_over_blank_columns_stops_at_the_next_head_beside_them() -> None:
    # a short story under a centred head in the middle of an empty band (its head takes
    # the blank columns beside it); lower down, the next story's head stands over its last
    # two columns and its first column starts level with them: that column is the lower
    # story's, not the short story's, although it lies under the widened head
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=500)
    shape = page.new_shape()
    cols = [[f"下篇第{c}栏第{i}行的字" for i in range(1, 7)] for c in range(1, 4)]
    _lines(shape, 200, 236, cols[0])  # written first: the stream gives no hint
    shape.insert_text((320, 58), "短讯的标题", fontname="china-s", fontsize=16)
    short = ["短讯只有四行字的", "第二行的文字在这", "第三行的文字在这", "短讯到这里结束。"]
    _lines(shape, 310, 70, short)
    shape.insert_text((345, 222), "下篇文章的标题", fontname="china-s", fontsize=20)
    _lines(shape, 310, 236, cols[1])
    _lines(shape, 420, 236, cols[2])
    shape.commit()
    arts = articles(read(doc.tobytes()))
    assert ["短讯的标题", *short] in arts
    assert ["下篇文章的标题", *(t for col in cols for t in col)] in arts


def test_a_column_run_down_beside_a_box_near_the_foot_is_text_and_a_folio_set_apart_is_not() -> None:
    # a box's lower side near the foot of the page is a long rule, but the column beside the
    # box runs on past it to the foot; the folio set apart in the margin stays furniture
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=800)
    page.draw_rect(pymupdf.Rect(30, 560, 440, 725), width=0.8)
    shape = page.new_shape()
    shape.insert_text((60, 590), "框里的文章标题", fontname="china-s", fontsize=20)
    _lines(shape, 40, 600, [f"框里的文章第{i}行的字" for i in range(1, 7)])
    shape.insert_text((460, 560), "边栏标题", fontname="china-s", fontsize=16)
    side = [f"边栏第{i}行的字" for i in range(1, 13)]
    side[-1] = "边栏到这里结束。"
    _lines(shape, 460, 576, side)  # runs down to about 750, below the box's lower side
    shape.commit()
    page.insert_text((280, 790), "第三版", fontname="china-s", fontsize=9)
    rows = read(doc.tobytes())
    roles = {text: role for text, role, _ in rows}
    assert all(roles[t] != "furniture" for t in side)
    assert ["边栏标题", *side] in articles(rows)
    assert roles["第三版"] == "furniture"


def test_a_picture_set_down_a_storys_columns_with_white_above_it_is_the_storys() -> None:
    # a flush-left head over three columns; its text runs in the first; the picture stands in
    # columns 1-2 well down the page with only white between it and the head: the story's
    # picture, its caption the story's caption. The same picture with a rule across above it
    # is a photo of its own.
    def page(ruled: bool) -> bytes:
        sheet = Sheet(columns=4)
        top = 40.0
        sheet.text(sheet.x(0), top, "白鹭归来湿地公园又见群鸟", size=24)
        top += 24 * 1.6
        sheet.column_text(0, top, 14, "湿地")
        sheet.column_text(3, sheet.head(3, 3, 40, "邻栏短讯", size=16), 16, "邻栏")
        pic_top = top + 9 * BODY * 1.5
        if ruled:
            sheet.page.draw_line((sheet.x(1), pic_top - 8), (sheet.x(2) + sheet.col_w, pic_top - 8), width=0.8)
        sheet.page.draw_rect(pymupdf.Rect(sheet.x(1), pic_top, sheet.x(2) + sheet.col_w, pic_top + 90),
                             fill=(0.7, 0.7, 0.7))
        sheet.text(sheet.x(1), pic_top + 94, "图为湿地公园里觅食的白鹭群。", size=8)
        sheet.text(sheet.x(2) + sheet.col_w - 8 * 8, pic_top + 106, "本报记者 某 摄", size=8)
        return sheet.pdf()

    data = page(ruled=False)
    assert_nothing_lost(parse_pdf(data)[0], pdf_text(data))
    arts = articles(read(data))
    story = next(a for a in arts if a[0] == "白鹭归来湿地公园又见群鸟")
    assert "图为湿地公园里觅食的白鹭群。" in story and "本报记者 某 摄" in story
    assert not any(a[0] == "图为湿地公园里觅食的白鹭群。" for a in arts)
    assert not any(line.startswith("邻栏") for line in story)
    arts = articles(read(page(ruled=True)))
    story = next(a for a in arts if a[0] == "白鹭归来湿地公园又见群鸟")
    assert "图为湿地公园里觅食的白鹭群。" not in story


def test_a_byline_set_a_name_a_line_in_a_narrow_column_keeps_every_name() -> None:
    # a narrow column sets the byline a name a line under the head: role word, names, role
    # word, name; the story's text starts indented under it
    sheet = Sheet(columns=8)
    top = sheet.head(2, 2, 40, "梨园丰收", size=14)
    for k, text in enumerate(["本报记者", "牛小帆", "夏春山", "通讯员", "叶博文"]):
        sheet.text(sheet.x(2), top + k * BODY * 1.3, text)
    sheet.column_text(2, top + 5 * BODY * 1.3 + 4, 8, "梨")
    sheet.column_text(0, 40, 12, "邻")
    data = sheet.pdf()
    page = parse_pdf(data)[0]
    assert_nothing_lost(page, pdf_text(data))
    story = next(a for a in page.articles if a.title == "梨园丰收")
    assert story.byline is not None
    assert story.byline.reporters == ["牛小帆", "夏春山"] and story.byline.contributors == ["叶博文"]
    assert not any("叶博文" in b.text or "通讯员" in b.text for b in story.blocks)



def test_a_story_cut_to_its_byline_set_a_name_a_line_keeps_every_name() -> None:
    # a story cut short under its head (its text jumps to another page) leaves only its
    # byline, a name a line, one line holding two names: those names are all the column
    # piece holds, so its measure is theirs and a role word as wide as it is no full line
    # of running text
    sheet = Sheet(columns=8)
    top = sheet.head(2, 2, 40, "食堂开张", size=14)
    for k, text in enumerate(["本报记者", "甲一 乙二丙", "丁小三", "通讯员", "戊小四", "己小五"]):
        sheet.text(sheet.x(2), top + k * BODY * 1.3, text)
    sheet.column_text(0, 40, 12, "邻")
    data = sheet.pdf()
    page = parse_pdf(data)[0]
    assert_nothing_lost(page, pdf_text(data))
    story = next(a for a in page.articles if a.title == "食堂开张")
    assert story.byline is not None
    assert story.byline.reporters == ["甲一", "乙二丙", "丁小三"]
    assert story.byline.contributors == ["戊小四", "己小五"]
    assert not any("己小五" in b.text or "丁小三" in b.text for b in story.blocks)


def test_the_rest_of_a_line_written_apart_after_a_closing_mark_rejoins_it_but_a_next_columns_line_does_not() -> None:
    # a writer emits a line as runs (LibreOffice parts a line at its quotation marks): the run
    # after `。”` starts in mid-measure, where no line of the page starts, and is the line's
    # rest. A mark hanging past a full line into a narrow gutter may touch the next column's
    # first glyph: that piece starts where the lines above and below it start, and is the
    # next column's line. Runs after an opening mark (never a line's last character) join too,
    # and a subhead set lower beside a line is no piece of it
    from banmian.inputs.pdf import _join_runs

    def piece(text: str, x0: float, y0: float, order: int, size: float = BODY) -> PositionedLine:
        return PositionedLine(text=text, bbox=(x0, y0, x0 + len(text) * size, y0 + size), size=size, bold=False,
                              page=1, order=order)

    left = [piece("甲乙丙丁戊己庚辛壬癸", 40, 185, 0), piece("子丑寅卯辰巳午未申酉。", 40, 200, 1),
            piece("甲乙丙丁戊己庚辛壬癸", 40, 215, 2)]
    right = [piece("天地玄黄宇宙洪荒日月", 150, 185, 3), piece("盈昃辰宿列张寒来暑往", 150, 200, 4),
             piece("秋收冬藏闰余成岁律吕", 150, 215, 5)]
    third = [piece("他们开了二十多场会议", 300, 185, 6), piece("议事会。”", 300, 200, 7), piece("街道负责人介绍说", 350, 200, 8),
             piece("又一段文字到此为止。", 300, 230, 9), piece("”他说道", 400, 230, 11),
             piece("小标题在此", 322, 252, 10, size=11.0), piece("市民称之为“", 300, 275, 12),
             piece("好去处”", 360 + 0.15 * BODY, 275, 13),
             # an opening mark a little apart in mid-measure; one other line's piece happens to
             # start two ems left of it (no column's edge: that takes the lines above and below)
             piece("近年来学习运用", 300, 300, 14), piece("“", 370 + 0.11 * BODY, 300, 16),
             piece("某某", 381.1 + 0.11 * BODY, 300, 15), piece("、另一行的后半", 351.1, 320, 17)]
    texts = [ln.text for ln in _join_runs(left + right + third)]
    assert "子丑寅卯辰巳午未申酉。" in texts and "盈昃辰宿列张寒来暑往" in texts
    assert "议事会。”街道负责人介绍说" in texts
    assert "又一段文字到此为止。”他说道" in texts and "小标题在此" in texts
    assert "市民称之为“好去处”" in texts
    assert "近年来学习运用“某某" in texts


def test_a_mark_a_justifying_writer_sets_a_little_apart_stays_in_its_line() -> None:
    # a writer justifying a line may write its closing marks as runs of their own, a fraction
    # of an em after the text (LibreOffice does), which MuPDF gives as lines of their own; a
    # closing mark never starts a line (避头尾), so such a piece is the rest of the line before
    # it, not a line in the gutter, even after a sentence's end
    from banmian.inputs.pdf import _join_runs

    def piece(text: str, x0: float, y0: float, order: int) -> PositionedLine:
        return PositionedLine(text=text, bbox=(x0, y0, x0 + len(text) * BODY, y0 + BODY), size=BODY, bold=False, page=1,
                              order=order)

    lines = [piece("手机上哪块田缺肥哪块田有病虫害", 40, 50, 0), piece("，", 40 + 15 * BODY + 0.2 * BODY, 50, 1),
             piece("又不丢掉原来的生活气息。", 40, 65, 2), piece("”余静说。", 40 + 12 * BODY, 65, 3),
             piece("为了防止一年新两年旧", 40, 80, 4), piece("”，街道", 40 + 10 * BODY + 0.2 * BODY, 80, 5),
             piece("邻栏的文字", 40 + 16 * BODY + 1.2 * BODY, 50, 6)]
    texts = [ln.text for ln in _join_runs(lines)]
    assert texts == ["手机上哪块田缺肥哪块田有病虫害，", "又不丢掉原来的生活气息。”余静说。", "为了防止一年新两年旧”，街道",
                     "邻栏的文字"]


def test_a_narrow_gutter_before_a_column_that_starts_with_digits_parts_the_columns() -> None:
    # a gutter of a third of an em is as wide as the space a writer sets before digits in a
    # line (autospace); the column grid tells them apart: the lines below end where the left
    # piece ends and start where the digits start, and none runs across the gap. A run of
    # digits in mid-measure, with the lines above and below running across its gap, stays
    from banmian.inputs.pdf import _join_runs

    def piece(text: str, x0: float, y0: float, order: int) -> PositionedLine:
        return PositionedLine(text=text, bbox=(x0, y0, x0 + len(text) * BODY, y0 + BODY), size=BODY, bold=False, page=1,
                              order=order)

    right = 40 + 10 * BODY + 0.36 * BODY
    lines = [piece("（上接第2版）甲乙丙", 40, 50, 0), piece("2050年以前全部完成", right, 50, 1),
             piece("子丑寅卯辰巳午未申酉", 40, 65, 2), piece("天地玄黄宇宙洪荒日月", right, 65, 3),
             piece("今年有", 40, 80, 4), piece("12", 40 + 3.3 * BODY, 80, 5), piece("个村通车", 40 + 5.6 * BODY, 80, 6),
             piece("盈昃辰宿列张寒来暑往", right, 80, 7),
             piece("甲乙丙丁戊己庚辛壬癸", 40, 95, 8), piece("秋收冬藏闰余成岁律吕", right, 95, 9)]
    texts = [ln.text for ln in _join_runs(lines)]
    assert "（上接第2版）甲乙丙" in texts and "2050年以前全部完成" in texts
    assert "今年有12个村通车" in texts


def _glyph_page(rows: list[list[tuple[str, float, float]]], size: float) -> Any:
    """A stand-in page whose text layer is given glyph by glyph: each row one MuPDF line of
    (character, x0, width), at `size`, the rows 1.4 ems apart (a content stream written row
    by row across the columns, which MuPDF reads as one line per row)."""
    span = {"size": size, "font": "Song", "flags": 0}
    lines = []
    for n, row in enumerate(rows):
        y0 = 50 + n * 1.4 * size
        chars = [{"c": c, "bbox": (x, y0, x + w, y0 + size)} for c, x, w in row]
        lines.append({"dir": (1.0, 0.0), "bbox": (row[0][1], y0, row[-1][1] + row[-1][2], y0 + size),
                      "spans": [{**span, "chars": chars}]})

    class Page:
        rotation = 0

        def get_text(self, *_: Any, **__: Any) -> dict[str, Any]:
            return {"blocks": [{"lines": lines}]}

    return Page()


def _set(text: str, x0: float, spacing: float, size: float) -> list[tuple[str, float, float]]:
    """Glyphs of a line from x0: a space half an em wide, spacing between any two."""
    out: list[tuple[str, float, float]] = []
    x = x0
    for c in text:
        width = size / 2 if c == " " else size
        out.append((c, x, width))
        x += width + spacing
    return out


def test_lines_a_row_by_row_stream_writes_across_narrow_gutters_part_at_the_grid_s_gutters() -> None:
    # a stream written row by row across columns a little over half an em apart: MuPDF
    # makes one line of each row. A byline justified to the measure ends in a space that
    # reaches the gutter, and justified letter spacing widens every gap of a row; the gap
    # is cut where the lines above and below end and start (the column grid), not where
    # names are spaced apart or where digits are set off inside a column
    from banmian.inputs.pdf import read_lines

    size = 8.0
    measure = 9 * size + 8 * 0.4
    columns = [40.0, 40 + measure + 0.55 * size, 40 + 2 * (measure + 0.55 * size)]
    cells = [["本报某地三月二日电", "天地玄黄宇宙洪荒日", "甲乙丙丁戊己庚辛壬"],
             ["（记者 某甲 某乙 ", "寒来暑往秋收冬藏闰", "子丑寅卯辰巳午未申"],
             ["通讯员 某丙 某丁 ", "余成岁律吕调阳云腾", "今年有 12 个村通车"],
             ["）在一个口岸报道说", "致雨露结为霜金生丽", "一二三四五六七八九"],
             ["出口的货物越来越多", "水玉出昆冈剑号巨阙", "东南西北中发白春夏"]]
    rows = []
    for row in cells:
        glyphs: list[tuple[str, float, float]] = []
        for text, x0 in zip(row, columns, strict=True):
            # justify: spread the letter spacing so that the cell fills the measure
            widths = sum(size / 2 if c == " " else size for c in text)
            glyphs += _set(text, x0, (measure - widths) / (len(text) - 1), size)
        rows.append(glyphs)
    lines = read_lines(_glyph_page(rows, size), 1)
    texts = [ln.text for ln in lines]
    assert texts == ["本报某地三月二日电", "天地玄黄宇宙洪荒日", "甲乙丙丁戊己庚辛壬",
                     "（记者 某甲 某乙", "寒来暑往秋收冬藏闰", "子丑寅卯辰巳午未申",
                     "通讯员 某丙 某丁", "余成岁律吕调阳云腾", "今年有 12 个村通车",
                     "）在一个口岸报道说", "致雨露结为霜金生丽", "一二三四五六七八九",
                     "出口的货物越来越多", "水玉出昆冈剑号巨阙", "东南西北中发白春夏"]


def test_a_mark_hanging_into_a_one_em_gutter_does_not_join_a_row_by_row_line_to_the_next_column() -> None:
    # a stream written row by row, marks hanging past the measure (标点悬挂): where a line
    # ends in a mark, the mark fills the one-em gutter and touches the next column's first
    # glyph, so MuPDF gives one line across both columns. The grid parts them: the lines
    # above and below end an em before the mark's end and start right after it. A mark
    # inside a column, followed by a glyph where indented lines start, keeps its line
    from banmian.inputs.pdf import read_lines

    size = 9.0
    columns = [40.0, 40 + 10 * size, 40 + 20 * size]  # nine characters a line, one-em gutters
    # (x0 of each cell, text): indented first lines start two ems in
    cells = [[(0, "甲乙丙丁戊己庚辛壬"), (0, "天地玄黄宇宙洪荒日"), (0, "子丑寅卯辰巳午未申")],
             [(2, "今年村里又来了"), (0, "寒来暑往秋收冬藏闰"), (0, "东南西北中发白春夏")],
             [(0, "开设了两门新课程又，"), (0, "余成岁律吕调阳云腾"), (0, "一二三四五六七八九")],
             [(0, "甲，乙丙丁戊己庚辛"), (2, "露结为霜金生丽"), (0, "春夏秋冬四季轮回转")],
             [(2, "玉出昆冈剑号巨"), (0, "珠称夜光果珍李柰菜"), (0, "重芥姜海咸河淡鳞潜")]]
    # the third row's comma hangs past the measure into the gutter, up to the next column
    rows = [[(c, x0 + (indent + k) * size, size) for (indent, text), x0 in zip(row, columns, strict=True)
             for k, c in enumerate(text)] for row in cells]
    texts = [ln.text for ln in read_lines(_glyph_page(rows, size), 1)]
    assert "开设了两门新课程又，" in texts and "余成岁律吕调阳云腾" in texts
    assert "甲，乙丙丁戊己庚辛" in texts
