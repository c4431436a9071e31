"""Causes of the round-trip misses of issue 11, each on an invented page.

Each test holds one convention of how papers of other places and eras are set (and how
OCR and extractors hand them over) that the generated round trips
(`tests/test_synth_conventions.py`) found the parser missing.
"""

from __future__ import annotations

from banmian import parse_text
from banmian.conventions import load_conventions
from banmian.model import Page
from banmian.stages.build import readable_title
from conftest import assert_nothing_lost


def parse(text: str, conventions: str | None = None) -> Page:
    page = parse_text(text, conventions=conventions)
    assert_nothing_lost(page, text)
    return page


# An OCR dump of old text: paragraphs run on (indented), blank lines only around the
# headlines. The second story's headline has two decks that OCR read as one line, a
# space apart; the two stories share words (the fire brigade), as neighbours often do.
TWO_DECKS_ON_ONE_LINE = """\
救火會添購救火車
城西分會先得兩輛

　　本市救火會以市區日廣、火警時有所聞、原有救火車不敷應用、
特向外洋訂購新式救火車六輛、日前運到、昨日下午在會所試驗、
　　據該會負責人稱、新車馬力甚大、每分鐘可出水千餘加侖、城西
一帶店屋密集、火警最多、故先撥兩輛交城西分會應用云、

城西米店失慎 焚燬店屋兩間

　　昨日下午三時許、城西某路一米店、忽告失慎、因店內堆存米包甚
多、火勢蔓延極速、救火會聞警、即驅新車馳往灌救、至五
時許始行撲滅、計焚燬店屋兩間、幸未傷及人命、
　　起火原因、係店夥吸煙不慎所致云、
"""


def test_a_headline_with_two_decks_on_one_line_is_a_title_not_a_subhead() -> None:
    # a subhead is one phrase; decks side by side are a headline's
    page = parse(TWO_DECKS_ON_ONE_LINE)
    assert [a.title for a in page.articles] == ["救火會添購救火車城西分會先得兩輛", "城西米店失慎 焚燬店屋兩間"]
    assert page.articles[1].blocks[0].text.startswith("昨日下午三時許")


# A page in old punctuation that indents its paragraphs (the first story, in a wide
# column), and a second story in a column of eight characters whose indents the
# extraction lost: each of its paragraphs' first lines is two characters short.
WIDE_STORY = """\
城南新建菜市場落成

　　城南新建之菜市場、日前落成、攤位二百餘個、魚肉菜
蔬、一應俱全、附近居民稱便、每日清晨即有人往購、
　　市場管理處稱、每日清晨五時開市、晚間七時閉市、
攤販須先領執照、方准營業、違者取締、
　　又該處以市場附近道路狹窄、擬請工務局予以放寬、
以利交通云、

"""
NARROW_STORY = """\
市府修築江堤工程開標

市府修築江堤
工程昨日上午十時
在工務局當衆開標
計有營造公司七家
投標以某營造公司
所開標價四萬二千
元爲最低、當經決
定由該公司承辦、
限三月完工、
據工務局長談
江堤完工以後、城
南一帶可免水患、
居民無不稱便云、
"""


def test_a_first_line_short_by_a_lost_indent_is_text_where_the_page_indents() -> None:
    # (the page indents its paragraphs: a line two characters short of the lines it
    # runs on into lost its indent; it is neither a subhead nor a deck of the headline)
    page = parse(WIDE_STORY + NARROW_STORY)
    story = page.articles[1]
    assert story.title == "市府修築江堤工程開標"
    assert [(b.type, b.lines) for b in story.blocks] == [("paragraph", (12, 20)), ("paragraph", (21, 24))]


def test_a_first_line_set_apart_by_a_column_break_is_no_deck_where_the_page_indents() -> None:
    # the column breaks after the story's first line (a blank line in the dump)
    text = WIDE_STORY + NARROW_STORY.replace("市府修築江堤\n工程", "市府修築江堤\n\n工程")
    page = parse(text)
    story = page.articles[1]
    assert story.title == "市府修築江堤工程開標"
    assert story.blocks[0].text.startswith("市府修築江堤工程昨日")


def test_running_text_in_a_narrow_column_under_a_headline_is_no_ad() -> None:
    # few of its lines hold a clause mark (a long sentence in a narrow measure) and it
    # names a company and a price, but its lines fill one measure: running text
    page = parse(WIDE_STORY + NARROW_STORY)
    assert [a.kind for a in page.articles] == ["article", "article"]
    assert page.articles[1].blocks[0].text.startswith("市府修築江堤工程昨日上午十時")


# Titles follow their stories; a photo's caption, set in a narrow column, stands right
# under a title with no blank line between them, and ends at the photo's credit.
TITLE_OVER_A_CAPTION = """\
城郊湿地每年冬天迎来大批候鸟，护鸟队的队员们每天清晨
沿着湖岸巡护，清理捕鸟网，救护受伤的鸟类。
护鸟队成立八年来，队员从五人增加到四十多人，累计救护
候鸟一千三百多只，湖区越冬候鸟的种类逐年增加。

湖区的“护鸟队”
4月12日，游客在公
园里观赏盛开的樱
花。

本报记者 李明 摄

新建的城市书房昨天开放，市民可以在这里免费借阅图书，
书房每天开放到晚上十点。

城市书房开放
"""


def test_a_title_set_over_a_caption_titles_the_story_whose_words_it_shares() -> None:
    story, photo, _other = parse(TITLE_OVER_A_CAPTION).articles
    assert story.title == "湖区的“护鸟队”" and story.title_lines == (6, 6)
    assert photo.kind == "photo" and photo.title is None
    assert [(b.type, b.lines) for b in photo.blocks] == [("caption", (7, 9)), ("credit", (11, 11))]


# The same, after a story sent on to another page; the caption's first line holds the
# narrow spaces a PDF extraction puts around digits, which make it look as wide as
# the title (the title shares no words with the story: only the widths tell).
TITLE_OVER_A_SPACED_CAPTION = """\
夜幕降临，青石镇中心校的操场上热闹起来，几十名
孩子排着队，轮流凑到望远镜前看月球表面的环形山。

这座观测站建在教学楼顶层，去年秋天投入使用，每
周开设一次观星课，由物理老师带着孩子们上课。
（下转第3版）

山区小学有了自己天文台
5 月 18 日，小朋友在
博物馆里观看化石。

本报记者 李明 摄

新建的城市书房昨天开放，市民可以在这里免费借阅
图书，书房每天开放到晚上十点。

城市书房开放
"""


def test_a_title_wider_than_a_caption_as_set_is_no_caption_line() -> None:
    story, photo, _other = parse(TITLE_OVER_A_SPACED_CAPTION).articles
    assert story.title == "山区小学有了自己天文台" and story.continued_to == 3
    assert [(b.type, b.lines) for b in photo.blocks] == [("caption", (9, 10)), ("credit", (12, 12))]


# A masthead block: the paper's name, its price in the island's currency, the address,
# the issue number and the web address, each on a line of its own above the first title.
MASTHEAD_WITH_A_PRICE = """\
港灣晚報
零售新臺幣20元
社址：海濱路12號
第12345號
網址：www.example.com.tw

市區公車全面換新

本報訊　市區公車今年全面換新，新車均為低地板設計，方便長者與輪椅
乘客上下車。交通局表示，全市路線將在年底前完成汰換。
"""


def test_a_price_after_lingshou_in_any_currency_is_a_masthead_field() -> None:
    page = parse(MASTHEAD_WITH_A_PRICE)
    assert [f.lines for f in page.furniture] == [(n, n) for n in range(1, 6)]
    (article,) = page.articles
    assert article.title == "市區公車全面換新" and article.kind == "article"


# A briefs column whose items run on without blank lines: an item's last line can be
# as full as the rest, so only the next item's run-in lead, set off by an em space at
# the start of its line, tells where the item ends.
BRIEFS_RUN_ON = """\
本市简讯

城南公园完成改造　城南公园改造工程日前完
工，园内新建步道三公里，增设座椅一百余张。
社区书屋开放借阅　新建的社区书屋昨天开放，
居民凭身份证即可借阅图书，每人限借三本。
地铁新线试运行　地铁五号线今天起试运行，全
线设站十二座，首班车早上六点发出。
"""


def test_a_run_in_lead_at_a_lines_start_opens_the_next_brief() -> None:
    page = parse(BRIEFS_RUN_ON)
    assert [(a.title, a.blocks[0].lines) for a in page.articles] == [
        ("城南公园完成改造", (3, 4)),
        ("社区书屋开放借阅", (5, 6)),
        ("地铁新线试运行", (7, 8)),
    ]


def test_an_em_space_ends_a_lead_on_a_line_with_narrow_spaces_too() -> None:
    # the extraction's narrow spaces around `11` do not end the lead; the em space does
    text = BRIEFS_RUN_ON.replace(
        "城南公园完成改造　城南公园改造工程日前完\n工，",
        "社区食堂正式开张　中午 11\n点，新开张的社区食堂坐满了人。\n城南公园完成改造　城南公园改造工程日前完\n工，",
    )
    page = parse(text)
    assert page.articles[0].title == "社区食堂正式开张"
    assert page.articles[0].blocks[0].text.startswith("中午11点")


def test_a_title_over_a_caption_after_a_wrapped_closing_note() -> None:
    # the story ends with a contributors' note wrapped onto a line of its own
    text = TITLE_OVER_A_CAPTION.replace(
        "候鸟一千三百多只，湖区越冬候鸟的种类逐年增加。\n",
        "候鸟一千三百多只，湖区越冬候鸟的种类逐年增加。（参与记\n者 张小山 李四）\n",
    )
    story, photo, _other = parse(text).articles
    assert story.title == "湖区的“护鸟队”" and photo.title is None
    assert [(b.type, b.lines) for b in photo.blocks] == [("caption", (8, 10)), ("credit", (12, 12))]


def test_a_longer_head_set_right_to_left_is_turned_when_only_the_turned_order_shares_words() -> None:
    conventions = load_conventions("republican")
    body = "昨夜二時許、某路某綢莊、突來盜匪四人、各持手槍、將店夥驅入後房、劫去現洋數百元云、"
    # two of the turned head's words (`綢莊`, `盜匪`) are the story's, none of the printed
    assert readable_title("莊綢入闖匪盜夜深", body, conventions) == "深夜盜匪闖入綢莊"
    # a head whose printed order shares a word with its story stays as printed
    assert readable_title("深夜盜匪闖入綢莊", body, conventions) == "深夜盜匪闖入綢莊"


# A Republican page's running head stacked over three lines: the page label, the date
# (its year in financial numerals, with 叄, the common form of 參) and weekday, and the
# section's name; under them, the first headline.
OLD_RUNNING_HEAD = """\
第三版
民國叄拾伍年三月二日 星期六
本埠新聞
碼頭工人要求加薪
本埠各碼頭工人、以近來米價飛漲、生活日艱、昨日推舉代表十人、
向各輪船公司請求增加工資、各公司允於日內答覆、工人現均照常工作云、
"""


def test_an_old_running_head_stacked_over_three_lines_is_furniture() -> None:
    page = parse(OLD_RUNNING_HEAD, conventions="republican")
    assert [f.lines for f in page.furniture] == [(1, 1), (2, 2), (3, 3)]
    (article,) = page.articles
    assert article.title == "碼頭工人要求加薪"


def test_an_address_with_the_numeral_zero_is_a_masthead_field() -> None:
    conventions = load_conventions("republican")
    assert conventions.field_type("館址福州路七〇〇號") == "masthead"


# An old notice signed with the shop's name and the month and day alone (the year is
# the paper's), then the headline of a story continued from another page.
SIGNED_OLD_NOTICE = """\
招請店員
本號因營業發達、現擬招請店員二名、須能書算、
有殷實舖保者爲合格、有意者請於每日上午十時
來號接洽可也、
　　　　　　福源茶莊  九月九日

女子中學舉行開學禮

（上接第3版）私立某女子中學、本學期新建校
舍落成、於昨日上午十時舉行開學典禮、到有來
賓家長及全體學生四百餘人、禮堂之內、濟濟一
堂、首由校長報告本校沿革、
"""


def test_a_signature_dated_by_month_and_day_is_no_deck_of_the_next_headline() -> None:
    page = parse(SIGNED_OLD_NOTICE, conventions="republican")
    notice, story = page.articles
    assert story.title == "女子中學舉行開學禮" and story.continued_from == 3
    assert 5 in notice.line_numbers()


def test_an_old_sentence_ended_by_a_final_particle_alone_ends_its_paragraph() -> None:
    # `……淘汰也` on a short line, no mark after the particle (old text sets none there)
    text = (
        "論戲劇之改良\n"
        "吾國舊劇、源遠流長、然積習相沿、弊端亦多、若不急\n"
        "圖改良、必爲新劇所淘汰也\n"
        "今日劇界中人、多以營業爲重、於改良一事、每多漠然\n"
        "視之、甚或以爲多事、是則可嘆耳、\n"
    )
    (article,) = parse(text, conventions="republican").articles
    assert [(b.type, b.lines) for b in article.blocks] == [("paragraph", (2, 3)), ("paragraph", (4, 5))]


def test_an_old_staff_wanted_notice_headed_zhaoqing_is_a_notice() -> None:
    text = SIGNED_OLD_NOTICE.replace("招請店員\n", "招請\n")
    notice, _story = parse(text, conventions="republican").articles
    assert notice.kind == "notice" and notice.title == "招請"


def test_a_notices_head_set_right_to_left_is_turned_back_and_makes_it_a_notice() -> None:
    conventions = load_conventions("republican")
    assert readable_title("事啟名更", "", conventions) == "更名啟事"
    assert readable_title("員店請招", "", conventions) == "招請店員"
    assert readable_title("更名啟事", "", conventions) == "更名啟事"
    text = (
        "事啟名更\n"
        "本號自即日起更名爲大成商行、所有往來賬目、仍歸本號\n"
        "負責清理、特此聲明、\n"
    )
    (notice,) = parse(text, conventions="republican").articles
    assert notice.title == "更名啟事" and notice.kind == "notice"


# A two-line title set after its story, right over a caption whose first line carries no
# mark and the narrow spaces a PDF extraction puts around digits: as set, that line is
# as wide as the caption's others, so it is the caption's first, not a third title line.
TWO_LINE_TITLE_OVER_A_SPACED_CAPTION = """\
市水务局昨日通报，今年入汛以
来全市降雨量较常年偏多三成，
各水库蓄水充足，城区供水安全
有保障。

水务部门提醒，入冬后用水高峰
将至，市民应节约用水，爱护供
水设施。

全市水库蓄水
充足供水无忧
这是 10 月 8 日拍摄的城
郊湿地，成群的白鹭在
浅滩上觅食。

本报记者 王立 摄

新建的城市书房昨天开放，市民可以在这里免费借阅
图书，书房每天开放到晚上十点。

城市书房开放
"""


def test_a_spaced_caption_line_under_a_two_line_title_stays_the_captions() -> None:
    story, photo, _other = parse(TWO_LINE_TITLE_OVER_A_SPACED_CAPTION).articles
    assert story.title == "全市水库蓄水充足供水无忧" and story.title_lines == (10, 11)
    assert photo.kind == "photo"
    assert [(b.type, b.lines) for b in photo.blocks] == [("caption", (12, 14)), ("credit", (16, 16))]


# A notice signed with its sender's name over the closing date (落款), right before a
# story continued from another page: the name is the notice's, not a title over the
# continuation or an item of its own.
SIGNED_NOTICE_OVER_A_CONTINUATION = """\
2023年3月3日 星期五 第5版

　　新建的社區圖書室上月開放以來，每天接待讀者兩百多人次，
週末還為孩子們開設繪本故事會，很受居民歡迎。
社區圖書室受歡迎

訃告
　　林景和先生因病醫治無效，於2023年3月
2日在家中逝世，享年81歲。
　　茲定於三日後上午十時在西郊殯儀館
舉行告別儀式。特此訃告。
林景和治喪委員會
　　　　　　2023年3月2日

　　(上接第4版）老城區的雨污分流工程已完成八成，今年
汛期前將全部完工，沿河的十多個排口將全部封堵。
　　工程指揮部介紹，施工期間部分路段實行單向通行，市民
出行可提前查看公佈的繞行路線，沿線商戶照常營業。
　　為減少對居民的影響，夜間十時以後不再進行產生噪聲的
作業，工地出入口安排專人清掃路面，防止揚塵。
　　工程完工後，老城區的內澇問題將得到明顯緩解，河道水
質也將逐步改善。
"""


def test_a_notices_signature_over_its_closing_date_is_the_notices() -> None:
    _first, notice, story = parse(SIGNED_NOTICE_OVER_A_CONTINUATION).articles
    assert notice.kind == "notice" and notice.title == "訃告" and notice.lines == [(7, 13)]
    assert story.continued_from == 4 and story.lines == [(15, 22)]


# Two old dispatches as pdftotext hands them over: no blank lines, the first closed by
# its dateline alone on a line, the second's headline right under it and over the
# second's own bracketed dateline.
DISPATCHES_RUN_ON = """\
某縣新築公路通車
　　某縣新築之公路、全長八十餘里、
經半年趕築、業已竣工、昨日舉行通
車典禮、到有各界代表數百人、
　　縣長致詞、略謂公路通車以後、
貨物運輸、可省時日、商民均稱便云、
（漢口三日國民電）
碼頭工人罷工解決
（漢口四日中央社電）
　　本埠碼頭工人、因要求增加工資、
罷工三日、經社會局召集勞資雙方調
解、議定每日增資一角、工人已於昨
日全體復工、秩序如常云、
"""


def test_a_bracketed_dateline_right_over_the_next_headline_and_its_dateline_closes_its_dispatch() -> None:
    page = parse(DISPATCHES_RUN_ON, conventions="republican")
    assert [a.title for a in page.articles] == ["某縣新築公路通車", "碼頭工人罷工解決"]
    assert [a.dateline.raw if a.dateline else None for a in page.articles] == ["（漢口三日國民電）", "（漢口四日中央社電）"]
    assert page.articles[1].blocks[0].text.startswith("本埠碼頭工人")


# A local story credited to two people for text and photos, `文·圖` (a role no running
# text opens with) then the names a space apart; and the same line as a letter-spaced
# extraction hands it over, a wider gap between the names than between the characters.
CREDITED_STORY = """\
市區新設公共單車站點

{dateline}
　　市交通局昨日表示，今年將在市區新設公共單車站點一百個，方便市民短途出行。
　　據介紹，新站點將優先設在地鐵站和巴士總站附近。
"""


def test_a_who_note_with_a_role_joined_by_a_middle_dot_keeps_the_spaces_between_its_names() -> None:
    page = parse(CREDITED_STORY.format(dateline="本報訊（文·圖 葉明遠 關嘉欣）"))
    dateline = page.articles[0].dateline
    assert dateline is not None and dateline.agency == "本報"
    assert page.articles[0].byline is not None
    assert page.articles[0].byline.photographers == ["葉明遠", "關嘉欣"]
    assert page.articles[0].blocks[0].text.startswith("市交通局")


def test_a_letter_spaced_who_note_keeps_its_wider_gaps_as_name_separators() -> None:
    page = parse(CREDITED_STORY.format(dateline="本 報 訊 （ 文 · 圖   葉 明 遠   關 嘉 欣 ）"))
    dateline = page.articles[0].dateline
    assert dateline is not None and dateline.raw == "本報訊（文·圖 葉明遠 關嘉欣）"
    assert page.articles[0].byline is not None
    assert page.articles[0].byline.photographers == ["葉明遠", "關嘉欣"]
    assert page.articles[0].blocks[0].text.startswith("市交通局")


# An old want (staff wanted) after a story, headed by what it is and then whom it wants,
# `招請學徒`, as old notices of wants and losses are (`遺失支票`); an OCR dump with blank
# lines around the heads.
WANT_AFTER_A_STORY = """\
城北新闢公園開放

　　城北新闢之公園、佔地百餘畝、園內遍植花木、
並設有茶座及兒童遊戲場、已於昨日開放、遊人
甚衆云、

招請學徒

　　本號因業務擴充、擬招請學徒四名、年在十五
歲以上、略識文字者爲合格、有意者請來號面洽、
"""


def test_a_want_headed_by_zhaoqing_and_whom_it_wants_is_a_notice() -> None:
    page = parse(WANT_AFTER_A_STORY, conventions="republican")
    assert [(a.title, a.kind) for a in page.articles] == [("城北新闢公園開放", "article"), ("招請學徒", "notice")]


def test_a_want_head_run_on_after_a_sentence_end_is_the_notices_head() -> None:
    # pdftotext runs the lines on: the head stands alone after a clause end, over text
    text = WANT_AFTER_A_STORY.replace("\n\n", "\n")
    page = parse(text, conventions="republican")
    assert [(a.title, a.kind) for a in page.articles] == [("城北新闢公園開放", "article"), ("招請學徒", "notice")]


# An old notice (under an ad, its head set right to left) signed on two lines, the shop's
# name and then the month and day, right over the next item's headline and its byline.
SIGNED_ON_TWO_LINES = """\
飛燕牌自行車
歡　迎　惠　顧
送貨上門
電話五五六二〇

事啓考招
因業務擴充、協記五金號現擬招考學徒若干名。
一、年齡、十五歲以上、略識文字者、
　　二、報名地點、中山路四十號、聯繫人、某君。
協記五金號
三月五日

城北新闢公園開放

特約記者 某某

    （某地通訊）城北新闢之公園、佔地百餘畝、園內遍植花木、並設
有茶座及兒童遊戲場、已於昨日開放、遊人甚衆云、
"""


def test_a_signature_and_its_date_on_two_lines_close_the_notice_and_are_no_decks() -> None:
    page = parse(SIGNED_ON_TWO_LINES, conventions="republican")
    _ad, notice, story = page.articles
    assert notice.kind == "notice" and {10, 11} <= notice.line_numbers()
    assert story.title == "城北新闢公園開放"


# OCR of a short item led by a bullet and its run-in title, set in a narrow column, then a
# photo's caption in its own measure and the photo's credit.
BULLETED_ITEM_OVER_A_CAPTION = """\
■山間小站迎來新列車\u3000
清晨六點，薄霧還沒散
去，一列新型列車緩緩
駛入山間小站，站臺上
的村民紛紛拿出手機拍
照留念。

5月3日，新型列車停靠在山間小站的站臺。

中新社記者
某某 攝
"""


def test_a_bulleted_item_before_a_caption_is_no_caption() -> None:
    page = parse(BULLETED_ITEM_OVER_A_CAPTION)
    assert [a.kind for a in page.articles] == ["article", "photo"]
    assert page.articles[1].blocks[0].text.startswith("5月3日")


def test_a_short_wire_dateline_in_brackets_is_no_pen_name() -> None:
    # `（某地四日電）`: five characters in brackets, as a pen name is, but a dateline
    text = DISPATCHES_RUN_ON.replace("（漢口四日中央社電）", "（漢口四日電）")
    page = parse(text, conventions="republican")
    story = page.articles[1]
    assert story.dateline is not None and story.dateline.raw == "（漢口四日電）"
    assert story.byline is None


# A notice at the page's foot: its signature, its date set in under it, then the running
# foot.
NOTICE_AT_THE_FOOT = """\
市民公園週末舉辦花展

　　市民公園將於本週末舉辦春季花展，展出各類花卉三百餘種，市民可免費入園參觀。
　　園方表示，花展期間將延長開放時間至晚上九時。

遷址啟事
　　本公司定於下月一日起遷至中山路四十號辦公，業務照常。
特此啟事。
某某貿易有限公司
　　　　　2024年3月5日

版式設計 某某  電話 (02)1234-5678
"""


def test_a_date_set_in_under_a_signature_at_the_foot_is_the_notices_not_the_running_foots() -> None:
    page = parse(NOTICE_AT_THE_FOOT, conventions="hktw")
    notice = page.articles[-1]
    assert notice.kind == "notice"
    assert {9, 10} <= notice.line_numbers()
