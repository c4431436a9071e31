"""Interface labels: Chinese by default, English where the browser prefers it.

The language is chosen per request from Accept-Language: the first of zh and en by
the browser's own weights; anything else (or no header) gives Chinese, the language
of the pages themselves.
"""

from __future__ import annotations

from typing import Final

LABELS: Final[dict[str, dict[str, str]]] = {
    "zh": {
        "brand": "版面",
        "search": "搜索",
        "search_placeholder": "搜索全文",
        "query_help": "江城  \"海水 淡化\"  茶 -咖啡  甲 OR 乙",
        "browse": "浏览报纸",
        "papers": "报纸",
        "issues": "各期",
        "issue_pages": "版面目录",
        "page_n": "第{n}版",
        "page_unnumbered": "版面 {n}",
        "previous_page": "上一版",
        "next_page": "下一版",
        "unknown_paper": "未注明报纸",
        "unknown_date": "日期不详",
        "n_issues": "{n} 期",
        "n_pages": "{n} 版",
        "n_articles": "共 {n} 篇文章",
        "paper": "报纸",
        "from": "起",
        "to": "止",
        "kind": "类型",
        "agency": "通讯社",
        "any": "不限",
        "untitled": "（无题）",
        "on_the_page": "在版面上看",
        "read_article": "阅读全文",
        "continued_to": "（下转第{n}版）",
        "continued_from": "（上接第{n}版）",
        "continuation": "续：第{n}版",
        "source_text": "原文",
        "rebuilt": "重建的文章",
        "no_articles": "本版没有重建出文章。",
        "facsimile": "版面图",
        "choose_zone": "点击版面上的文章区域即可阅读。",
        "articles_here": "本版文章",
        "previous_results": "← 上一页",
        "next_results": "下一页 →",
        "reporters": "记者",
        "photographers": "摄影",
        "empty_archive": "档案里还没有版面：先用 banmian ingest 导入。",
        "close": "关闭",
        "whole_article": "全文（含续版）",
    },
    "en": {
        "brand": "banmian",
        "search": "Search",
        "search_placeholder": "Search the full text",
        "query_help": "江城  \"海水 淡化\"  茶 -咖啡  A OR B",
        "browse": "Browse the papers",
        "papers": "Newspapers",
        "issues": "Issues",
        "issue_pages": "Pages of this issue",
        "page_n": "Page {n}",
        "page_unnumbered": "Page {n}",
        "previous_page": "Previous page",
        "next_page": "Next page",
        "unknown_paper": "Paper not named",
        "unknown_date": "Date unknown",
        "n_issues": "{n} issues",
        "n_pages": "{n} pages",
        "n_articles": "{n} articles",
        "paper": "Paper",
        "from": "From",
        "to": "To",
        "kind": "Kind",
        "agency": "Agency",
        "any": "any",
        "untitled": "(untitled)",
        "on_the_page": "See it on the page",
        "read_article": "Read the article",
        "continued_to": "(continued on page {n})",
        "continued_from": "(continued from page {n})",
        "continuation": "Continued on page {n}",
        "source_text": "Source text",
        "rebuilt": "Rebuilt articles",
        "no_articles": "No articles were rebuilt from this page.",
        "facsimile": "The page",
        "choose_zone": "Click an article on the page to read it.",
        "articles_here": "Articles on this page",
        "previous_results": "← previous",
        "next_results": "next →",
        "reporters": "Reporters",
        "photographers": "Photos",
        "empty_archive": "The archive holds no pages yet: add some with banmian ingest.",
        "close": "Close",
        "whole_article": "The whole article (with its continuation)",
    },
}
LANGUAGES: Final = ("zh", "en")
# Block types as a Chinese editor names them (English keeps the schema's own names).
BLOCK_TYPES_ZH: Final[dict[str, str]] = {
    "title": "标题",
    "kicker": "引题",
    "subtitle": "副题",
    "subhead": "小标题",
    "paragraph": "段落",
    "caption": "图片说明",
    "credit": "来源",
    "byline": "署名",
    "dateline": "电头",
    "jump": "转版",
    "list-item": "条目",
    "note": "附注",
}


def choose_language(accept_language: str | None) -> str:
    """zh or en, whichever the Accept-Language header weighs higher (zh when neither)."""
    best, best_weight = "zh", 0.0
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                weight = float(params[2:])
            except ValueError:
                weight = 0.0
        language = tag.strip().lower().split("-")[0]
        # Equal weights: the earlier one in the header wins.
        weight -= position * 1e-6
        if language in LANGUAGES and weight > best_weight:
            best, best_weight = language, weight
    return best


class Labels:
    """The labels of one language, for templates: `t.search`, `t.fmt("page_n", n=2)`."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._labels = LABELS[language]

    def __getattr__(self, name: str) -> str:
        try:
            return self._labels[name]
        except KeyError:
            raise AttributeError(name) from None

    def fmt(self, name: str, **values: object) -> str:
        return self._labels[name].format(**values)

    def block(self, block_type: str) -> str:
        """A block type's name in this language."""
        return BLOCK_TYPES_ZH.get(block_type, block_type) if self.language == "zh" else block_type
