"""Pages in old punctuation (issue 11): `、` at every pause, on invented pages."""

from __future__ import annotations

from banmian import parse_text
from banmian.model import Page
from conftest import assert_nothing_lost


def parse(text: str, conventions: str | None = None) -> Page:
    page = parse_text(text, conventions=conventions)
    assert_nothing_lost(page, text)
    return page


def test_a_block_of_two_lines_full_of_clause_marks_is_text_not_a_heading() -> None:
    # a column break leaves two lines of a paragraph set apart by blank lines
    text = (
        "湖上新航線開通\n\n"
        "本報訊、湖上新開一條航線、每日往返兩次、沿途停靠五個\n"
        "碼頭、方便兩岸居民出行、票價亦甚低廉、乘客稱便不已、\n"
        "船公司又擬添置新船兩艘、以應來往客商之需、\n\n"
        "據航運公司稱、新船可載客百人、船上設有\n"
        "茶座、又備救生器具、以策安全、此後每逢\n\n"
        "節日、將加開班次、以便遊客、\n\n"
        "城南新建市場落成\n\n"
        "本報訊、城南新建之市場、日前落成、攤位二百餘個、魚肉\n"
        "菜蔬、一應俱全、附近居民稱便、每日清晨即有人往購、\n"
    )
    page = parse(text, conventions="republican")
    assert [a.title for a in page.articles] == ["湖上新航線開通", "城南新建市場落成"]
    assert "據航運公司稱" in page.articles[0].blocks[-1].text


def test_a_block_of_lines_with_a_clause_mark_each_is_text_not_a_heading() -> None:
    text = (
        "湖上新航線開通\n\n"
        "本報訊、湖上新開一條航線、每日往返兩次、沿途停靠五個\n"
        "碼頭、方便兩岸居民出行、票價亦甚低廉、乘客稱便不已、\n\n"
        "船公司又擬添置新船兩艘\n"
        "以應來往客商之需、此後\n"
        "每逢節日、將加開班次\n"
        "以便遊客、藉廣招徠\n\n"
        "城南新建市場落成\n\n"
        "本報訊、城南新建之市場、日前落成、攤位二百餘個、魚肉\n"
        "菜蔬、一應俱全、附近居民稱便、每日清晨即有人往購、\n"
    )
    page = parse(text, conventions="republican")
    assert [a.title for a in page.articles] == ["湖上新航線開通", "城南新建市場落成"]
    assert page.articles[0].blocks[-1].text.startswith("船公司又擬添置新船兩艘")


def test_a_family_counts_a_word_it_shares_with_its_base_once() -> None:
    from banmian.conventions import load_conventions

    for name in ("hktw", "republican"):
        words = load_conventions(name).ad_words
        assert len(words) == len(set(words))


def test_a_headline_with_one_ad_word_is_no_ad() -> None:
    # `元` is a word of ads (prices) that both families list; one of them is no ad
    text = (
        "城南各處、自上月大雨以來、河堤潰決多處、田廬\n"
        "盡成澤國、據賑務委員會調查、災民已逾萬人、\n\n"
        "該會昨日召集各界代表會議、議決先撥急賑款五萬\n"
        "元、分發各處散放、一面勸募寒衣、運往災區、\n\n"
        "城南水災待賑\n"
        "災民逾萬流離失所\n"
        "賑委會先撥急賑五萬元\n"
    )
    page = parse(text, conventions="republican")
    assert [a.kind for a in page.articles] == ["article"]
    assert page.articles[0].title == "城南水災待賑 災民逾萬流離失所 賑委會先撥急賑五萬元".replace(" ", "")


def test_a_subhead_is_measured_against_its_own_story_not_the_next() -> None:
    # a page that prints titles after their stories: the subhead's story is set narrower
    # than the story after its title
    text = (
        "時届夏令、疫癘易生、衛生局以防患\n"
        "未然、特於日前召集各醫院負責人、\n"
        "會商防疫辦法、議決在各區設立臨時\n"
        "注射處、免費爲市民注射防疫針、\n\n"
        "檢查菜場飲食店\n\n"
        "該局並將派員分赴各菜場、飲食店、\n"
        "檢查衛生、凡有不潔食物、一律禁止\n"
        "出售、又印就防疫淺說、分送各戶、\n\n"
        "衛生局籌備夏令防疫\n\n"
        "又聞英法兩國、已互換意見、對於時局之演變、決採一致步驟云、\n\n"
        "另據外交界人士觀察、各方雖均表示願以和平方法解決爭端、惟雙方\n"
        "主張相距甚遠、一時恐難有妥協之望、\n\n"
        "歐洲局勢緊張\n"
    )
    page = parse(text, conventions="republican")
    assert [a.title for a in page.articles] == ["衛生局籌備夏令防疫", "歐洲局勢緊張"]
    assert [b.type for b in page.articles[0].blocks] == ["paragraph", "subhead", "paragraph"]


def test_a_first_line_a_character_short_after_a_stop_starts_a_paragraph() -> None:
    # a transcription that drops indents: the first line keeps the indent's empty cell
    text = (
        "養生小談\n"
        "（某丙）\n"
        "近來天氣漸暖、一般\n"
        "人都喜歡到郊外走走\n"
        "、這原是很好的事。\n"
        "不過出門的時候我\n"
        "們、衣服不可減得太\n"
        "快、以免受了風寒\n"
        "、反而得不償失。\n"
    )
    page = parse(text, conventions="republican")
    assert [b.text[:4] for b in page.articles[0].blocks if b.type == "paragraph"] == ["近來天氣", "不過出門"]


def test_a_deck_over_a_first_line_that_keeps_its_indent_cell() -> None:
    # decks as wide as the text, the text's first line a character short of the full
    # lines under it (a transcription without indents)
    text = (
        "杭嘉間航線\n"
        "下月可復航\n"
        "路局正在籌備中\n"
        "關於杭嘉航線恢\n"
        "復事、經各方之請\n"
        "求、當局正在考慮\n"
        "之中、不日可望解\n"
        "决、\n"
    )
    page = parse(text, conventions="republican")
    assert page.articles[0].title == "杭嘉間航線下月可復航路局正在籌備中"
    assert page.articles[0].blocks[0].text.startswith("關於杭嘉")
